package dev.repotune.samples.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Bootstrap intervals of per-question scores. Paired: both systems answered the same questions, so each
 * resample draws question indices once and takes both systems' scores of them, and the interval is of
 * the mean difference. A question that is hard for both then moves both means together and does not
 * widen the interval, which is what makes a small difference on a few hundred questions detectable.
 *
 * <p>Deterministic: one {@link SplittableRandom} seeded with {@link #seed} for each interval, so the same
 * scores give the same interval on every run and machine, and one kind's interval does not depend on
 * which kinds were computed before it. The percentile interval takes the resampled statistics sorted,
 * low = the one at index ⌊0.025·B⌋ and high = the one at ⌈0.975·B⌉ − 1 (B = 1000: the 26th and the
 * 975th), which needs no interpolation.
 */
public final class PairedBootstrap {
  public static final int DEFAULT_RESAMPLES = 1000;
  public static final long DEFAULT_SEED = 19;

  private final int resamples;
  private final long seed;

  public PairedBootstrap(int resamples, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be at least 1, not " + resamples);
    }
    this.resamples = resamples;
    this.seed = seed;
  }

  /** {@link #DEFAULT_RESAMPLES} resamples, seed {@link #DEFAULT_SEED}. */
  public PairedBootstrap() {
    this(DEFAULT_RESAMPLES, DEFAULT_SEED);
  }

  public int resamples() {
    return resamples;
  }

  public long seed() {
    return seed;
  }

  /** One system's mean score and its interval; {@link Interval#EMPTY} for no scores. */
  public Interval mean(double[] scores) {
    return difference(scores, new double[scores.length]);
  }

  /**
   * The mean of {@code a[i] − b[i]} over the questions and its interval; {@link Interval#EMPTY} for no
   * questions. The arrays are two systems' scores of the same questions, in the same order.
   */
  public Interval difference(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "paired scores need the same questions: " + a.length + " scores against " + b.length);
    }
    int n = a.length;
    if (n == 0) {
      return Interval.EMPTY;
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = a[i] - b[i];
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] stats = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += d[random.nextInt(n)];
      }
      stats[r] = sum / n;
    }
    Arrays.sort(stats);
    int low = (int) Math.floor(0.025 * resamples);
    int high = Math.max(low, (int) Math.ceil(0.975 * resamples) - 1);
    return new Interval(average(d), stats[low], stats[high], n);
  }

  private static double average(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }
}
