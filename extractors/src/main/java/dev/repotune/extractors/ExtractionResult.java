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

  static ExtractionResult ok(List<Chunk> chunks) {
    return new ExtractionResult(chunks, false, "");
  }
}
