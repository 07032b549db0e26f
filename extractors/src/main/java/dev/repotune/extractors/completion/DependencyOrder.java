package dev.repotune.extractors.completion;

import java.util.List;

/**
 * The order of a repository's files for repository-level documents: what a file depends on comes before
 * it (a topological sort of the repository's own import/use graph, as DeepSeek-Coder orders repository
 * data), cycles broken deterministically; the same files give the same order whatever order they came in.
 */
public final class DependencyOrder {
  private DependencyOrder() {}

  /** The paths of {@code files} in dependency order. */
  public static List<String> of(List<FileDependencies> files) {
    throw new UnsupportedOperationException("DependencyOrder.of: not written yet");
  }
}
