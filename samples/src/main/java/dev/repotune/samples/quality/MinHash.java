package dev.repotune.samples.quality;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * MinHash signatures over word 5-grams, and their LSH band keys (Broder 1997; the near-dedup of BigCode's
 * The Stack and of datatrove/FineWeb). Words are lower-cased runs of letters, digits and underscores, so
 * {@code Foo.bar(int)} is the words {@code foo bar int}: formatting and punctuation never make two copies
 * differ. Permutation {@code i} is the multiply-shift hash {@code (a_i * x + b_i) >>> 32} of the 64-bit
 * shingle hash {@code x}, with {@code a_i}, {@code b_i} drawn from a fixed seed, so signatures are the
 * same on every machine and run.
 */
public final class MinHash implements Serializable {
  public static final int SHINGLE_WORDS = 5;

  private final int bands;
  private final int rows;
  private final long[] a;
  private final long[] b;

  public MinHash(int bands, int rows) {
    this.bands = bands;
    this.rows = rows;
    int n = bands * rows;
    a = new long[n];
    b = new long[n];
    SplittableRandom random = new SplittableRandom(0x5eed_ab1e_c0deL);
    for (int i = 0; i < n; i++) {
      a[i] = random.nextLong() | 1L;
      b[i] = random.nextLong();
    }
  }

  public static MinHash of(FilterConfig config) {
    return new MinHash(config.bands(), config.rows());
  }

  public int bands() {
    return bands;
  }

  public int rows() {
    return rows;
  }

  /**
   * The signature of {@code text}, or {@code null} when it has no words (nothing to compare: such texts
   * meet only in exact dedup). A text shorter than five words is one shingle of all its words.
   */
  public int[] signature(String text) {
    long[] shingles = shingleHashes(SampleFilters.words(text));
    if (shingles.length == 0) {
      return null;
    }
    int n = a.length;
    long[] min = new long[n];
    java.util.Arrays.fill(min, Long.MAX_VALUE);
    for (long x : shingles) {
      for (int i = 0; i < n; i++) {
        long h = (a[i] * x + b[i]) >>> 32;
        if (h < min[i]) {
          min[i] = h;
        }
      }
    }
    int[] sig = new int[n];
    for (int i = 0; i < n; i++) {
      sig[i] = (int) (min[i] & VALUE_MASK);
    }
    return sig;
  }

  /**
   * Signature values keep the low 16 bits of each minimum (b-bit minwise hashing, Li and König 2010): two
   * different minima agree by chance once in 65,536, which moves a Jaccard estimate by at most 0.00002,
   * and a JDK-sized run's 1.7 million signatures take half the memory, so dedup fits a 2 GB heap.
   */
  public static final int VALUE_BITS = 16;

  private static final long VALUE_MASK = (1L << VALUE_BITS) - 1;

  /** One key per band: a hash of the band's rows, with the band index mixed in so bands never collide. */
  public long[] bandKeys(int[] signature) {
    long[] keys = new long[bands];
    for (int band = 0; band < bands; band++) {
      keys[band] = bandKey(signature, band);
    }
    return keys;
  }

  /** The key of one band ({@link #bandKeys}). */
  public long bandKey(int[] signature, int band) {
    long h = 0x9E3779B97F4A7C15L * (band + 1);
    for (int r = 0; r < rows; r++) {
      h = mix(h ^ (signature[band * rows + r] & 0xffffffffL));
    }
    return h;
  }

  /** The share of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
  public static double similarity(int[] x, int[] y) {
    if (x == null || y == null || x.length != y.length) {
      return 0;
    }
    int same = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] == y[i]) {
        same++;
      }
    }
    return (double) same / x.length;
  }

  /**
   * A 64-bit hash of the text after lower-casing and folding every whitespace run to one space: two texts
   * that differ only in case or layout are exact duplicates.
   */
  public static long exactHash(String text) {
    // hash64 of lower-cased text with each whitespace run as one space and none at either end, computed
    // in one pass (the regex replace it stands for was a fifth of signing a row)
    String lower = text.toLowerCase(Locale.ROOT);
    int from = 0;
    int to = lower.length();
    while (from < to && Character.isWhitespace(lower.codePointAt(from))) {
      from += Character.charCount(lower.codePointAt(from));
    }
    while (to > from && Character.isWhitespace(lower.codePointBefore(to))) {
      to -= Character.charCount(lower.codePointBefore(to));
    }
    long h = 0xcbf29ce484222325L;
    boolean pendingSpace = false;
    for (int i = from; i < to; i++) {
      char c = lower.charAt(i);
      if (isRegexSpace(c)) {
        pendingSpace = true;
        continue;
      }
      if (pendingSpace) {
        h ^= ' ';
        h *= 0x100000001b3L;
        pendingSpace = false;
      }
      h ^= c;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** {@code \\s} of java.util.regex: space, tab, newline, vertical tab, form feed, carriage return. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /**
   * The text with each of {@code names} (whole words, case-sensitive) replaced by a placeholder, so that a
   * copy whose only change is its own name (a renamed method, a copy-pasted class under a new name) is
   * compared as the copy it is. Names shorter than three characters are left alone.
   */
  public static String maskNames(String text, List<String> names) {
    String out = text;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.length() >= 3) {
        out = replaceWord(out, name, "self" + i);
      }
    }
    return out;
  }

  /** Each occurrence of {@code word} with no {@code [A-Za-z0-9_$]} on either side, replaced. */
  private static String replaceWord(String text, String word, String with) {
    int at = text.indexOf(word);
    if (at < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    for (; at >= 0; at = text.indexOf(word, at + 1)) {
      int end = at + word.length();
      if (at < copied
          || at > 0 && isIdentifierChar(text.charAt(at - 1))
          || end < text.length() && isIdentifierChar(text.charAt(end))) {
        continue;
      }
      out.append(text, copied, at).append(with);
      copied = end;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** {@code [\\w$]} of java.util.regex. */
  private static boolean isIdentifierChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$';
  }

  /**
   * The names a Java symbol gives its own code: {@code Stats.weightedTotal(int[])} gives the type
   * {@code Stats} and the member {@code weightedTotal}; {@code com.acme.Stats} gives {@code Stats}.
   * Anything that is not a Java symbol (a heading, a window) gives nothing.
   */
  public static List<String> ownNames(String symbol) {
    int paren = symbol.indexOf('(');
    String head = paren >= 0 ? symbol.substring(0, paren) : symbol;
    if (!head.matches("[\\w$]+(\\.[\\w$]+)*")) {
      return List.of();
    }
    String[] parts = head.split("\\.");
    List<String> names = new java.util.ArrayList<>();
    for (int i = Math.max(0, parts.length - 2); i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      if (last || Character.isUpperCase(parts[i].charAt(0))) {
        names.add(parts[i]);
      }
    }
    return names;
  }

  /**
   * The distinct hashes ({@link #hash64}) of the word 5-grams joined by single spaces (all the words when
   * fewer), sorted, computed without a string or a boxed {@code Long} per shingle: signing every SFT row of
   * the JDK made those count.
   */
  static long[] shingleHashes(List<String> words) {
    if (words.isEmpty()) {
      return new long[0];
    }
    int width = Math.min(SHINGLE_WORDS, words.size());
    long[] out = new long[words.size() - width + 1];
    for (int i = 0; i < out.length; i++) {
      long h = 0xcbf29ce484222325L; // hash64 of the words joined by single spaces
      for (int w = i; w < i + width; w++) {
        if (w > i) {
          h ^= ' ';
          h *= 0x100000001b3L;
        }
        String word = words.get(w);
        for (int c = 0; c < word.length(); c++) {
          h ^= word.charAt(c);
          h *= 0x100000001b3L;
        }
      }
      out[i] = mix(h);
    }
    java.util.Arrays.sort(out);
    int distinct = 0;
    for (int i = 0; i < out.length; i++) {
      if (distinct == 0 || out[i] != out[distinct - 1]) {
        out[distinct++] = out[i];
      }
    }
    return java.util.Arrays.copyOf(out, distinct);
  }

  /** FNV-1a over the UTF-16 units, finished with SplitMix64's mixer for well-spread bits. */
  public static long hash64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
