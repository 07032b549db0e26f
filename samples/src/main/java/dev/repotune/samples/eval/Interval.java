package dev.repotune.samples.eval;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A statistic over {@code n} questions ({@code estimate}: a mean, or a mean difference) and its 95%
 * bootstrap percentile interval [{@code low}, {@code high}].
 */
@JsonPropertyOrder({"estimate", "low", "high", "n"})
public record Interval(double estimate, double low, double high, int n) {
  /** No questions: nothing to estimate, written as zeros with {@code n} 0 rather than as NaN (not JSON). */
  public static final Interval EMPTY = new Interval(0, 0, 0, 0);

  /** Whether the interval lies wholly on one side of 0: the difference is unlikely to be resampling noise. */
  public boolean excludesZero() {
    return n > 0 && (low > 0 || high < 0);
  }
}
