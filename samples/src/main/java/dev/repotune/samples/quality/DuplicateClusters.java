package dev.repotune.samples.quality;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
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
   * but teach opposite skills). {@code group} is a 64-bit hash of the group's name; {@code signature} is
   * null for a text without words.
   */
  public record Item(
      String id, long group, String scope, boolean preferred, long exactHash, int[] signature)
      implements Serializable {
    public Item(String id, String group, String scope, boolean preferred, long exactHash, int[] signature) {
      this(id, MinHash.hash64(group), scope, preferred, exactHash, signature);
    }
  }

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

  /** Whether {@code id} is 32 lower-case hex digits (every SFT and CPT id), which fit two longs. */
  public static boolean isHexId(String id) {
    if (id.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** Bounds the pairwise checks inside one LSH bucket, so a bucket of many similar short rows stays linear. */
  static final int MAX_CHECKS_PER_ITEM = 64;

  private DuplicateClusters() {}

  /** The rows to drop, by id (sorted): {@link #find(Table, MinHash, double)} over {@code input}. */
  public static Map<String, Drop> find(List<Item> input, MinHash minHash, double threshold) {
    Table table = new Table(minHash);
    input.forEach(table::add);
    return find(table, minHash, threshold);
  }

  /**
   * The rows to drop, by id (sorted). Rows meet only rows of their own scope, so each scope is clustered
   * on its own, in parallel: one JDK-sized run spent a minute here on one core.
   */
  public static Map<String, Drop> find(Table table, MinHash minHash, double threshold) {
    Map<String, Drop> drops = new TreeMap<>();
    table.rowsByScope().parallelStream()
        .map(rows -> new ScopeClusters(table, rows, minHash, threshold).find())
        .toList()
        .forEach(drops::putAll);
    return drops;
  }

  /**
   * Rows as columns of primitives. A JDK-sized run signs 1.7 million rows; as one object each (an id, a
   * group name, an int array) they took over a gigabyte, and dedup did not fit a 2 GB heap. Signatures
   * stay where they are: in the packed batches the caller already holds ({@link #add(String, long,
   * String, boolean, long, byte[], int, int)}), two bytes a value, rather than a second copy of 400 MB.
   */
  public static final class Table {
    private static final int BLOCK_ROWS = 1 << 13;
    private final int width;
    /** The arrays signatures are read from: the caller's batches, or blocks of values added as ints. */
    private final List<byte[]> sources = new ArrayList<>();
    /** The block {@link #add(Item)} writes into, and how many signatures it holds. */
    private byte[] ownBlock;
    private int ownBlockRows;
    private final Map<String, Integer> scopeNumbers = new TreeMap<>();
    // An id of 32 lower-case hex digits (every SFT and CPT id) is kept as two longs, whose unsigned order
    // is the id's; any other id is kept as it is, in others.
    private long[] idHigh = new long[1024];
    private long[] idLow = new long[1024];
    private final Map<Integer, String> others = new java.util.HashMap<>();
    private long[] groups = new long[1024];
    private long[] exactHashes = new long[1024];
    private int[] scopes = new int[1024];
    /** A signed row's source index (high 32 bits) and byte offset there; -1 for a row without one. */
    private long[] refs = new long[1024];
    private final BitSet preferred = new BitSet();
    private int size;

    public Table(MinHash minHash) {
      this.width = minHash.bands() * minHash.rows();
    }

    public int size() {
      return size;
    }

    public void add(Item item) {
      int[] sig = item.signature();
      if (sig == null) {
        add(item.id(), item.group(), item.scope(), item.preferred(), item.exactHash(), null, 0, -1);
        return;
      }
      if (sig.length != width) {
        throw new IllegalArgumentException("a signature of " + sig.length + " values, not " + width);
      }
      if (ownBlock == null || ownBlockRows == BLOCK_ROWS) {
        ownBlock = new byte[BLOCK_ROWS * width * 2];
        ownBlockRows = 0;
      }
      int offset = ownBlockRows++ * width * 2;
      for (int k = 0; k < width; k++) {
        ownBlock[offset + 2 * k] = (byte) (sig[k] >>> 8);
        ownBlock[offset + 2 * k + 1] = (byte) sig[k];
      }
      add(item.id(), item.group(), item.scope(), item.preferred(), item.exactHash(), ownBlock, offset, width);
    }

    /**
     * Adds a row whose signature is the {@code length} values at {@code offset} of {@code source}, two
     * bytes each, big-endian (as {@code SignatureCoder} packs them), read from there and never copied;
     * {@code length} -1 (and any source) for a row without one. Rows added one after another from the same
     * source share it.
     */
    public void add(
        String id, long group, String scope, boolean preferred, long exactHash, byte[] source, int offset,
        int length) {
      if (length >= 0 && length != width) {
        throw new IllegalArgumentException("a signature of " + length + " values, not " + width);
      }
      if (size == groups.length) {
        int capacity = size + (size >> 1);
        idHigh = Arrays.copyOf(idHigh, capacity);
        idLow = Arrays.copyOf(idLow, capacity);
        groups = Arrays.copyOf(groups, capacity);
        exactHashes = Arrays.copyOf(exactHashes, capacity);
        scopes = Arrays.copyOf(scopes, capacity);
        refs = Arrays.copyOf(refs, capacity);
      }
      int r = size++;
      if (isHexId(id)) {
        idHigh[r] = Long.parseUnsignedLong(id, 0, 16, 16);
        idLow[r] = Long.parseUnsignedLong(id, 16, 32, 16);
      } else {
        others.put(r, id);
      }
      groups[r] = group;
      exactHashes[r] = exactHash;
      scopes[r] = scopeNumbers.computeIfAbsent(scope, k -> scopeNumbers.size());
      this.preferred.set(r, preferred);
      if (length < 0) {
        refs[r] = -1;
        return;
      }
      if (sources.isEmpty() || sources.get(sources.size() - 1) != source) {
        sources.add(source);
      }
      refs[r] = (long) (sources.size() - 1) << 32 | offset;
    }

    /** What {@link #forEach} tells of a row. */
    public interface RowVisitor {
      void row(String id, long group, String scope, boolean preferred);
    }

    /** Every row's id, group, scope and whether it is preferred, in the order they were added. */
    public void forEach(RowVisitor each) {
      String[] scopeNames = new String[scopeNumbers.size()];
      scopeNumbers.forEach((name, number) -> scopeNames[number] = name);
      for (int r = 0; r < size; r++) {
        each.row(id(r), groups[r], scopeNames[scopes[r]], preferred.get(r));
      }
    }

    String id(int r) {
      String other = others.get(r);
      if (other != null) {
        return other;
      }
      return String.format("%016x%016x", idHigh[r], idLow[r]);
    }

    /** Orders rows by id, as strings would be ordered. */
    int compareIds(int r, int q) {
      if (others.isEmpty() || !others.containsKey(r) && !others.containsKey(q)) {
        int c = Long.compareUnsigned(idHigh[r], idHigh[q]);
        return c != 0 ? c : Long.compareUnsigned(idLow[r], idLow[q]);
      }
      return id(r).compareTo(id(q));
    }

    /** Each scope's rows, sorted by id. */
    List<int[]> rowsByScope() {
      List<int[]> out = new ArrayList<>();
      int[] counts = new int[scopeNumbers.size()];
      for (int r = 0; r < size; r++) {
        counts[scopes[r]]++;
      }
      int[][] rows = new int[counts.length][];
      for (int s = 0; s < counts.length; s++) {
        rows[s] = new int[counts[s]];
        counts[s] = 0;
      }
      for (int r = 0; r < size; r++) {
        rows[scopes[r]][counts[scopes[r]]++] = r;
      }
      for (int s : scopeNumbers.values()) {
        out.add(
            Arrays.stream(rows[s]).boxed().sorted(this::compareIds).mapToInt(Integer::intValue).toArray());
      }
      return out;
    }

    boolean signed(int r) {
      return refs[r] >= 0;
    }

    /** Copies row {@code r}'s signature into {@code into}. */
    void signature(int r, int[] into) {
      byte[] source = sources.get((int) (refs[r] >>> 32));
      int at = (int) refs[r];
      for (int k = 0; k < width; k++, at += 2) {
        into[k] = (source[at] & 0xff) << 8 | source[at + 1] & 0xff;
      }
    }

    /** The estimated Jaccard similarity of two rows: 1 for the same normalised text, 0 without words. */
    double similarity(int r, int q) {
      if (exactHashes[r] == exactHashes[q]) {
        return 1.0;
      }
      if (refs[r] < 0 || refs[q] < 0) {
        return 0;
      }
      byte[] a = sources.get((int) (refs[r] >>> 32));
      byte[] b = sources.get((int) (refs[q] >>> 32));
      int x = (int) refs[r];
      int y = (int) refs[q];
      int same = 0;
      for (int k = 0; k < width; k++, x += 2, y += 2) {
        if (a[x] == b[y] && a[x + 1] == b[y + 1]) {
          same++;
        }
      }
      return (double) same / width;
    }
  }

  /** One scope's clustering; rows are numbered 0..n-1 in id order, {@code rows[i]} in the table. */
  private static final class ScopeClusters {
    private final Table t;
    private final int[] rows;
    private final MinHash minHash;
    private final double threshold;
    private final int n;
    private final Map<String, Drop> drops = new TreeMap<>();
    private final int[] groupOf;
    private final int groupCount;
    private final int[] groupStart; // rows of group g: groupRows[groupStart[g] .. groupStart[g + 1]), ascending
    private final int[] groupRows;
    private final boolean[] gone;
    private final LongSet edges = new LongSet();

    ScopeClusters(Table t, int[] rows, MinHash minHash, double threshold) {
      this.t = t;
      this.rows = rows;
      this.minHash = minHash;
      this.threshold = threshold;
      this.n = rows.length;
      // Groups, numbered in order of their smallest row id.
      groupOf = new int[n];
      LongIntMap groupNumbers = new LongIntMap(n);
      int groups = 0;
      for (int i = 0; i < n; i++) {
        int g = groupNumbers.putIfAbsent(t.groups[rows[i]], groups);
        groupOf[i] = g < 0 ? groups++ : g;
      }
      groupCount = groups;
      groupStart = new int[groupCount + 1];
      for (int i = 0; i < n; i++) {
        groupStart[groupOf[i] + 1]++;
      }
      for (int g = 0; g < groupCount; g++) {
        groupStart[g + 1] += groupStart[g];
      }
      groupRows = new int[n];
      int[] fill = Arrays.copyOf(groupStart, groupCount);
      for (int i = 0; i < n; i++) {
        groupRows[fill[groupOf[i]]++] = i;
      }
      gone = new boolean[n];
    }

    Map<String, Drop> find() {
      exact();
      near();
      keepGreedily();
      return drops;
    }

    /** 1. Exact: the same normalised text. Inside a group the later copy goes; across groups, an edge. */
    private void exact() {
      LongIntMap firstByHash = new LongIntMap(n);
      for (int i = 0; i < n; i++) {
        int first = firstByHash.putIfAbsent(t.exactHashes[rows[i]], i);
        if (first < 0) {
          continue;
        }
        if (groupOf[first] == groupOf[i]) {
          gone[i] = true;
          drops.put(id(i), new Drop(id(i), id(first), "exact_duplicate", 1.0, 2));
        } else {
          edges.add(pair(groupOf[first], groupOf[i]));
        }
      }
    }

    /**
     * 2. Near: rows that share an LSH band are candidates; a candidate pair is an edge when its estimated
     * Jaccard reaches the threshold. Pairs inside one group are intended paraphrases and are skipped. A
     * band's buckets come from one sort of (key, row) packed in a long: the key's high bits above the row
     * number (a shortened key only adds candidates, which the similarity check then refuses).
     */
    private void near() {
      int indexBits = Math.max(1, 64 - Long.numberOfLeadingZeros(n));
      long rowMask = (1L << indexBits) - 1;
      int[] sig = new int[minHash.bands() * minHash.rows()];
      int eligible = 0;
      for (int i = 0; i < n; i++) {
        if (!gone[i] && t.signed(rows[i])) {
          eligible++;
        }
      }
      long[] keyed = new long[eligible];
      int[] bucket = new int[16];
      for (int band = 0; band < minHash.bands(); band++) {
        int k = 0;
        for (int i = 0; i < n; i++) {
          if (!gone[i] && t.signed(rows[i])) {
            t.signature(rows[i], sig);
            keyed[k++] = (minHash.bandKey(sig, band) & ~rowMask) | i;
          }
        }
        Arrays.sort(keyed);
        for (int from = 0; from < eligible; ) {
          int to = from + 1;
          while (to < eligible && (keyed[to] & ~rowMask) == (keyed[from] & ~rowMask)) {
            to++;
          }
          if (to - from > 1) {
            if (bucket.length < to - from) {
              bucket = new int[to - from];
            }
            for (int x = from; x < to; x++) {
              bucket[x - from] = (int) (keyed[x] & rowMask);
            }
            checkBucket(bucket, to - from);
          }
          from = to;
        }
      }
    }

    private void checkBucket(int[] bucket, int size) {
      for (int x = 1; x < size; x++) {
        int i = bucket[x];
        int checks = 0;
        for (int y = 0; y < x && checks < MAX_CHECKS_PER_ITEM; y++) {
          int j = bucket[y];
          if (groupOf[i] == groupOf[j] || edges.contains(pair(groupOf[i], groupOf[j]))) {
            continue;
          }
          checks++;
          if (t.similarity(rows[i], rows[j]) >= threshold) {
            edges.add(pair(groupOf[i], groupOf[j]));
          }
        }
      }
    }

    /**
     * 3. Greedy, in order (preferred first, then smallest row id): a group is kept unless it duplicates a
     * group already kept; a dropped group names the kept one it duplicates. Every dropped group is itself a
     * duplicate of its kept group (no dropping through a chain of A~B~C), and the kept groups are never
     * duplicates of each other.
     */
    private void keepGreedily() {
      int[][] neighbours = neighbours();
      boolean[] kept = new boolean[groupCount];
      int[] keptFor = new int[groupCount];
      double[] matchedAt = new double[groupCount];
      int[] starRows = new int[groupCount];
      Arrays.fill(keptFor, -1);
      for (int pass = 0; pass < 2; pass++) {
        boolean wantPreferred = pass == 0;
        for (int g = 0; g < groupCount; g++) {
          if (preferred(groupRows[groupStart[g]]) != wantPreferred) {
            continue;
          }
          int best = -1;
          double bestSim = -1;
          for (int h : neighbours[g]) {
            if (!kept[h]) {
              continue;
            }
            double s = groupSimilarity(g, h);
            if (s > bestSim) {
              bestSim = s;
              best = h;
            }
          }
          int size = groupStart[g + 1] - groupStart[g];
          if (best < 0) {
            kept[g] = true;
            starRows[g] += size;
          } else {
            keptFor[g] = best;
            matchedAt[g] = bestSim;
            starRows[best] += size;
          }
        }
      }
      for (int g = 0; g < groupCount; g++) {
        int h = keptFor[g];
        if (h < 0) {
          continue;
        }
        int firstKept = -1;
        for (int x = groupStart[h]; x < groupStart[h + 1] && firstKept < 0; x++) {
          firstKept = gone[groupRows[x]] ? -1 : groupRows[x];
        }
        boolean keptPreferred = preferred(firstKept);
        for (int x = groupStart[g]; x < groupStart[g + 1]; x++) {
          int i = groupRows[x];
          if (gone[i]) {
            continue;
          }
          int best = firstKept;
          double bestSim = -1;
          for (int y = groupStart[h]; y < groupStart[h + 1]; y++) {
            int k = groupRows[y];
            if (gone[k]) {
              continue;
            }
            double s = t.similarity(rows[k], rows[i]);
            if (s > bestSim) {
              bestSim = s;
              best = k;
            }
          }
          boolean exact = t.exactHashes[rows[best]] == t.exactHashes[rows[i]];
          String reason =
              !preferred(i) && keptPreferred
                  ? "test_overlaps_train"
                  : exact ? "exact_duplicate" : "near_duplicate";
          drops.put(id(i), new Drop(id(i), id(best), reason, round(bestSim), starRows[h], round(matchedAt[g])));
        }
      }
    }

    /** Each group's linked groups, ascending. */
    private int[][] neighbours() {
      int[] degree = new int[groupCount];
      edges.forEach(e -> { degree[(int) (e >>> 32)]++; degree[(int) e]++; });
      int[][] out = new int[groupCount][];
      for (int g = 0; g < groupCount; g++) {
        out[g] = new int[degree[g]];
        degree[g] = 0;
      }
      edges.forEach(
          e -> {
            int a = (int) (e >>> 32);
            int b = (int) e;
            out[a][degree[a]++] = b;
            out[b][degree[b]++] = a;
          });
      for (int[] list : out) {
        Arrays.sort(list);
      }
      return out;
    }

    /** The best similarity between any row of one group and any row of the other. */
    private double groupSimilarity(int g, int h) {
      double best = 0;
      for (int x = groupStart[g]; x < groupStart[g + 1]; x++) {
        for (int y = groupStart[h]; y < groupStart[h + 1]; y++) {
          int i = groupRows[x];
          int j = groupRows[y];
          if (!gone[i] && !gone[j]) {
            best = Math.max(best, t.similarity(rows[i], rows[j]));
          }
        }
      }
      return best;
    }

    private boolean preferred(int i) {
      return t.preferred.get(rows[i]);
    }

    private String id(int i) {
      return t.id(rows[i]);
    }

    /** Two groups as one long, the smaller first. */
    private static long pair(int a, int b) {
      return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    }
  }

  private static double round(double v) {
    return Math.round(Math.max(v, 0) * 1000) / 1000.0;
  }

  /** Open-addressing map from long to a non-negative int: one per scope, sized for its rows. */
  private static final class LongIntMap {
    private final long[] keys;
    private final int[] values; // value + 1; 0 = empty
    private final int mask;

    LongIntMap(int expected) {
      int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
      keys = new long[capacity];
      values = new int[capacity];
      mask = capacity - 1;
    }

    /** The value already under {@code key}, or -1 after putting {@code value} there. */
    int putIfAbsent(long key, int value) {
      int at = (int) spread(key) & mask;
      while (values[at] != 0) {
        if (keys[at] == key) {
          return values[at] - 1;
        }
        at = (at + 1) & mask;
      }
      keys[at] = key;
      values[at] = value + 1;
      return -1;
    }
  }

  /** Open-addressing set of non-zero longs that grows; iteration order is not used for output. */
  private static final class LongSet {
    private long[] slots = new long[1 << 10];
    private int size;

    boolean contains(long key) {
      int mask = slots.length - 1;
      for (int at = (int) spread(key) & mask; slots[at] != 0; at = (at + 1) & mask) {
        if (slots[at] == key) {
          return true;
        }
      }
      return false;
    }

    void add(long key) {
      if (contains(key)) {
        return;
      }
      if (++size * 2 > slots.length) {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long k : old) {
          if (k != 0) {
            insert(k);
          }
        }
      }
      insert(key);
    }

    private void insert(long key) {
      int mask = slots.length - 1;
      int at = (int) spread(key) & mask;
      while (slots[at] != 0) {
        at = (at + 1) & mask;
      }
      slots[at] = key;
    }

    void forEach(java.util.function.LongConsumer each) {
      for (long k : slots) {
        if (k != 0) {
          each.accept(k);
        }
      }
    }
  }

  /** Spreads a key's bits before masking: (group, group) pairs have regular low bits. */
  private static long spread(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    return z ^ (z >>> 33);
  }
}
