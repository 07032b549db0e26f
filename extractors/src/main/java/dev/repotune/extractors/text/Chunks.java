package dev.repotune.extractors.text;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.TokenCounter;

/** The one place chunks are built, so every chunker sets id and tokens the same way. */
public final class Chunks {
  private Chunks() {}

  public static Chunk make(
      SourceFile f,
      ChunkKind kind,
      String symbol,
      int startLine,
      int endLine,
      String context,
      String text,
      CodeFacts facts) {
    return new Chunk(
        StableIds.chunkId(f, kind, startLine, endLine, symbol),
        f.repo(), f.commit(), f.path(), f.language(), kind, symbol, startLine, endLine, context, text,
        TokenCounter.count(text), facts);
  }
}
