package dev.repotune.extractors;

import java.io.Serializable;
import java.util.List;

/**
 * The chunks of one file. {@code parseFailed} marks a Java file that JavaParser could not read: its
 * chunks are then plain windows, so the file is counted, never lost; {@code parseError} is one line.
 */
public record ExtractionResult(List<Chunk> chunks, boolean parseFailed, String parseError)
    implements Serializable {
  public ExtractionResult {
    chunks = chunks == null ? List.of() : List.copyOf(chunks);
    parseError = parseError == null ? "" : parseError;
  }

  /**
   * The same chunks as they would have come out of {@code file}: a result cached from another repository
   * or commit with the same path and content gets this file's repo, commit and chunk ids.
   */
  public ExtractionResult restampedFor(SourceFile file) {
    List<Chunk> out = new java.util.ArrayList<>(chunks.size());
    for (Chunk c : chunks) {
      out.add(
          new Chunk(
              StableIds.chunkId(file, c.kind(), c.startLine(), c.endLine(), c.symbol()),
              file.repo(), file.commit(), c.path(), c.language(), c.kind(), c.symbol(), c.startLine(),
              c.endLine(), c.context(), c.text(), c.tokens(), c.facts()));
    }
    return new ExtractionResult(out, parseFailed, parseError);
  }

  static ExtractionResult ok(List<Chunk> chunks) {
    return new ExtractionResult(chunks, false, "");
  }
}
