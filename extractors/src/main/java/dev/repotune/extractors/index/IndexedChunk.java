package dev.repotune.extractors.index;

import dev.repotune.extractors.Chunk;
import java.io.Serializable;

/** A chunk joined with its repository-wide facts: what the teacher is given. */
public record IndexedChunk(Chunk chunk, IndexFacts index) implements Serializable {
  public IndexedChunk {
    index = index == null ? IndexFacts.NONE : index;
  }
}
