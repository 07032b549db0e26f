package dev.repotune.pipeline.cli;

import dev.repotune.extractors.exec.Baseline;
import dev.repotune.extractors.exec.BuildTool;
import dev.repotune.extractors.exec.BuiltCopy;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.RepotuneOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --exec}: the repository's own build and tests judge the data (opt-in, since it runs the
 * repository's code). The driver builds each repository once at its commit and records which tests pass,
 * before the job, so a repository that does not build is one warning with the build's last lines and a run
 * without execution for it, never a crash; the job's steps find the built copy in the cache.
 */
final class ExecMixin {
  @Recorded
  @Option(
      names = "--exec",
      description = "Run the repository's own build and tests (this runs its code, in child processes with a temporary HOME and no secrets): fix-bug rows, preference pairs and RL tasks from mutants, SWE-bench-style instances from history.")
  boolean exec;

  @Recorded
  @Option(
      names = "--max-mutants",
      description = "With --exec: most mutants compiled and tested per repository (default: ${DEFAULT-VALUE}).",
      defaultValue = "200")
  int maxMutants;

  @Recorded
  @Option(
      names = "--max-instances",
      description = "With --exec: most history commits replayed as SWE-bench-style instances per repository, newest first (default: ${DEFAULT-VALUE}).",
      defaultValue = "20")
  int maxInstances;

  @Recorded
  @Option(
      names = "--exec-timeout",
      description = "With --exec: seconds one test run may take before its processes are killed (default: ${DEFAULT-VALUE}; a build gets 10 minutes).",
      defaultValue = "120")
  int timeoutSeconds;

  private final List<String> built = new ArrayList<>();

  void validate() {
    Usage.check(maxMutants >= 0 && maxMutants <= 1_000_000, "--max-mutants must be between 0 and 1000000, got " + maxMutants);
    Usage.check(maxInstances >= 0 && maxInstances <= 100_000,
        "--max-instances must be between 0 and 100000, got " + maxInstances);
    Usage.check(timeoutSeconds >= 1 && timeoutSeconds <= 86_400,
        "--exec-timeout must be between 1 and 86400 seconds, got " + timeoutSeconds);
  }


  /**
   * Builds each repository at its (snapshot) commit into the execution cache and says what it found; a
   * repository without a Maven build, or whose build fails, is a warning and gets no execution rows.
   */
  void prepare(List<ResolvedRepository> repos, Path cache, PrintWriter err) {
    built.clear();
    if (!exec) {
      return;
    }
    Path execCache = cache.resolve("exec");
    for (ResolvedRepository r : repos) {
      String at = r.commit().substring(0, 12);
      Path dir = BuiltCopy.folder(execCache, r.name(), r.commit());
      BuildTool tool = buildTool(r);
      if (tool != BuildTool.MAVEN) {
        err.printf("repotune: warning: %s: %s; no execution rows for it (--exec runs Maven builds)%n", r.name(),
            tool == BuildTool.GRADLE ? "it builds with Gradle" : "no pom.xml or build.gradle at its root");
        continue;
      }
      err.printf("repotune: %s: building at %s with Maven and running its tests twice (--exec)...%n", r.name(), at);
      err.flush();
      long t0 = System.nanoTime();
      BuiltCopy.State s = BuiltCopy.ensure(dir, r.gitDir(), r.commit(), BuiltCopy.Settings.standard(Duration.ofSeconds(timeoutSeconds)));
      long secs = (System.nanoTime() - t0) / 1_000_000_000L;
      if (!s.ok()) {
        err.printf("repotune: warning: %s does not build at %s; no execution rows for it. The build's last lines:%n",
            r.name(), at);
        String prefix = s.workCopy().toAbsolutePath() + java.io.File.separator;
        for (String line : s.build().errorLines()) {
          err.println("  " + line.replace(prefix, "")); // paths as in the repository, not in repotune's cache
        }
        continue;
      }
      Baseline b = s.baseline();
      err.printf("repotune: %s: %s; %,d of %,d tests pass twice at %s (%,d flaky, %,d failing, %,d skipped left out)%s%n",
          r.name(), s.reused() ? "built copy reused from the cache" : "built and tested in " + secs + " s",
          b.passing().size(), b.testsFound(), at, b.flaky().size(), b.failing().size(), b.skipped(),
          b.timedOut() ? "; the test run hit its time limit" : "");
      built.add(r.name());
    }
  }

  /** The build tool of the commit's tree, read without writing a work copy. */
  private static BuildTool buildTool(ResolvedRepository r) {
    return BuiltCopy.buildTool(r.gitDir(), r.commit());
  }

  void applyTo(RepotuneOptions o) {
    o.setExec(exec);
    o.setMaxMutants(maxMutants);
    o.setMaxInstances(maxInstances);
    o.setExecTimeoutSeconds(timeoutSeconds);
    o.setExecRepos(List.copyOf(built));
  }
}
