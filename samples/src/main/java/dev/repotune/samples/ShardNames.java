package dev.repotune.samples;

import dev.repotune.extractors.StableIds;
import java.util.Locale;

/**
 * Shard file names in the Hugging Face convention ({@code train-00000-of-00003.parquet}), which the Hub
 * and {@code load_dataset} recognise as split names without any configuration.
 */
public final class ShardNames {
  private ShardNames() {}

  /** {@code of("train", 0, 1, "parquet")} → {@code train-00000-of-00001.parquet}. */
  public static String of(String split, int index, int count, String extension) {
    if (split == null || split.isEmpty() || split.contains("/") || split.contains("-")) {
      throw new IllegalArgumentException(
          "split must be a plain name such as \"train\" or \"test\", got \"" + split + "\"");
    }
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard index must be in [0, count) and count >= 1, got index " + index + " of " + count);
    }
    if (extension == null || extension.isEmpty() || extension.startsWith(".")) {
      throw new IllegalArgumentException(
          "extension is written without its dot, e.g. \"parquet\" or \"jsonl\", got \"" + extension + "\"");
    }
    return String.format(Locale.ROOT, "%s-%05d-of-%05d.%s", split, index, count, extension);
  }

  /** How many shards hold {@code rows} rows at most {@code rowsPerShard} each; at least 1, so every split has a file. */
  public static int shardCount(long rows, long rowsPerShard) {
    if (rows < 0) {
      throw new IllegalArgumentException("row count must be >= 0, got " + rows);
    }
    if (rowsPerShard < 1) {
      throw new IllegalArgumentException("rows per shard must be >= 1, got " + rowsPerShard);
    }
    long n = rows == 0 ? 1 : (rows - 1) / rowsPerShard + 1;
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          rows + " rows at " + rowsPerShard + " per shard is too many shards: raise rows per shard");
    }
    return (int) n;
  }

  /**
   * The shard a record goes to: SHA-256 of its id, mod count. Depends on nothing but the id, so the same
   * record lands in the same shard on every runner and every run.
   */
  public static int shardOf(String recordId, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be >= 1, got " + count);
    }
    return (int) Long.remainderUnsigned(StableIds.prefix64(recordId), count);
  }
}
