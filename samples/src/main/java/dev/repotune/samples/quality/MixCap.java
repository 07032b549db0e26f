package dev.repotune.samples.quality;

import dev.repotune.prompts.TaskKind;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The most of the SFT rows a task kind may have ({@code --mix locate=0.2,callers=0.15}): without a cap,
 * locate alone was 35–58% of the rows, so a model learned mostly where things are. Each kind's share is
 * {@link #DEFAULT_SHARE} unless named; 1 lifts a kind's cap. The caps apply to the rows that the filters
 * and dedup kept, so the shares are those of the dataset written.
 *
 * <p>Which rows go is a plain function of the rows, so a rerun drops the same ones: a capped kind first
 * loses the extra wordings of its facts (a fact's variants in a stable hash order of their ids, the first
 * kept longest), then whole facts, each in the hash order of its row ids; train and test lose the same
 * share of the kind, so the test split still holds its part of every kind.
 */
public final class MixCap implements Serializable {
  /** The default share of every kind: none above a quarter of the rows. */
  public static final double DEFAULT_SHARE = 0.25;

  /** Why a row over the cap goes, its {@code reason} in {@code rejected/}. */
  public static final String REASON = "mix_cap";

  /** Named kinds' shares by wire name, in catalogue order; the rest have the default. */
  private final LinkedHashMap<String, Double> shares;

  private MixCap(LinkedHashMap<String, Double> shares) {
    this.shares = shares;
  }

  /** Every kind at the default share. */
  public static MixCap defaults() {
    return new MixCap(new LinkedHashMap<>());
  }

  /**
   * {@code kind=share,...} ("" or null for the defaults); a kind's name as {@code --tasks} takes it, a share in
   * (0, 1]. A malformed entry is an {@link IllegalArgumentException} with one line saying which.
   */
  public static MixCap parse(String spec) {
    Map<TaskKind, Double> byKind = new TreeMap<>();
    spec = spec == null ? "" : spec;
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("--mix takes task=share entries, got \"" + entry.trim() + "\"");
      }
      TaskKind kind;
      try {
        kind = TaskKind.parse(entry.substring(0, eq));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown task in --mix " + entry.trim() + " (known: " + String.join(", ", TaskKind.wireNames()) + ")");
      }
      String value = entry.substring(eq + 1).trim();
      double share;
      try {
        share = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        share = Double.NaN;
      }
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "--mix share of " + kind.wireName() + " must be above 0 and at most 1, got " + value);
      }
      if (byKind.put(kind, share) != null) {
        throw new IllegalArgumentException("--mix names " + kind.wireName() + " twice");
      }
    }
    LinkedHashMap<String, Double> shares = new LinkedHashMap<>();
    byKind.forEach((k, v) -> shares.put(k.wireName(), v));
    return new MixCap(shares);
  }

  /** The share of {@code task} (a wire name): its own, or the default. */
  public double share(String task) {
    return shares.getOrDefault(task, DEFAULT_SHARE);
  }

  /** The shares named, by wire name in catalogue order: what the manifest's config records. */
  public Map<String, Double> named() {
    return java.util.Collections.unmodifiableMap(shares);
  }

  /** {@code kind=share,...} of the named kinds, in catalogue order: {@link #parse} reads it back. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    shares.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(format(v)));
    return b.toString();
  }

  private static String format(double v) {
    String s = String.format(Locale.ROOT, "%.6f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /**
   * How many rows each kind keeps, from how many it has ({@code counts}, by wire name): the largest total
   * {@code T} at which every kind fits its share ({@code min(n, share * T)} rows each sum to at least
   * {@code T}), rounded down so that no capped kind is above its share of what is kept. When the kinds
   * present cannot fill the rows within their shares (two kinds at a quarter each), the shares are scaled
   * up in proportion until they can: no kind has more than its part of the rest.
   */
  public Map<String, Long> keep(Map<String, Long> counts) {
    Map<String, Double> s = new TreeMap<>();
    double sum = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (e.getValue() > 0) {
        s.put(e.getKey(), share(e.getKey()));
        sum += share(e.getKey());
      }
    }
    if (sum < 1) {
      double scale = sum;
      s.replaceAll((k, v) -> v / scale);
    }
    // Kinds in the order they fill up (n / share), then T where sum(min(n, share * T)) - T first turns down
    List<String> order = new ArrayList<>(s.keySet());
    order.sort(Comparator.comparingDouble((String k) -> counts.get(k) / s.get(k)).thenComparing(k -> k));
    double full = 0; // rows of kinds already at their count
    double open = s.values().stream().mapToDouble(Double::doubleValue).sum(); // shares of the others
    double total = counts.values().stream().mapToLong(Long::longValue).sum();
    for (String k : order) {
      double fillsAt = counts.get(k) / s.get(k);
      if (open < 1 && full / (1 - open) <= fillsAt) {
        total = full / (1 - open);
        break;
      }
      full += counts.get(k);
      open -= s.get(k);
    }
    Map<String, Long> keep = new TreeMap<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      Double share = s.get(e.getKey());
      keep.put(e.getKey(), share == null ? e.getValue() : Math.min(e.getValue(), (long) Math.floor(share * total + 1e-9)));
    }
    // Rounding down the capped kinds shrinks the total: take a row more from any kind then over its share.
    for (boolean changed = true; changed; ) {
      changed = false;
      long kept = keep.values().stream().mapToLong(Long::longValue).sum();
      for (Map.Entry<String, Long> e : keep.entrySet()) {
        Double share = s.get(e.getKey());
        if (share != null && share < 1 && e.getValue() > 0 && e.getValue() > share * kept + 1e-9) {
          e.setValue(e.getValue() - 1);
          changed = true;
          break;
        }
      }
    }
    return keep;
  }

  /** The rows dedup kept, as the cap sees them: id, task kind, fact (group hash), and split. */
  public static final class Rows implements Serializable {
    private final List<String> ids = new ArrayList<>();
    private final List<String> tasks = new ArrayList<>();
    private long[] groups = new long[64];
    private boolean[] test = new boolean[64];

    public void add(String id, String task, long group, boolean isTest) {
      int r = ids.size();
      if (r == groups.length) {
        groups = Arrays.copyOf(groups, r * 2);
        test = Arrays.copyOf(test, r * 2);
      }
      ids.add(id);
      tasks.add(task);
      groups[r] = group;
      test[r] = isTest;
    }

    public int size() {
      return ids.size();
    }
  }

  /**
   * The rows to drop, by id, each with the sentence its Rejected row carries. A kind's train and test
   * rows each keep the kind's kept share (rounded), so capping moves no kind's test share.
   */
  public TreeMap<String, String> drops(Rows rows) {
    Map<String, Long> counts = new TreeMap<>();
    rows.tasks.forEach(t -> counts.merge(t, 1L, Long::sum));
    Map<String, Long> keep = keep(counts);
    long total = keep.values().stream().mapToLong(Long::longValue).sum();
    // Per (task, split): the rows in drop order.
    Map<String, List<Integer>> bySide = new TreeMap<>();
    for (int r = 0; r < rows.size(); r++) {
      bySide.computeIfAbsent(rows.tasks.get(r) + (rows.test[r] ? "\ttest" : "\ttrain"), k -> new ArrayList<>()).add(r);
    }
    long[] hash = new long[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      hash[r] = MinHash.hash64(rows.ids.get(r));
    }
    TreeMap<String, String> drops = new TreeMap<>();
    for (Map.Entry<String, List<Integer>> side : bySide.entrySet()) {
      String task = side.getKey().substring(0, side.getKey().indexOf('\t'));
      long n = counts.get(task);
      long kept = keep.get(task);
      if (kept >= n) {
        continue;
      }
      List<Integer> members = side.getValue();
      long testRows = bySide.getOrDefault(task + "\ttest", List.of()).size();
      long keepTest = Math.round((double) kept * testRows / n);
      long keepHere = side.getKey().endsWith("\ttest") ? keepTest : kept - keepTest;
      String detail =
          String.format(
              Locale.ROOT,
              "%s had %d of the %d rows dedup kept (%.1f%%); --mix caps its share at %s: %d kept of %d rows",
              task, n, rows.size(), 100.0 * n / rows.size(), format(share(task)), kept, total);
      for (int r : dropOrder(rows, members, hash).subList(0, (int) Math.max(0, members.size() - keepHere))) {
        drops.put(rows.ids.get(r), detail);
      }
    }
    return drops;
  }

  /**
   * {@code members} in the order they go: by their rank among their fact's rows (the last-ranked
   * wordings first), then by the hash of their id; a fact's rows are ranked by that hash too.
   */
  private static List<Integer> dropOrder(Rows rows, List<Integer> members, long[] hash) {
    Comparator<Integer> byHash = Comparator.comparingLong((Integer r) -> hash[r]).thenComparing(rows.ids::get);
    Map<Long, List<Integer>> facts = new TreeMap<>();
    for (int r : members) {
      facts.computeIfAbsent(rows.groups[r], g -> new ArrayList<>()).add(r);
    }
    int[] rank = new int[rows.ids.size()]; // by row: looked up in a TreeMap, it was most of the cap step
    for (List<Integer> fact : facts.values()) {
      fact.sort(byHash);
      for (int i = 0; i < fact.size(); i++) {
        rank[fact.get(i)] = i;
      }
    }
    List<Integer> order = new ArrayList<>(members);
    order.sort(Comparator.comparingInt((Integer r) -> -rank[r]).thenComparing(byHash));
    return order;
  }
}
