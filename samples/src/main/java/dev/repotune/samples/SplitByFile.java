package dev.repotune.samples;

import java.io.Serializable;

/**
 * Train or test, by a hash of (repo, path) ({@link Split#of}): every question about a file lands on the
 * same side, so SFT(test) asks about code the model only saw in CPT, the question a team actually has.
 * A plain function of a row, applied where the rows are made (stage 8, {@code SftRows}).
 */
public record SplitByFile(double testFraction, long seed) implements Serializable {
  public SplitByFile {
    if (!(testFraction >= 0.0 && testFraction < 1.0)) {
      throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
    }
  }

  /** The row with its split set from its (repo, path). */
  public SftRecord assign(SftRecord r) {
    return Samples.withSplit(r, Split.of(r.meta().repo(), r.meta().path(), testFraction, seed));
  }
}
