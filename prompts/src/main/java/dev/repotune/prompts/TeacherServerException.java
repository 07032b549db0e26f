package dev.repotune.prompts;

/** HTTP 5xx, a reset or refused connection: the server's trouble, often passing, so retried. */
public final class TeacherServerException extends TeacherException {
  private static final long serialVersionUID = 1L;

  public TeacherServerException(String message) {
    super(message);
  }

  public TeacherServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
