package dev.repotune.samples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
  /** Scores spread over [0, 1] from a fixed generator, so each test sees the same data. */
  static double[] scores(int n, long seed, double shift) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.max(0, Math.min(1, r.nextDouble() * 0.6 + shift));
    }
    return s;
  }

  @Test
  void sameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
    double[] a = scores(80, 1, 0.2);
    double[] b = scores(80, 2, 0.2);
    Interval first = new PairedBootstrap(1000, 7).difference(a, b);
    assertEquals(first, new PairedBootstrap(1000, 7).difference(a, b));
    Interval other = new PairedBootstrap(1000, 8).difference(a, b);
    assertEquals(first.estimate(), other.estimate()); // the mean does not depend on the resamples
    assertNotEquals(first, other);
    assertEquals(new PairedBootstrap().mean(a), new PairedBootstrap(PairedBootstrap.DEFAULT_RESAMPLES,
        PairedBootstrap.DEFAULT_SEED).mean(a));
  }

  @Test
  void identicalSystemsDifferByZeroWithIntervalZero() {
    double[] a = scores(50, 3, 0.1);
    Interval d = new PairedBootstrap().difference(a, a.clone());
    assertEquals(new Interval(0, 0, 0, 50), d);
    assertFalse(d.excludesZero());
  }

  @Test
  void aClearlyBetterSystemsIntervalExcludesZero() {
    double[] worse = scores(60, 4, 0.0);
    double[] better = new double[worse.length];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < worse.length; i++) {
      better[i] = Math.min(1, worse[i] + 0.2 + r.nextDouble() * 0.1); // 0.2 to 0.3 better on each question
    }
    Interval d = new PairedBootstrap().difference(better, worse);
    assertTrue(d.low() > 0, d.toString());
    assertTrue(d.excludesZero());
    assertTrue(d.low() <= d.estimate() && d.estimate() <= d.high(), d.toString());
    Interval reversed = new PairedBootstrap().difference(worse, better);
    assertTrue(reversed.high() < 0 && reversed.excludesZero(), reversed.toString());
  }

  @Test
  void pairingMakesASmallConsistentDifferenceDetectable() {
    // B is A plus 0.02 on every question: unpaired the spread of the scores would swamp it
    double[] a = scores(40, 6, 0.2);
    double[] b = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i] + 0.02;
    }
    Interval d = new PairedBootstrap().difference(b, a);
    assertEquals(0.02, d.estimate(), 1e-12);
    assertEquals(0.02, d.low(), 1e-12);
    assertEquals(0.02, d.high(), 1e-12);
    // each mean's own interval is wide enough to hold the other mean
    Interval meanA = new PairedBootstrap().mean(a);
    Interval meanB = new PairedBootstrap().mean(b);
    assertTrue(meanB.low() < meanA.estimate() && meanA.high() > meanB.estimate(), meanA + " " + meanB);
  }

  @Test
  void meanOfOneSystem() {
    double[] a = scores(100, 9, 0.2);
    double sum = 0;
    for (double x : a) {
      sum += x;
    }
    Interval m = new PairedBootstrap().mean(a);
    assertEquals(sum / a.length, m.estimate(), 1e-12);
    assertEquals(100, m.n());
    assertTrue(m.low() < m.estimate() && m.estimate() < m.high(), m.toString());
    assertTrue(m.high() - m.low() < 0.15, m.toString()); // about 4 standard errors of a 0.17 spread over 100
    assertEquals(new Interval(0.5, 0.5, 0.5, 3), new PairedBootstrap().mean(new double[] {0.5, 0.5, 0.5}));
  }

  @Test
  void percentileIndicesOfTheSortedResamples() {
    // two questions scored 0 and 1: each resample's mean is 0, 0.5 or 1; with one resample low = high
    Interval one = new PairedBootstrap(1, 3).mean(new double[] {0, 1});
    assertEquals(one.low(), one.high());
    // with many resamples the 2.5% and 97.5% points of that distribution are 0 and 1 (each has p 0.25)
    Interval many = new PairedBootstrap(1000, 3).mean(new double[] {0, 1});
    assertEquals(0.0, many.low());
    assertEquals(1.0, many.high());
    assertEquals(0.5, many.estimate());
  }

  @Test
  void emptyAndMismatchedInputs() {
    assertEquals(Interval.EMPTY, new PairedBootstrap().mean(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap().difference(new double[2], new double[3]));
    assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap(0, 1));
  }
}
