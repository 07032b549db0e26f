package dev.repotune.extractors.git;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A repository pinned to one commit, with the git directory to read it from. {@code url} is redacted
 * (no credentials); {@code ref} is the full name of the ref that matched ({@code refs/heads/main},
 * {@code refs/tags/v1}) or, for a sha or an expression, the ref as given.
 *
 * <p>Serializable through a proxy because {@link Path} is not, and Beam ships this value to workers.
 */
public record ResolvedRepository(String name, String url, String ref, String commit, Path gitDir)
    implements Serializable {
  public ResolvedRepository {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(gitDir, "gitDir");
  }

  /** The same repository under another name: the one the user gave with {@code --name}. */
  public ResolvedRepository withName(String newName) {
    return new ResolvedRepository(newName, url, ref, commit, gitDir);
  }

  private Object writeReplace() {
    return new Form(name, url, ref, commit, gitDir.toString());
  }

  private record Form(String name, String url, String ref, String commit, String gitDir)
      implements Serializable {
    private Object readResolve() {
      return new ResolvedRepository(name, url, ref, commit, Path.of(gitDir));
    }
  }
}
