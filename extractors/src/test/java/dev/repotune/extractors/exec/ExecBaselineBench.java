package dev.repotune.extractors.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * bench/exec-baseline.sh's driver: checks a bare repository out at a revision, builds it, runs its baseline
 * and prints the figures. Not a test: a main under test sources so it needs no packaging.
 * Usage: ExecBaselineBench GIT_DIR [REV] [WORK_FOLDER] [ONLINE_LOCAL_REPO]; with the fourth argument Maven
 * runs online against that private local repository (this machine's ~/.m2 lacks jsoup's plugins, and the
 * shared ~/.m2 must not be written).
 */
public final class ExecBaselineBench {
  private ExecBaselineBench() {}

  public static void main(String[] args) throws Exception {
    Path gitDir = Path.of(args[0]);
    String rev = args.length > 1 ? args[1] : "HEAD";
    Path work = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("exec-baseline-");
    long t0 = System.nanoTime();
    Path copy = WorkCopy.checkout(gitDir, rev, work.resolve("work"));
    double checkout = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "build tool: %s; checkout %.1f s%n", BuildTool.detect(copy), checkout);
    MavenBuild maven = args.length > 3 ? new MavenBuild(false, Path.of(args[3])) : new MavenBuild();
    BuildResult build = maven.build(copy, Limits.defaults());
    System.out.printf(Locale.ROOT, "build seconds: %.1f (%s, %s)%n", build.millis() / 1000.0,
        build.ok() ? "ok" : "FAILED", args.length > 3 ? "online, local repository " + args[3] : "offline");
    if (!build.ok()) {
      System.out.println(build.errorText());
      System.exit(1);
    }
    System.out.println("test classpath entries: " + build.testClasspath().size());
    String platform = TestRun.platformVersion(build.testClasspath()).orElse(TestRun.LAUNCHER_VERSION);
    Path repo = args.length > 3 ? Path.of(args[3]) : MavenBuild.defaultLocalRepository();
    System.out.println("JUnit Platform of the project: " + platform);
    TestRun run = TestRun.forBuild(copy, build, Limits.defaults(), repo);
    Baseline b = Baseline.of(run);
    System.out.println("tests found: " + b.testsFound());
    System.out.println("passing: " + b.passing().size());
    System.out.println("flaky: " + b.flaky().size() + (b.flaky().isEmpty() ? "" : " " + b.flaky()));
    System.out.println("failing: " + b.failing().size() + (b.failing().isEmpty() ? "" : " " + b.failing()));
    System.out.println("skipped: " + b.skipped());
    System.out.printf(Locale.ROOT, "test-run seconds: %.1f and %.1f%s%n", b.firstRunMillis() / 1000.0,
        b.secondRunMillis() / 1000.0, b.timedOut() ? " (a run timed out)" : "");
  }
}
