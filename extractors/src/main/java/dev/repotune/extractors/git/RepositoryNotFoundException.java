package dev.repotune.extractors.git;

import dev.repotune.extractors.ExtractionException;

/** The repository URL or path does not exist, is not a git repository, or needs credentials we do not have. */
public class RepositoryNotFoundException extends ExtractionException {
  private static final long serialVersionUID = 1L;

  public RepositoryNotFoundException(String message) {
    super(message);
  }

  public RepositoryNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
