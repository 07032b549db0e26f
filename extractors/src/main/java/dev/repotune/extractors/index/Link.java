package dev.repotune.extractors.index;

import java.io.Serializable;

/**
 * A resolved fact to attach to one chunk ({@code targetChunkId}): a caller, an implementer, a test, a
 * callee or a use. Exactly one of {@code ref}, {@code test} and {@code code} is set, by {@code kind}.
 * {@code rank} orders a chunk's tests, lower first ({@link IndexEdges#testRank}); 0 for the other kinds.
 */
public record Link(String targetChunkId, Kind kind, SymbolRef ref, TestRef test, CodeRef code, int rank)
    implements Serializable {
  public enum Kind {
    CALLER,
    IMPLEMENTER,
    TEST,
    /** A declaration the target's body calls ({@link CodeRef#text} its signature). */
    CALLEE,
    /** A line of main code that calls the target. */
    USE
  }

  /** A link of rank 0. */
  public Link(String targetChunkId, Kind kind, SymbolRef ref, TestRef test) {
    this(targetChunkId, kind, ref, test, null, 0);
  }

  /** A test link of the given rank. */
  public Link(String targetChunkId, Kind kind, SymbolRef ref, TestRef test, int rank) {
    this(targetChunkId, kind, ref, test, null, rank);
  }

  static Link code(String targetChunkId, Kind kind, CodeRef code) {
    return new Link(targetChunkId, kind, null, null, code, 0);
  }
}
