package dev.repotune.extractors.git;

import dev.repotune.extractors.ExtractionException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The reader's failures as one-line messages, shared by its commands. Each passes through
 * {@link GitSource#scrub}, so the credentials of a URL never reach a message.
 */
final class ReaderErrors {
  private ReaderErrors() {}

  static RepositoryNotFoundException notFound(GitSource source, String message) {
    return new RepositoryNotFoundException(source.scrub(message));
  }

  static RepositoryNotFoundException notFound(GitSource source, String message, Throwable cause) {
    return new RepositoryNotFoundException(source.scrub(message), cause);
  }

  static ExtractionException damaged(GitSource source, Path gitDir, IOException e) {
    return new ExtractionException(
        "cannot read " + gitDir + ": " + source.scrub(rootMessage(e))
            + " (a damaged cached clone can be deleted; the next run clones it again)",
        e);
  }

  static Throwable rootCause(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  static String rootMessage(Throwable e) {
    Throwable root = rootCause(e);
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getMessage();
    }
    return message == null ? root.getClass().getSimpleName() : message;
  }

  /** The root message cut to 200 characters: JGit's pack errors can quote whole paths and ids. */
  static String tipMessage(Throwable e) {
    String m = rootMessage(e);
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
