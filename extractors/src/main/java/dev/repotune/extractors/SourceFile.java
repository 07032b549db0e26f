package dev.repotune.extractors;

import java.io.Serializable;
import java.util.Objects;

/**
 * One file of a repository at one commit. {@code language} is a short lower-case name ("java",
 * "markdown", "xml", "properties", "text", ...) chosen from the path; {@code blobSha} is git's object
 * id, so extraction can be cached by content.
 */
public record SourceFile(
    String repo, String commit, String path, String language, String blobSha, String text)
    implements Serializable {
  public SourceFile {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(blobSha, "blobSha");
    Objects.requireNonNull(text, "text");
  }
}
