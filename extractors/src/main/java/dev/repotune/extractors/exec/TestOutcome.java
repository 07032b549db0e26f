package dev.repotune.extractors.exec;

/**
 * One test's result in one run. {@code testName} is the report's name ({@code passes()} for JUnit 5,
 * {@code passes} for JUnit 4, {@code add(int)[2]} for one case of a parameterized test); {@code methodName}
 * is the Java method it runs. {@code message} is the failure's first line, empty when it passed.
 */
public record TestOutcome(String className, String methodName, String testName, Status status, String message) {
  public enum Status {
    PASSED,
    FAILED,
    ERRORED,
    SKIPPED
  }

  public TestOutcome {
    message = message == null ? "" : message;
  }

  /** Names one test case across runs: two cases of one parameterized method stay apart. */
  public String key() {
    return className + "#" + testName;
  }

  /** The console launcher's {@code --select-method} argument for this test's method. */
  public String selector() {
    return className + "#" + methodName;
  }
}
