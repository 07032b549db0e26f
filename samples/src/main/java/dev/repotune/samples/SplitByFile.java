package dev.repotune.samples;

import dev.repotune.extractors.StableIds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Train or test by file: every question about a file lands on the same side, so SFT(test) asks about
 * code the model only saw in CPT, the question a team actually has. Which files are test is chosen from
 * how many rows of each task kind every file makes ({@link #plan}), so that each kind has at least
 * {@code testFraction} of its rows in test: drawn file by file at that fraction, jsoup's test split was
 * 7 of 188 files, 3% of the rows and mostly locate, too little of most kinds to measure anything.
 * Applied where the rows are made (stage 11, {@code SftRows}), with the plan as a side input.
 */
public record SplitByFile(double testFraction, long seed) implements Serializable {
  public SplitByFile {
    if (!(testFraction >= 0.0 && testFraction < 1.0)) {
      throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
    }
  }

  /** The key of a file in a plan: its repository and path. */
  public static String fileKey(String repo, String path) {
    return repo + "\n" + path;
  }

  /** The test files, and the kinds whose rows are in too few files to reach the fraction. */
  public record Plan(TreeSet<String> testFiles, List<Short> shortKinds) implements Serializable {
    /** No test files: every row is train. */
    public static final Plan NONE = new Plan(new TreeSet<>(), List.of());

    /** The row with its split set from its (repo, path). */
    public SftRecord assign(SftRecord r) {
      boolean test = testFiles.contains(fileKey(r.meta().repo(), r.meta().path()));
      return Samples.withSplit(r, test ? Split.TEST : Split.TRAIN);
    }
  }

  /** A kind that could not have its share in test: its rows, those in test, and the files they are in. */
  public record Short(String task, long rows, long testRows, int files) implements Serializable {}

  /**
   * Chooses the test files from the rows each file makes, per task kind ({@code rows}: file key → task →
   * rows). Files are taken in the order of a hash of (seed, repo, path), the hash {@link Split#of} reads,
   * while some kind has less than the fraction of its rows in test; a file is taken only if it holds rows
   * of such a kind and leaves every kind it holds with at most twice the fraction in test (so that no kind
   * loses much of its train rows; at most halfway from the fraction to all of it); while some kind is short, further passes over the files not taken
   * allow one fraction more each, up to a third of a kind. A kind still short then is in too few files (each
   * holds more than a third of it, say), and is named in {@link Plan#shortKinds}. The same counts give the same plan.
   */
  public Plan plan(Map<String, Map<String, Long>> rows) {
    if (testFraction == 0) {
      return Plan.NONE;
    }
    Map<String, Long> total = new TreeMap<>();
    Map<String, Integer> files = new TreeMap<>();
    rows.values().forEach(perKind -> perKind.forEach((task, n) -> {
      total.merge(task, n, Long::sum);
      files.merge(task, 1, Integer::sum);
    }));
    List<String> order = new ArrayList<>(rows.keySet());
    Map<String, Long> hash = new TreeMap<>();
    for (String file : order) {
      int cut = file.indexOf('\n');
      hash.put(file, StableIds.prefix64(Long.toString(seed), file.substring(0, cut), file.substring(cut + 1)));
    }
    order.sort(Comparator.comparing((String f) -> hash.get(f), Long::compareUnsigned).thenComparing(f -> f));
    Map<String, Long> test = new TreeMap<>();
    TreeSet<String> chosen = new TreeSet<>();
    double first = Math.min(2 * testFraction, (1 + testFraction) / 2); // a quarter of a kind stays train
    double most = Math.max(1.0 / 3, first);
    for (double ceiling = first; ; ceiling = Math.min(most, ceiling + testFraction)) {
      for (String file : order) {
        if (total.keySet().stream().noneMatch(k -> isShort(k, test, total))) {
          break;
        }
        Map<String, Long> perKind = rows.get(file);
        boolean helps = !chosen.contains(file) && perKind.keySet().stream().anyMatch(k -> isShort(k, test, total));
        double share = ceiling;
        boolean fits =
            perKind.entrySet().stream()
                .allMatch(e -> test.getOrDefault(e.getKey(), 0L) + e.getValue() <= share * total.get(e.getKey()));
        if (helps && fits) {
          chosen.add(file);
          perKind.forEach((k, n) -> test.merge(k, n, Long::sum));
        }
      }
      if (ceiling >= most || total.keySet().stream().noneMatch(k -> isShort(k, test, total))) {
        break;
      }
    }
    List<Short> shortKinds = new ArrayList<>();
    for (Map.Entry<String, Long> e : total.entrySet()) {
      if (isShort(e.getKey(), test, total)) {
        shortKinds.add(new Short(e.getKey(), e.getValue(), test.getOrDefault(e.getKey(), 0L), files.get(e.getKey())));
      }
    }
    return new Plan(chosen, List.copyOf(shortKinds));
  }

  private boolean isShort(String task, Map<String, Long> test, Map<String, Long> total) {
    return test.getOrDefault(task, 0L) < testFraction * total.get(task);
  }

}
