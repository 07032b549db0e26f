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
      implements Serializable {}
}
