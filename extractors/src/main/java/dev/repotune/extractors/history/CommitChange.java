package dev.repotune.extractors.history;

import java.io.Serializable;
import java.util.List;

/**
 * A commit and the files it changes against its first parent, renames detected. {@code overCap} names
 * the cap the change exceeds ({@code too_many_files}, {@code diff_too_large}), or is null; a change over
 * a cap holds no files (its texts were never read).
 */
public record CommitChange(CommitInfo commit, List<FileChange> files, String overCap) implements Serializable {
  public CommitChange {
    files = List.copyOf(files);
  }
}
