package dev.repotune.extractors.index;

import java.io.Serializable;

/**
 * A resolved fact to attach to one chunk ({@code targetChunkId}): a caller, an implementer or a test.
 * Exactly one of {@code ref} and {@code test} is set, by {@code kind}.
 */
public record Link(String targetChunkId, Kind kind, SymbolRef ref, TestRef test)
    implements Serializable {
  public enum Kind {
    CALLER,
    IMPLEMENTER,
    TEST
  }
}
