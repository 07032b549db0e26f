package dev.repotune.prompts;

/** No reply within the request timeout: the server may just be busy, so it is worth another try. */
public final class TeacherTimeoutException extends TeacherException {
  private static final long serialVersionUID = 1L;

  public TeacherTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
