package dev.repotune.extractors.exec;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Tries one changed source file against a successful build without rebuilding it: the file alone is
 * compiled in-process against the build's classes, and the chosen tests run with the new classes first on
 * the class path. The work copy is never written, so trials of one build can run side by side.
 */
public final class SourceTrial {
  /** How many javac error lines an outcome keeps: the first ones say what went wrong. */
  static final int COMPILE_ERROR_LINES = 5;

  /** A failing test decides before a timeout: a test that failed before the run was cut still judged the change. */
  public enum Verdict {
    DOES_NOT_COMPILE,
    FAILS_TESTS,
    PASSES,
    TIMED_OUT
  }

  /**
   * One trial. FAILS_TESTS also when a selected test did not run at all (its class failed to load, say): a
   * test that should have judged the change and did not is no pass.
   */
  public record Outcome(Verdict verdict, List<String> compileErrors, List<TestOutcome> tests, long millis) {
    public Outcome {
      compileErrors = List.copyOf(compileErrors);
      tests = List.copyOf(tests);
    }

    /**
     * The failure that says most about the change: an assertion's (FAILED) before an exception's
     * (ERRORED), and the launcher's own "TestEngine ... encountered a critical issue" (a class that failed to
     * load, which names no expectation) last.
     */
    public Optional<TestOutcome> firstFailure() {
      return tests.stream().filter(t -> isFailure(t.status()))
          .min(java.util.Comparator.comparingInt(Outcome::rank));
    }

    private static int rank(TestOutcome t) {
      if (isEngineIssue(t.message())) {
        return 2;
      }
      return t.status() == TestOutcome.Status.FAILED ? 0 : 1;
    }

    /** The launcher's line for a test engine that could not discover or run a class, not a test's own message. */
    public static boolean isEngineIssue(String message) {
      return message.startsWith("TestEngine with ID");
    }
  }

  private final Path workCopy;
  private final BuildResult build;
  private final TestRun run;
  private final JavaCompiler compiler;

  public SourceTrial(Path workCopy, BuildResult build, TestRun run) {
    if (!build.ok()) {
      throw new IllegalArgumentException("the build failed: " + build.errorText());
    }
    this.workCopy = workCopy.toAbsolutePath().normalize();
    this.build = build;
    this.run = run;
    this.compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("no Java compiler in this JVM (" + System.getProperty("java.home")
          + "): a JDK is needed to try changed sources");
    }
  }

  /**
   * Compiles {@code newFileText} as the file at {@code relativePath} (a work-copy path such as
   * {@code src/main/java/fx/Calc.java}) and runs {@code testSelectors} ({@code pkg.Class#method}, at least
   * one) against it.
   */
  public Outcome run(String relativePath, String newFileText, List<String> testSelectors, Limits limits) {
    if (testSelectors.isEmpty()) {
      throw new IllegalArgumentException("no tests to judge " + relativePath + " by");
    }
    return trial(relativePath, newFileText, testSelectors, limits);
  }

  /**
   * Only compiles {@code newFileText} as the file at {@code relativePath}: PASSES when it compiles. For code
   * no test reaches (an answer about a method without linked tests), compiling is all there is to check.
   */
  public Outcome compileOnly(String relativePath, String newFileText) {
    return trial(relativePath, newFileText, List.of(), null);
  }

  private Outcome trial(String relativePath, String newFileText, List<String> testSelectors, Limits limits) {
    long start = System.nanoTime();
    Path scratch;
    try {
      scratch = Files.createTempDirectory(workCopy.getParent(), "trial-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a trial folder beside " + workCopy, e);
    }
    try {
      Path source = scratch.resolve("src").resolve(relativePath).normalize();
      if (!source.startsWith(scratch.resolve("src"))) {
        throw new IllegalArgumentException("path leaves the work copy: " + relativePath);
      }
      Path classes = scratch.resolve("classes");
      Files.createDirectories(source.getParent());
      Files.createDirectories(classes);
      Files.writeString(source, newFileText, StandardCharsets.UTF_8);
      List<String> errors = compile(source, classes, relativePath);
      if (!errors.isEmpty()) {
        return new Outcome(Verdict.DOES_NOT_COMPILE, errors, List.of(), millisSince(start));
      }
      if (testSelectors.isEmpty()) {
        return new Outcome(Verdict.PASSES, List.of(), List.of(), millisSince(start));
      }
      TestRun.Result result = run.run(TestRun.Selection.methods(testSelectors), limits, List.of(classes));
      return new Outcome(verdict(result, testSelectors), List.of(), result.outcomes(), millisSince(start));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trial of " + relativePath + " in " + scratch, e);
    } finally {
      ChildProcess.deleteTree(scratch);
    }
  }

  /** The first javac errors as {@code path:line: error: message}; empty when it compiled. */
  private List<String> compile(Path source, Path classes, String relativePath) throws IOException {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String classpath = build.testClasspath().stream().map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator));
    List<String> options = List.of("-proc:none", "-encoding", "UTF-8", "-implicit:none", "-nowarn",
        "-d", classes.toString(), "-cp", classpath);
    boolean ok;
    // A file manager per call: they are not safe to share between threads; the compiler itself is.
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      Writer quiet = Writer.nullWriter();
      ok = compiler.getTask(quiet, files, diagnostics, options, null, files.getJavaFileObjects(source.toFile()))
          .call();
    }
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR && errors.size() < COMPILE_ERROR_LINES) {
        String message = d.getMessage(Locale.ROOT);
        int nl = message.indexOf('\n');
        String where = d.getLineNumber() == Diagnostic.NOPOS ? "" : ":" + d.getLineNumber();
        errors.add(relativePath + where + ": error: " + (nl >= 0 ? message.substring(0, nl) : message));
      }
    }
    if (!ok && errors.isEmpty()) {
      errors.add(relativePath + ": javac failed without an error message");
    }
    return errors;
  }

  private static Verdict verdict(TestRun.Result result, List<String> selectors) {
    if (result.outcomes().stream().anyMatch(t -> isFailure(t.status()))) {
      return Verdict.FAILS_TESTS;
    }
    if (result.process().timedOut()) {
      return Verdict.TIMED_OUT;
    }
    Set<String> ran = new HashSet<>();
    result.outcomes().forEach(t -> ran.add(t.selector()));
    return ran.containsAll(selectors) ? Verdict.PASSES : Verdict.FAILS_TESTS;
  }

  private static boolean isFailure(TestOutcome.Status s) {
    return s == TestOutcome.Status.FAILED || s == TestOutcome.Status.ERRORED;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
