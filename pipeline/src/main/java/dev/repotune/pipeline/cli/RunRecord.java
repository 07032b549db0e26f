package dev.repotune.pipeline.cli;

import dev.repotune.extractors.git.RepositoryReader;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * What a dataset records about the run that made it, read off picocli's parse of {@code generate}: the
 * manifest's {@code config} (every {@link Recorded} option's value, given or default) and the command
 * line (the recorded options the user gave), both in the order the options are declared. No value that
 * could hold a credential is recorded with it.
 */
final class RunRecord {
  /** Words the shell takes as they are; any other is single-quoted. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

  private RunRecord() {}

  /** The settings that decide the data, keyed by option name ({@code --test-fraction}: test_fraction). */
  static Map<String, Object> config(ParseResult parse, boolean llm) {
    Map<String, Object> c = new LinkedHashMap<>();
    for (OptionSpec o : parse.commandSpec().options()) {
      Recorded r = recorded(o);
      if (r != null && r.config() && r.teacher().records(llm)) {
        Object v = o.getValue();
        c.put(o.longestName().substring(2).replace('-', '_'), v instanceof String s ? RepositoryReader.redactUrl(s) : v);
      }
    }
    return c;
  }

  /**
   * The command as a user would retype it: the repositories (without Beam's options after {@code --}),
   * then the recorded options given; with {@code resume} also the folders, so that the same command
   * picks up an interrupted run's cache.
   */
  static String commandLine(ParseResult parse, boolean llm, boolean resume) {
    StringBuilder b = new StringBuilder(parse.commandSpec().qualifiedName());
    parse.commandSpec().positionalParameters().stream()
        .filter(p -> recorded(p) != null)
        .flatMap(p -> p.<List<String>>getValue().stream())
        .filter(source -> !source.startsWith("-"))
        .forEach(source -> b.append(' ').append(word(source)));
    List<OptionSpec> folders = new ArrayList<>();
    for (OptionSpec o : parse.commandSpec().options()) {
      Recorded r = recorded(o);
      if (r == null || !r.teacher().records(llm)) {
        continue;
      }
      switch (r.shown()) {
        case ALWAYS -> append(b, o);
        case GIVEN -> {
          if (parse.hasMatchedOption(o)) {
            append(b, o);
          }
        }
        case RESUME -> {
          if (resume && parse.hasMatchedOption(o)) {
            folders.add(o);
          }
        }
        case NEVER -> {}
      }
    }
    folders.forEach(o -> append(b, o)); // last: the resume line is the record plus where it was written
    return b.toString();
  }

  private static void append(StringBuilder b, OptionSpec o) {
    String name = " " + o.longestName();
    Object v = o.getValue();
    if (v instanceof Boolean on) {
      b.append(on ? name : "");
    } else if (v instanceof Collection<?> values && !o.splitRegex().isEmpty()) {
      b.append(name).append(' ').append(word(values.stream().map(String::valueOf).collect(Collectors.joining(","))));
    } else if (v instanceof Collection<?> values) {
      values.forEach(each -> b.append(name).append(' ').append(word(each)));
    } else {
      b.append(name).append(' ').append(word(v));
    }
  }

  /** A value without credentials, quoted for the shell when it has to be. */
  static String word(Object value) {
    String s = RepositoryReader.redactUrl(String.valueOf(value));
    return PLAIN.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  private static Recorded recorded(ArgSpec arg) {
    return arg.userObject() instanceof Field f ? f.getAnnotation(Recorded.class) : null;
  }
}
