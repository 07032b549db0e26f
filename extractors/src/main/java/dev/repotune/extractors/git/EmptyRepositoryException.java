package dev.repotune.extractors.git;

import dev.repotune.extractors.ExtractionException;

/** The repository exists but has no commits, so there is nothing to read. */
public class EmptyRepositoryException extends ExtractionException {
  private static final long serialVersionUID = 1L;

  public EmptyRepositoryException(String message) {
    super(message);
  }

  public EmptyRepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
