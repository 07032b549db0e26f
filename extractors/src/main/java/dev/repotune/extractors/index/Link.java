package dev.repotune.extractors.index;

import java.io.Serializable;

/**
 * A resolved fact to attach to one chunk ({@code targetChunkId}): a caller, an implementer or a test.
 * Exactly one of {@code ref} and {@code test} is set, by {@code kind}. {@code rank} orders a chunk's
 * tests, lower first ({@link IndexEdges#testRank}); 0 for the other kinds.
 */
public record Link(String targetChunkId, Kind kind, SymbolRef ref, TestRef test, int rank)
    implements Serializable {
  public enum Kind {
    CALLER,
    IMPLEMENTER,
    TEST
  }

  /** A link of rank 0. */
  public Link(String targetChunkId, Kind kind, SymbolRef ref, TestRef test) {
    this(targetChunkId, kind, ref, test, 0);
  }
}
