package dev.repotune.samples;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds held-out FIM middles (the {@code fim/test} rows') that occur verbatim in a training text, so that
 * {@code validate} and the pipeline can prove the completion test set is not in training.
 *
 * <p>Only a middle with at least {@link #MIN_CHARS} non-whitespace characters counts ({@link #counts}):
 * {@code i++;} or {@code }} is an idiom every file repeats, not leaked text. FIM generation chooses its
 * held-out middles by the same rule, so every held-out middle is one this check can see.
 *
 * <p>One pass over the text: each middle is indexed by the hash of one {@link #K}-character window of it,
 * its anchor (of the windows starting in its first {@link #ANCHOR_RANGE} characters, the one fewest
 * other middles share, then the one with most distinct characters, so that a common idiom such as
 * {@code "        return "} is rarely an anchor); a rolling hash slides over the text, a one-bit-per-hash
 * filter that stays in cache stops most windows, and a window whose hash is an anchor's is verified with
 * {@link String#regionMatches}. The JDK's CPT is about 200 MB of text. An instance is immutable after
 * {@link #of}: reads from several threads are safe.
 */
public final class HeldOutCheck {
  /** Non-whitespace characters a middle needs to count as held-out text. */
  public static final int MIN_CHARS = 16;

  /** The anchor window's length; at most the length of any middle that counts. */
  static final int K = MIN_CHARS;

  /**
   * The anchor is one of the windows starting in a middle's first this many characters: choosing among
   * them needs a count of every candidate window, so the choice stays small for long method bodies.
   */
  static final int ANCHOR_RANGE = 32;

  private static final long BASE = 0x100000001B3L; // odd: the FNV prime, a good 64-bit multiplier
  private static final long BASE_POW = pow(BASE, K - 1);

  private final String[] middles;
  private final int[] anchorOffset;
  // open addressing: slot -> anchor hash and the first middle of its chain; next[m] chains middles
  private final long[] slotHash;
  private final int[] slotHead;
  private final int[] next;
  private final int mask;
  // one bit per anchor hash, a table small enough to stay in cache: most windows stop here
  private final long[] filter;
  private final int filterMask;

  private HeldOutCheck(List<String> kept) {
    middles = kept.toArray(new String[0]);
    anchorOffset = new int[middles.length];
    next = new int[middles.length];
    int capacity = Integer.highestOneBit(Math.max(4, middles.length * 2 - 1)) << 1;
    mask = capacity - 1;
    slotHash = new long[capacity];
    slotHead = new int[capacity];
    java.util.Arrays.fill(slotHead, -1);
    int filterBits = Integer.highestOneBit(Math.max(1 << 12, Math.min(1 << 26, middles.length * 32))) << 1;
    filter = new long[filterBits / 64];
    filterMask = filterBits - 1;
    Map<Long, Integer> shared = new HashMap<>();
    for (String m : middles) {
      Set<Long> seen = new java.util.HashSet<>();
      forEachWindow(m, (offset, h) -> {
        if (seen.add(h)) {
          shared.merge(h, 1, Integer::sum);
        }
      });
    }
    for (int i = 0; i < middles.length; i++) {
      String m = middles[i];
      int[] best = {0, Integer.MAX_VALUE, 0};
      long[] bestHash = {0};
      forEachWindow(m, (offset, h) -> {
        int n = shared.get(h);
        if (n <= best[1]) {
          int d = distinct(m, offset);
          if (n < best[1] || d > best[2]) {
            best[0] = offset;
            best[1] = n;
            best[2] = d;
            bestHash[0] = h;
          }
        }
      });
      int bit = filterBit(bestHash[0]);
      filter[bit >>> 6] |= 1L << bit;
      anchorOffset[i] = best[0];
      int slot = slotOf(bestHash[0]);
      while (slotHead[slot] >= 0 && slotHash[slot] != bestHash[0]) {
        slot = (slot + 1) & mask;
      }
      slotHash[slot] = bestHash[0];
      next[i] = slotHead[slot];
      slotHead[slot] = i;
    }
  }

  /** A check for those of {@code middles} that {@link #counts}; repeats are checked once. */
  public static HeldOutCheck of(Collection<String> middles) {
    Set<String> kept = new LinkedHashSet<>();
    for (String m : middles) {
      if (counts(m)) {
        kept.add(m);
      }
    }
    return new HeldOutCheck(new ArrayList<>(kept));
  }

  /** Whether {@code middle} has at least {@link #MIN_CHARS} non-whitespace characters. */
  public static boolean counts(String middle) {
    int n = 0;
    for (int i = 0; i < middle.length() && n < MIN_CHARS; i++) {
      if (!Character.isWhitespace(middle.charAt(i))) {
        n++;
      }
    }
    return n >= MIN_CHARS;
  }

  /** The middles checked (those that count, each once). */
  public int size() {
    return middles.length;
  }

  /** Each checked middle that occurs in {@code text}, once, in the order their ends are met. */
  public void scan(String text, Consumer<String> found) {
    if (middles.length == 0 || text.length() < K) {
      return;
    }
    Set<Integer> reported = null;
    long h = 0;
    for (int i = 0; i < text.length(); i++) {
      if (i >= K) {
        h -= text.charAt(i - K) * BASE_POW;
      }
      h = h * BASE + text.charAt(i);
      if (i < K - 1) {
        continue;
      }
      int bit = filterBit(h);
      if ((filter[bit >>> 6] & (1L << bit)) == 0) {
        continue;
      }
      int slot = slotOf(h);
      while (slotHead[slot] >= 0) {
        if (slotHash[slot] == h) {
          int windowStart = i - K + 1;
          for (int m = slotHead[slot]; m >= 0; m = next[m]) {
            String middle = middles[m];
            int start = windowStart - anchorOffset[m];
            if (start >= 0
                && start + middle.length() <= text.length()
                && text.regionMatches(start, middle, 0, middle.length())) {
              if (reported == null) {
                reported = new java.util.HashSet<>();
              }
              if (reported.add(m)) {
                found.accept(middle);
              }
            }
          }
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }

  /** The checked middles that occur in {@code text}, each once. */
  public List<String> foundIn(String text) {
    List<String> out = new ArrayList<>();
    scan(text, out::add);
    return out;
  }

  private int filterBit(long h) {
    return (int) (h ^ (h >>> 29)) & filterMask;
  }

  private int slotOf(long h) {
    long x = h * 0x9E3779B97F4A7C15L;
    return (int) (x >>> 32) & mask;
  }

  private interface WindowVisitor {
    void visit(int offset, long hash);
  }

  /** The hash of each K-character window of {@code s} that starts in its first {@link #ANCHOR_RANGE}. */
  private static void forEachWindow(String s, WindowVisitor visitor) {
    long h = 0;
    int end = Math.min(s.length(), ANCHOR_RANGE + K - 1);
    for (int i = 0; i < end; i++) {
      if (i >= K) {
        h -= s.charAt(i - K) * BASE_POW;
      }
      h = h * BASE + s.charAt(i);
      if (i >= K - 1) {
        visitor.visit(i - K + 1, h);
      }
    }
  }

  /** Distinct characters in the window at {@code offset}: a window of one repeated character is a poor anchor. */
  private static int distinct(String s, int offset) {
    long low = 0;
    long high = 0; // characters by their low 7 bits: enough to tell a varied window from a repeated one
    for (int i = offset; i < offset + K; i++) {
      int c = s.charAt(i) & 127;
      if (c < 64) {
        low |= 1L << c;
      } else {
        high |= 1L << c;
      }
    }
    return Long.bitCount(low) + Long.bitCount(high);
  }

  private static long pow(long b, int e) {
    long r = 1;
    for (int i = 0; i < e; i++) {
      r *= b;
    }
    return r;
  }
}
