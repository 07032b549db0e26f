package dev.repotune.extractors.git;

import dev.repotune.extractors.ExtractionException;

/** The requested branch, tag or commit does not resolve to a commit in the repository. */
public class RefNotFoundException extends ExtractionException {
  private static final long serialVersionUID = 1L;

  public RefNotFoundException(String message) {
    super(message);
  }

  public RefNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
