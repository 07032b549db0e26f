package dev.repotune.extractors;

/**
 * Checked base of everything this module reports as bad input (like JGit's {@code GitAPIException}):
 * callers catch one type and turn it into exit code 3. The message is always one line, because the CLI
 * prints it as is; line breaks in a message (JGit's often have some) are folded into spaces here.
 */
public class ExtractionException extends Exception {
  private static final long serialVersionUID = 1L;

  public ExtractionException(String message) {
    super(oneLine(message));
  }

  public ExtractionException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  private static String oneLine(String message) {
    return message == null ? null : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
