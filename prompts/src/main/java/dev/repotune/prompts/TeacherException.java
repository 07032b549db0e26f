package dev.repotune.prompts;

/**
 * A teacher call that did not give a usable reply. The subclasses say what went wrong, and so whether
 * trying again can help: quota, timeout and server errors can; a refused key or a bad reply cannot.
 */
public class TeacherException extends Exception {
  private static final long serialVersionUID = 1L;

  public TeacherException(String message) {
    super(message);
  }

  public TeacherException(String message, Throwable cause) {
    super(message, cause);
  }
}
