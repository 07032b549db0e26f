package dev.repotune.samples;

import java.io.Serializable;

/**
 * One retriever training triplet in sentence-transformers' (anchor, positive, negative) layout: a
 * question about the repository, the chunk that answers it, and a chunk that looks like the answer and
 * is not (a hard negative). A retriever learns little from a random chunk of another module; it learns
 * to tell the answer from its neighbours.
 */
public record TripletRecord(String id, String anchor, String positive, String negative, Meta meta)
    implements Serializable {
  /** The negative is another chunk of the answer's file. */
  public static final String FROM_SAME_FILE = "same_file";
  /** The negative is a declaration of the same simple name elsewhere (another {@code toString()}). */
  public static final String FROM_SAME_NAME = "same_name";
  /** The negative is one of BM25's best hits for the question that is not the answer. */
  public static final String FROM_BM25 = "bm25";

  /**
   * Where the triplet came from: the positive chunk's repository, path and symbol, the task kind of the
   * question ({@code explain}, {@code locate}, ...), which rule picked the negative ({@link
   * #FROM_SAME_FILE}, {@link #FROM_SAME_NAME}, {@link #FROM_BM25}) and the split, "train" or "test".
   */
  public record Meta(String repo, String path, String symbol, String task, String negativeFrom, String split)
      implements Serializable {}
}
