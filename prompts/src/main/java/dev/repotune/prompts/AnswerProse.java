package dev.repotune.prompts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an offline answer states once the wording its variant drew (lead-ins, closing sentences, the
 * phrased locate sentence) is taken out: each line that is one of the kind's answer templates becomes the
 * values of its fact placeholders, in name order. Two answers that say the same thing in different
 * variants' words then compare equal ({@link TaskKind.Dedup#FACTS}). Code blocks are left as they are;
 * an answer that no template wrote (an LLM's) comes back unchanged.
 */
final class AnswerProse {
  /** Placeholders that name the subject the question already names, rather than state a fact. */
  static final Set<String> WORDING = Set.of("symbol", "name", "type", "kind", "repo");

  static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

  private record Template(Pattern pattern, List<String> names, int literalChars) {}

  /** Built once per class loader: the phrasing file does not change while a job runs. */
  private static final class Loaded {
    static final Map<TaskKind, List<Template>> BY_TASK = build(Phrasings.load());
  }

  private AnswerProse() {}

  static String facts(TaskKind task, String answer) {
    List<Template> templates = Loaded.BY_TASK.get(task);
    if (templates == null || answer == null) {
      return answer;
    }
    List<String> out = new ArrayList<>();
    boolean inFence = false;
    for (String line : answer.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        inFence = !inFence;
      }
      out.add(inFence || line.startsWith("```") ? line : factsOfLine(templates, line));
    }
    return String.join("\n", out).replaceAll("\n{3,}", "\n\n").strip();
  }

  private static String factsOfLine(List<Template> templates, String line) {
    for (Template t : templates) {
      Matcher m = t.pattern().matcher(line);
      if (m.matches()) {
        TreeMap<String, String> facts = new TreeMap<>();
        for (int g = 0; g < t.names().size(); g++) {
          if (!WORDING.contains(t.names().get(g))) {
            facts.put(t.names().get(g), m.group(g + 1));
          }
        }
        return String.join(" ", facts.values());
      }
    }
    return line;
  }

  /** Every answer group of every kind ({@code <task>[.<variant>].a}, {@code .where}) as line patterns. */
  private static Map<TaskKind, List<Template>> build(Phrasings phrasings) {
    Map<TaskKind, List<Template>> out = new TreeMap<>();
    for (TaskKind task : TaskKind.values()) {
      List<Template> templates = new ArrayList<>();
      for (String group : phrasings.groupNames()) {
        if (group.startsWith(task.wireName() + ".") && isAnswerGroup(group)) {
          phrasings.group(group).forEach(t -> templates.add(compile(t)));
        }
      }
      if (!templates.isEmpty()) {
        // The most specific first: a type's "in `{path}`{inPackage}." also matches a member's
        // "in `{type}` (`{path}`).", reading the type as the path.
        templates.sort(java.util.Comparator.comparingInt(Template::literalChars).reversed());
        out.put(task, List.copyOf(templates));
      }
    }
    return out;
  }

  static boolean isAnswerGroup(String group) {
    return group.endsWith(".a") || group.endsWith(".where");
  }

  private static Template compile(String template) {
    StringBuilder regex = new StringBuilder();
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    int literal = 0;
    while (m.find()) {
      String before = template.substring(at, m.start());
      boolean inCode = before.endsWith("`") && template.startsWith("`", m.end());
      regex.append(Pattern.quote(before)).append(inCode ? "([^`]*)" : "(.*?)");
      names.add(m.group(1));
      literal += before.length();
      at = m.end();
    }
    regex.append(Pattern.quote(template.substring(at)));
    literal += template.length() - at;
    return new Template(Pattern.compile(regex.toString()), List.copyOf(names), literal);
  }
}
