package dev.repotune.samples;

import java.io.Serializable;
import java.util.List;

/**
 * One repository-level document: files in dependency order, packed up to the context size and wrapped in
 * the profile's repository format. {@code paths} in the order they appear; {@code fimPath} the file that
 * carries the document's FIM example, or "" when it has none.
 */
public record RepoDocument(String id, String text, Meta meta) implements Serializable {

  public record Meta(
      String repo, String commit, List<String> paths, String fimPath, String profile, int tokens, String split)
      implements Serializable {
    public Meta {
      paths = List.copyOf(paths);
    }
  }
}
