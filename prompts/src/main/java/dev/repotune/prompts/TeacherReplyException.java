package dev.repotune.prompts;

/**
 * The server answered, but not with a chat completion we can read (a body that is not JSON, no choices,
 * an unexpected 4xx). Asking again would get the same, so it is not retried.
 */
public final class TeacherReplyException extends TeacherException {
  private static final long serialVersionUID = 1L;

  public TeacherReplyException(String message) {
    super(message);
  }

  public TeacherReplyException(String message, Throwable cause) {
    super(message, cause);
  }
}
