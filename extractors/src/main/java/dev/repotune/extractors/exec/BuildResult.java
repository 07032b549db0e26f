package dev.repotune.extractors.exec;

import java.nio.file.Path;
import java.util.List;

/**
 * A work copy's build: on success the test classpath (test classes, main classes, dependency jars, in that
 * order); on failure the build's last error lines, so a run can warn once and go on without execution.
 */
public record BuildResult(boolean ok, List<Path> testClasspath, List<String> errorLines, long millis) {
  public BuildResult {
    testClasspath = List.copyOf(testClasspath);
    errorLines = List.copyOf(errorLines);
  }

  public static BuildResult built(List<Path> testClasspath, long millis) {
    return new BuildResult(true, testClasspath, List.of(), millis);
  }

  public static BuildResult failed(List<String> lastErrorLines, long millis) {
    return new BuildResult(false, List.of(), lastErrorLines, millis);
  }

  public static BuildResult failed(List<String> lastErrorLines) {
    return failed(lastErrorLines, 0);
  }

  public String errorText() {
    return String.join("\n", errorLines);
  }
}
