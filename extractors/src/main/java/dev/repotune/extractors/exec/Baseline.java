package dev.repotune.extractors.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tests that pass at the ref, run twice: a mutant or an answer is judged only by tests in
 * {@code passing}; a test that passed once ({@code flaky}) would judge by chance, so it is listed and left out.
 * Keys are {@link TestOutcome#key()}. A test missing from a run (cut by the time limit) did not pass in it.
 */
public record Baseline(
    Set<String> passing, Set<String> flaky, Set<String> failing, int testsFound, int skipped,
    long firstRunMillis, long secondRunMillis, boolean timedOut) {
  public Baseline {
    passing = Collections.unmodifiableSortedSet(new TreeSet<>(passing));
    flaky = Collections.unmodifiableSortedSet(new TreeSet<>(flaky));
    failing = Collections.unmodifiableSortedSet(new TreeSet<>(failing));
  }

  public static Baseline of(TestRun run) {
    return of(run, TestRun.Selection.all());
  }

  public static Baseline of(TestRun run, TestRun.Selection selection) {
    TestRun.Result first = run.run(selection);
    TestRun.Result second = run.run(selection);
    return of(first, second);
  }

  /** Classifies two runs of the same selection. */
  static Baseline of(TestRun.Result first, TestRun.Result second) {
    Map<String, TestOutcome.Status> a = byKey(first.outcomes());
    Map<String, TestOutcome.Status> b = byKey(second.outcomes());
    Set<String> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    Set<String> passing = new TreeSet<>();
    Set<String> flaky = new TreeSet<>();
    Set<String> failing = new TreeSet<>();
    int skipped = 0;
    for (String key : all) {
      TestOutcome.Status x = a.get(key);
      TestOutcome.Status y = b.get(key);
      boolean px = x == TestOutcome.Status.PASSED;
      boolean py = y == TestOutcome.Status.PASSED;
      if (px && py) {
        passing.add(key);
      } else if (px || py) {
        flaky.add(key);
      } else if (x == TestOutcome.Status.SKIPPED || y == TestOutcome.Status.SKIPPED) {
        skipped++;
      } else {
        failing.add(key);
      }
    }
    return new Baseline(passing, flaky, failing, all.size(), skipped, first.process().millis(),
        second.process().millis(), first.process().timedOut() || second.process().timedOut());
  }

  /** The first outcome of each key; a parameterized case reported twice under one name counts once. */
  private static Map<String, TestOutcome.Status> byKey(List<TestOutcome> outcomes) {
    Map<String, TestOutcome.Status> map = new LinkedHashMap<>();
    for (TestOutcome o : outcomes) {
      map.merge(o.key(), o.status(), (old, now) -> now == TestOutcome.Status.PASSED ? old : now);
    }
    return map;
  }

  /** The passing tests' keys in order. */
  public List<String> passingList() {
    return new ArrayList<>(passing);
  }
}
