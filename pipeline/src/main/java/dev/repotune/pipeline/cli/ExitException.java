package dev.repotune.pipeline.cli;

/**
 * Thrown from anywhere below a command to end it with a named exit code and one line for the user
 * (what was wrong, what to do). The handler prints the line; the stack trace only under --verbose.
 */
public final class ExitException extends RuntimeException {
  private final int code;

  public ExitException(int code, String oneLine) {
    super(oneLine);
    this.code = code;
  }

  public ExitException(int code, String oneLine, Throwable cause) {
    super(oneLine, cause);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
