package dev.repotune.samples.quality;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact and near-duplicate clustering of rows, in memory, with one deterministic survivor per cluster.
 *
 * <p>The unit of dedup is a <em>group</em>: rows that are meant to say the same thing (the question
 * variants of one (chunk, task): differently worded questions with the same answer, on purpose). Rows
 * of one group are never near-duplicates of each other; two groups are duplicates when any row of one
 * is an exact or near duplicate of any row of the other, and then the whole losing group goes, so a
 * kept fact keeps all its wordings. Within a group only exact copies (same text) are dropped.
 *
 * <p>Clusters are stars around a kept group, built greedily in a fixed order (preferred first, then
 * smallest row id): a group is kept unless it duplicates a group already kept, so each cluster keeps
 * exactly one deterministic member and every dropped group is itself a duplicate of the member kept (plain
 * union-find would chain A~B~C and drop C for resembling B, which was dropped: on guava that merged all
 * sixteen {@code ImmutableSortedMap.of} overloads' locate rows into one). Train rows are preferred, so a
 * test row that near-duplicates a train row is always the one dropped: that is the decontamination of the
 * test split, and the split itself (by file) is never changed.
 */
public final class DuplicateClusters {
  /**
   * A row as dedup sees it. Rows are compared only within one {@code scope} (for SFT the task kind: an
   * {@code implement} row, Javadoc to code, and a {@code document} row, code to Javadoc, share their words
   * but teach opposite skills). {@code signature} is null for a text without words.
   */
  public record Item(
      String id, String group, String scope, boolean preferred, long exactHash, int[] signature)
      implements Serializable {}

  /**
   * A dropped row: the kept row it duplicates ({@code keptId}), why ({@code exact_duplicate},
   * {@code near_duplicate} or {@code test_overlaps_train}), the estimated Jaccard similarity of this row
   * to the kept row, and {@code groupSimilarity}: the best match between the two groups, which is what
   * made them duplicates (a question variant of this row's fact may match more closely than this row).
   */
  public record Drop(
      String id, String keptId, String reason, double similarity, int clusterSize, double groupSimilarity)
      implements Serializable {
    public Drop(String id, String keptId, String reason, double similarity, int clusterSize) {
      this(id, keptId, reason, similarity, clusterSize, similarity);
    }
  }

  /** Bounds the pairwise checks inside one LSH bucket, so a bucket of many similar short rows stays linear. */
  static final int MAX_CHECKS_PER_ITEM = 64;

  private DuplicateClusters() {}

  /**
   * The rows to drop, by id (sorted). Rows meet only rows of their own scope, so each scope is clustered
   * on its own, in parallel: one JDK-sized run spent a minute here on one core.
   */
  public static Map<String, Drop> find(List<Item> input, MinHash minHash, double threshold) {
    Map<String, List<Item>> byScope = new TreeMap<>();
    for (Item item : input) {
      byScope.computeIfAbsent(item.scope(), k -> new ArrayList<>()).add(item);
    }
    Map<String, Drop> drops = new TreeMap<>();
    byScope.values().parallelStream()
        .map(items -> findInScope(items, minHash, threshold))
        .toList()
        .forEach(drops::putAll);
    return drops;
  }

  private static Map<String, Drop> findInScope(List<Item> input, MinHash minHash, double threshold) {
    List<Item> items = new ArrayList<>(input);
    items.sort(Comparator.comparing(Item::id));
    int n = items.size();
    Map<String, Drop> drops = new TreeMap<>();

    // Groups, numbered in order of their smallest row id.
    Map<String, Integer> groupIndex = new HashMap<>();
    List<List<Integer>> groupRows = new ArrayList<>();
    int[] groupOf = new int[n];
    for (int i = 0; i < n; i++) {
      Integer g = groupIndex.get(items.get(i).group());
      if (g == null) {
        g = groupRows.size();
        groupIndex.put(items.get(i).group(), g);
        groupRows.add(new ArrayList<>());
      }
      groupRows.get(g).add(i);
      groupOf[i] = g;
    }
    int groupCount = groupRows.size();
    List<Map<Integer, Boolean>> neighbours = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      neighbours.add(new TreeMap<>());
    }

    // 1. Exact: the same normalised text. Inside a group the later copy goes; across groups, an edge.
    boolean[] gone = new boolean[n];
    Map<Long, Integer> firstByHash = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Integer first = firstByHash.putIfAbsent(scoped(items.get(i), items.get(i).exactHash()), i);
      if (first == null) {
        continue;
      }
      if (groupOf[first] == groupOf[i]) {
        gone[i] = true;
        drops.put(items.get(i).id(), new Drop(items.get(i).id(), items.get(first).id(), "exact_duplicate", 1.0, 2));
      } else {
        link(neighbours, groupOf[first], groupOf[i]);
      }
    }

    // 2. Near: rows that share an LSH band are candidates; a candidate pair is an edge when its estimated
    //    Jaccard reaches the threshold. Pairs inside one group are intended paraphrases and are skipped.
    long[][] bandKeys = new long[n][];
    for (int i = 0; i < n; i++) {
      int[] sig = items.get(i).signature();
      bandKeys[i] = gone[i] || sig == null ? null : minHash.bandKeys(sig);
    }
    for (int band = 0; band < minHash.bands(); band++) {
      Map<Long, List<Integer>> buckets = new HashMap<>();
      for (int i = 0; i < n; i++) {
        if (bandKeys[i] == null) {
          continue;
        }
        long key = scoped(items.get(i), bandKeys[i][band]);
        buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
      for (List<Integer> bucket : buckets.values()) {
        for (int x = 1; x < bucket.size(); x++) {
          int i = bucket.get(x);
          int checks = 0;
          for (int y = 0; y < x && checks < MAX_CHECKS_PER_ITEM; y++) {
            int j = bucket.get(y);
            if (groupOf[i] == groupOf[j]
                || !items.get(i).scope().equals(items.get(j).scope())
                || neighbours.get(groupOf[i]).containsKey(groupOf[j])) {
              continue;
            }
            checks++;
            if (MinHash.similarity(items.get(i).signature(), items.get(j).signature()) >= threshold) {
              link(neighbours, groupOf[i], groupOf[j]);
            }
          }
        }
      }
    }

    // 3. Greedy, in order (preferred first, then smallest row id): a group is kept unless it duplicates a
    //    group already kept; a dropped group names the kept one it duplicates. Every dropped group is
    //    itself a duplicate of its kept group (no dropping through a chain of A~B~C), and the kept groups
    //    are never duplicates of each other.
    List<Integer> order = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      order.add(g);
    }
    order.sort(
        Comparator.<Integer, Boolean>comparing(g -> !items.get(groupRows.get(g).get(0)).preferred())
            .thenComparing(g -> groupRows.get(g).get(0)));
    boolean[] kept = new boolean[groupCount];
    int[] keptFor = new int[groupCount];
    double[] matchedAt = new double[groupCount];
    Arrays.fill(keptFor, -1);
    int[] starRows = new int[groupCount];
    for (int g : order) {
      int best = -1;
      double bestSim = -1;
      for (int h : neighbours.get(g).keySet()) {
        if (!kept[h]) {
          continue;
        }
        double s = groupSimilarity(items, groupRows.get(g), groupRows.get(h), gone);
        if (s > bestSim) {
          bestSim = s;
          best = h;
        }
      }
      if (best < 0) {
        kept[g] = true;
        starRows[g] += groupRows.get(g).size();
      } else {
        keptFor[g] = best;
        matchedAt[g] = bestSim;
        starRows[best] += groupRows.get(g).size();
      }
    }
    for (int g = 0; g < groupCount; g++) {
      int h = keptFor[g];
      if (h < 0) {
        continue;
      }
      List<Integer> keptRows = groupRows.get(h).stream().filter(i -> !gone[i]).toList();
      boolean keptPreferred = items.get(keptRows.get(0)).preferred();
      for (int i : groupRows.get(g)) {
        if (gone[i]) {
          continue;
        }
        Item row = items.get(i);
        int best = keptRows.get(0);
        double bestSim = -1;
        for (int k : keptRows) {
          double s = rowSimilarity(items.get(k), row);
          if (s > bestSim) {
            bestSim = s;
            best = k;
          }
        }
        boolean exact = items.get(best).exactHash() == row.exactHash();
        String reason =
            !row.preferred() && keptPreferred
                ? "test_overlaps_train"
                : exact ? "exact_duplicate" : "near_duplicate";
        drops.put(
            row.id(),
            new Drop(row.id(), items.get(best).id(), reason, round(bestSim), starRows[h], round(matchedAt[g])));
      }
    }
    return drops;
  }

  private static void link(List<Map<Integer, Boolean>> neighbours, int a, int b) {
    neighbours.get(a).put(b, true);
    neighbours.get(b).put(a, true);
  }

  private static double rowSimilarity(Item a, Item b) {
    return a.exactHash() == b.exactHash() ? 1.0 : MinHash.similarity(a.signature(), b.signature());
  }

  /** The best similarity between any row of one group and any row of the other. */
  private static double groupSimilarity(List<Item> items, List<Integer> a, List<Integer> b, boolean[] gone) {
    double best = 0;
    for (int i : a) {
      for (int j : b) {
        if (!gone[i] && !gone[j]) {
          best = Math.max(best, rowSimilarity(items.get(i), items.get(j)));
        }
      }
    }
    return best;
  }

  /** A hash key that only meets keys of the same scope. */
  private static long scoped(Item item, long key) {
    return MinHash.hash64(item.scope()) * 31 + key;
  }

  private static double round(double v) {
    return Math.round(Math.max(v, 0) * 1000) / 1000.0;
  }
}
