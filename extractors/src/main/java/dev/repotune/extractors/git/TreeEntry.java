package dev.repotune.extractors.git;

import java.io.Serializable;
import java.util.Objects;

/**
 * One file of the tree at the resolved commit, with the decision that needs only its path, mode and
 * size. {@code skipReason} is one of {@link SkipReason} or null when the file is kept; {@code size} is 0
 * for a submodule (its object is not in this repository).
 */
public record TreeEntry(String path, String blobSha, long size, String language, String skipReason)
    implements Serializable {
  public TreeEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(blobSha, "blobSha");
    Objects.requireNonNull(language, "language");
  }

  public boolean isKept() {
    return skipReason == null;
  }
}
