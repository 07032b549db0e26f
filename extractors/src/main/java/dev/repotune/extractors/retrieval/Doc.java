package dev.repotune.extractors.retrieval;

import dev.repotune.extractors.Chunk;
import java.util.Objects;

/**
 * One document of a retrieval corpus, in BEIR's terms ({@code _id}, {@code title}, {@code text}): the unit
 * {@link Bm25Index} ranks and {@link BeirFolder} writes to {@code corpus.jsonl}.
 */
public record Doc(String id, String title, String text) {
  public Doc {
    Objects.requireNonNull(id, "id");
    title = title == null ? "" : title;
    Objects.requireNonNull(text, "text");
  }

  /**
   * A chunk as a document: its id, its symbol as the title (what a developer would call it, so a question
   * that names {@code Cart.add(Item)} meets it) and its text. The path is left out of the title: it repeats
   * for every chunk of a file and would only blur the file's chunks together.
   */
  public static Doc of(Chunk chunk) {
    return new Doc(chunk.id(), chunk.symbol(), chunk.text());
  }
}
