package dev.repotune.extractors;

import java.io.Serializable;
import java.util.Objects;

/**
 * A span of one file that the teacher asks about. {@code id} is a stable hash of (repo, commit, path,
 * span), so the same code at the same commit always has the same id. {@code context} holds what a reader
 * needs that the span lacks (file path, package, the imports the span uses, the enclosing type's
 * declaration line). {@code facts} is {@link CodeFacts#NONE} for anything but Java declarations.
 * {@code symbol} names the chunk the way a developer would: {@code Gson.fromJson(String, Class)} for a
 * method, {@code com.google.gson.Gson} for a type, the heading for a Markdown section, {@code path#L10-L40}
 * for a window.
 */
public record Chunk(
    String id,
    String repo,
    String commit,
    String path,
    String language,
    ChunkKind kind,
    String symbol,
    int startLine,
    int endLine,
    String context,
    String text,
    int tokens,
    CodeFacts facts)
    implements Serializable {
  public Chunk {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(text, "text");
    facts = facts == null ? CodeFacts.NONE : facts;
  }

  /**
   * The line that names the declaration ({@link CodeFacts#declarationLine}), else the first line: where
   * every row that points at this chunk (where it is, who calls it) sends the reader.
   */
  public int declarationLine() {
    return facts.declarationLine() > 0 ? facts.declarationLine() : startLine;
  }
}
