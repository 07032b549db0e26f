package dev.repotune.samples;

import java.io.Serializable;
import java.util.List;

/**
 * One instruction-tuning row: {@code {"messages":[...], "meta":{...}}}, the shape TRL, Axolotl and
 * LLaMA-Factory read. {@code id} is a stable hash of (chunk id, task, question).
 */
public record SftRecord(String id, List<Message> messages, Meta meta) implements Serializable {
  public SftRecord {
    messages = List.copyOf(messages);
  }

  /** The id, then {@link Meta#values}: the order of the keys of an SFT line's {@code meta}. */
  public String[] metaValues() {
    String[] m = meta.values();
    String[] v = new String[m.length + 1];
    v[0] = id;
    System.arraycopy(m, 0, v, 1, m.length);
    return v;
  }

  /**
   * Where the row came from. {@code lines} is "start-end" of the chunk; {@code split} is "train" or
   * "test"; {@code chunkId} ties the row back to the chunk for the nothing-lost accounting.
   */
  public record Meta(
      String repo,
      String commit,
      String path,
      String symbol,
      String lines,
      String task,
      String teacher,
      String promptVersion,
      String chunkId,
      String split)
      implements Serializable {
    /** The fields in order, for the formats that list them (JSONL, Parquet, the row cache). */
    public String[] values() {
      return new String[] {repo, commit, path, symbol, lines, task, teacher, promptVersion, chunkId, split};
    }

    /** The meta whose {@link #values} start at {@code v[from]}. */
    public static Meta of(String[] v, int from) {
      return new Meta(
          v[from], v[from + 1], v[from + 2], v[from + 3], v[from + 4], v[from + 5], v[from + 6], v[from + 7],
          v[from + 8], v[from + 9]);
    }
  }
}
