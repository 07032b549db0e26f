package dev.repotune.extractors.completion;

import com.github.javaparser.ast.CompilationUnit;
import java.io.Serializable;
import java.util.Set;

/**
 * What one file declares and what it refers to, for ordering a repository's files so that a file comes
 * after what it depends on. {@code declares}: the fully qualified names of its top-level and nested
 * types; {@code uses}: the fully qualified names it may refer to (its imports, and each simple type name
 * it mentions qualified by its own package and by each on-demand import), of which {@link
 * DependencyOrder} keeps those some file of the repository declares.
 */
public record FileDependencies(String path, Set<String> declares, Set<String> uses) implements Serializable {
  public FileDependencies {
    declares = Set.copyOf(declares);
    uses = Set.copyOf(uses);
  }

  /** A file that declares and uses nothing (not Java, or did not parse). */
  public static FileDependencies none(String path) {
    return new FileDependencies(path, Set.of(), Set.of());
  }

  /** The declarations and references of a parsed Java file. */
  public static FileDependencies of(String path, CompilationUnit unit) {
    throw new UnsupportedOperationException("FileDependencies.of: not written yet");
  }
}
