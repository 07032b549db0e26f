package dev.repotune.prompts;

import dev.repotune.extractors.StableIds;
import java.nio.ByteBuffer;

/**
 * SplitMix64, fixed here so the teachers' choices of phrasings never change with the JDK's own random
 * generators. One per (seed, subject, task): the offline, commit and exec teachers' alike.
 */
final class SplitMix {
  private long state;

  SplitMix(long seed) {
    this.state = seed;
  }

  /** A generator seeded from the first 8 bytes of {@code StableIds.sha256(parts)}: nothing else in a run moves it. */
  static SplitMix of(String... parts) {
    return new SplitMix(ByteBuffer.wrap(StableIds.sha256(parts), 0, 8).getLong());
  }

  long next() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A permutation of 0..n-1 (Fisher-Yates on {@link #next}). */
  int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = (int) Long.remainderUnsigned(next(), i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
