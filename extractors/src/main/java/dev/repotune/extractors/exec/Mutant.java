package dev.repotune.extractors.exec;

import java.io.Serializable;

/**
 * One mutation of a method. {@code methodText} is the mutated method as it stands in {@code fileText} (the
 * chunk's first line to its end line after the edit), byte for byte; {@code line} is the file line of the edit.
 */
public record Mutant(MutationKind kind, String description, int line, String methodText, String fileText)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
