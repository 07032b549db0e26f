package dev.repotune.samples;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What {@code repotune inspect} gives each kind's view ({@link OutputKind#inspect}): where to print, the
 * options, the rows of any kind (a view may use another's: SFT rows take their language from the CPT
 * documents), and the shared tables.
 */
public interface Inspection {
  /** Upper bounds of the token histograms' buckets, powers of two. */
  int[] BUCKETS = {32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};

  PrintWriter out();

  /** Sample rows to show per task kind ({@code --rows}). */
  int rowsPerTask();

  /** Chooses the sample rows ({@code --seed}): two people looking see the same rows. */
  long seed();

  /** Every row of {@code kind} in the folder, in shard order. */
  <U> List<U> rows(OutputKind<U> kind);

  /** Rows counted by {@code key}, one line a key, sorted by key. */
  default <R> void table(String title, List<R> rows, Function<R, String> key) {
    Map<String, Long> counts = new TreeMap<>();
    rows.forEach(r -> counts.merge(key.apply(r), 1L, Long::sum));
    out().printf("  by %s:%n", title);
    counts.forEach((k, v) -> out().printf("  %,9d  %s%n", v, k));
  }

  /** Rows counted by {@code key}, most frequent first, under a total line {@code title: n}. */
  default <R> void ranked(String title, List<R> rows, Function<R, String> key) {
    Map<String, Long> counts = new TreeMap<>();
    rows.forEach(r -> counts.merge(key.apply(r), 1L, Long::sum));
    out().printf("%n%s: %,d%n", title, rows.size());
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out().printf("  %,9d  %s%n", e.getValue(), e.getKey()));
  }

  /** Counts per power-of-two bucket, with a bar scaled to the largest bucket. */
  default void histogram(String name, List<Integer> values) {
    PrintWriter out = out();
    long[] counts = new long[BUCKETS.length + 1];
    long sum = 0;
    for (int v : values) {
      int b = 0;
      while (b < BUCKETS.length && v >= BUCKETS[b]) {
        b++;
      }
      counts[b]++;
      sum += v;
    }
    long max = 1;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    List<Integer> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    out.printf("%nTokens per row, %s: %,d rows, %,d tokens, median %,d, max %,d%n", name, values.size(), sum,
        sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
    for (int b = 0; b <= BUCKETS.length; b++) {
      String label = b == 0 ? "< " + BUCKETS[0] : b == BUCKETS.length ? ">= " + BUCKETS[b - 1] : BUCKETS[b - 1] + "-" + (BUCKETS[b] - 1);
      out.printf("  %11s %,8d %s%n", label, counts[b], "#".repeat((int) Math.round(40.0 * counts[b] / max)));
    }
  }

  /** A long text cut to its first 12 lines of at most 160 characters, for a sample row. */
  static String abbreviate(String s) {
    String[] lines = s.split("\n", -1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(lines.length, 12); i++) {
      String l = lines[i];
      b.append(l.length() > 160 ? l.substring(0, 157) + "..." : l).append('\n');
    }
    if (lines.length > 12) {
      b.append("  ... (").append(lines.length - 12).append(" more lines)\n");
    }
    return b.toString().stripTrailing();
  }
}
