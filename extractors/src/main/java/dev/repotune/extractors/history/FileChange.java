package dev.repotune.extractors.history;

import java.io.Serializable;

/**
 * One file a commit changes, against its first parent. {@code type} is add, modify, delete, rename or
 * copy; {@code oldPath} is null for an add, {@code newPath} null for a delete. {@code before} and {@code
 * after} are the texts (null where the file is absent on that side, or {@code binary}); {@code diff} is
 * the unified diff of this file (git's format, 3 lines of context, headers {@code --- a/} and {@code +++
 * b/}; empty for a binary file). {@code added} and {@code removed} count its lines.
 */
public record FileChange(
    String type, String oldPath, String newPath, boolean binary, String before, String after, String diff,
    int added, int removed)
    implements Serializable {

  /** The path the change is known by: the new one, or the old one for a delete. */
  public String path() {
    return newPath != null ? newPath : oldPath;
  }
}
