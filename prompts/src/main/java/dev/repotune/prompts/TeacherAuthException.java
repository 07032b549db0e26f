package dev.repotune.prompts;

/** HTTP 401 or 403: the key is missing or refused. Never retried; the CLI stops with exit code 4. */
public final class TeacherAuthException extends TeacherException {
  private static final long serialVersionUID = 1L;

  public TeacherAuthException(String message) {
    super(message);
  }
}
