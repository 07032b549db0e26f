package dev.repotune.extractors.git;

import dev.repotune.extractors.SourceFile;
import java.io.Serializable;
import java.util.Objects;

/**
 * What {@link RepositoryReader#load} made of one file: either {@code file} (kept) or {@code skipReason}
 * (one of {@link SkipReason}), never both, so a skipped file is counted rather than lost.
 */
public record FileOutcome(SourceFile file, String path, String skipReason) implements Serializable {
  public FileOutcome {
    Objects.requireNonNull(path, "path");
    if ((file == null) == (skipReason == null)) {
      throw new IllegalArgumentException("exactly one of file and skipReason must be set: " + path);
    }
  }

  public static FileOutcome kept(SourceFile file) {
    return new FileOutcome(file, file.path(), null);
  }

  public static FileOutcome skipped(String path, String skipReason) {
    return new FileOutcome(null, path, Objects.requireNonNull(skipReason, "skipReason"));
  }

  public boolean isKept() {
    return file != null;
  }
}
