package dev.repotune.samples;

import dev.repotune.extractors.StableIds;

/**
 * Train/test assignment by FILE: every chunk (hence every question) of one path lands on the same side,
 * so the test split measures what the model learned from code it only read during CPT. A hash rather
 * than a shuffle keeps the split stable when the repository grows: a file never changes side.
 */
public final class Split {
  public static final String TRAIN = "train";
  public static final String TEST = "test";

  /** A row whose split is not decided yet (before {@link SplitByFile}); never written to a shard. */
  public static final String UNASSIGNED = "";

  private Split() {}

  /**
   * "test" when the first 8 bytes of SHA-256(seed, repo, path) (parts joined by '\0', seed in decimal),
   * read as an unsigned fraction of 2^64, are below {@code testFraction}; otherwise "train".
   */
  public static String of(String repo, String path, double testFraction, long seed) {
    if (!(testFraction >= 0.0 && testFraction < 1.0)) {
      throw new IllegalArgumentException(
          "test fraction must be in [0, 1), got " + testFraction);
    }
    if (testFraction == 0.0) {
      return TRAIN;
    }
    long h = StableIds.prefix64(Long.toString(seed), repo, path);
    return fraction(h) < testFraction ? TEST : TRAIN;
  }

  /** Unsigned 64-bit value → [0, 1) from its top 53 bits: exact in a double, and never reaches 1. */
  static double fraction(long unsigned) {
    return (unsigned >>> 11) * 0x1.0p-53;
  }
}
