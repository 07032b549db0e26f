package dev.repotune.extractors.completion;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import dev.repotune.extractors.java.JavaChunker;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Chooses the middles of one file's fill-in-the-middle examples. Java middles come from the JavaParser
 * tree (method bodies, blocks, statements, expressions, rests of lines, call arguments), mixed with
 * random spans at {@code randomShare}; other languages get rests of lines and random spans. Seeded and
 * deterministic: the same text, seed and settings give the same spans.
 *
 * <p>Each draw is a random span with probability {@code randomShare}; otherwise a kind is drawn
 * uniformly among the kinds that still have candidates, then a candidate uniformly within it (so a file's
 * few method bodies are as likely as its many statements). A middle is what a developer types in one
 * go: it holds a letter or digit of code (not only whitespace, punctuation or comments), and at most
 * {@link #MAX_CHARS} characters and {@link #MAX_LINES} lines (a random span too: it is cut from a window
 * of {@code MAX_CHARS}). No end splits a surrogate pair or a CRLF.
 */
public final class FimMiddles {
  /** The most characters a middle holds. */
  public static final int MAX_CHARS = 2_000;
  /** The most lines a middle spans. */
  public static final int MAX_LINES = 40;

  /** The kinds read off the tree, in the order their candidates are offered. */
  static final List<MiddleKind> TREE_KINDS =
      List.of(MiddleKind.METHOD_BODY, MiddleKind.BLOCK, MiddleKind.STATEMENT, MiddleKind.EXPRESSION, MiddleKind.CALL_ARGS);

  /** Misses in a row (duplicate or rejected draws) after which a drawn kind (rest of line, random span) gives up. */
  private static final int MAX_MISSES = 32;

  private FimMiddles() {}

  /**
   * The tree of a Java file, parsed as the middles need it (tokens stored, Java 21 syntax), or null when
   * it does not parse. One parse serves {@link #choose} and {@link FileDependencies#of}.
   */
  public static CompilationUnit parse(String text) {
    // A parser per call: building one costs ~0.2 µs (a parse of a typical file costs ~1 ms), and
    // JavaParser instances are not thread-safe.
    try {
      ParseResult<CompilationUnit> r = new JavaParser(JavaChunker.configuration()).parse(text);
      return r.isSuccessful() ? r.getResult().orElse(null) : null;
    } catch (RuntimeException | StackOverflowError e) {
      // Very deep nesting overflows JavaParser's recursive descent; such a file is one that did not parse.
      return null;
    }
  }

  /**
   * Up to {@code count} distinct middles of {@code text}, in the order they were drawn. {@code unit} is
   * the file's parsed tree (parsed with tokens stored), or null for a file that is not Java or did not
   * parse. Every span lies inside the text, is not empty and splits no surrogate pair.
   */
  public static List<FimSpan> choose(CompilationUnit unit, String text, long seed, int count, double randomShare) {
    if (count < 0 || !(randomShare >= 0 && randomShare <= 1)) {
      throw new IllegalArgumentException("count " + count + ", randomShare " + randomShare);
    }
    TreeMiddles tree = unit == null ? null : TreeMiddles.of(unit, text);
    return new Draw(text, tree, new Random(mix(seed)), randomShare).run(count);
  }

  /** The state of one file's draws. */
  private static final class Draw {
    private final String text;
    private final Random rng;
    private final double randomShare;
    private final Map<MiddleKind, List<int[]>> tree = new EnumMap<>(MiddleKind.class);
    private final BitSet comment;
    private final BitSet code;
    private final LineRests lines;
    private final Map<MiddleKind, Integer> misses = new EnumMap<>(MiddleKind.class);
    private final Set<Long> taken = new HashSet<>();

    Draw(String text, TreeMiddles t, Random rng, double randomShare) {
      this.text = text;
      this.rng = rng;
      this.randomShare = randomShare;
      if (t != null) {
        t.candidates.forEach((k, v) -> tree.put(k, new ArrayList<>(v)));
      }
      this.comment = t == null ? null : t.comment;
      this.code = t == null ? null : t.code;
      this.lines = new LineRests(text, code);
      misses.put(MiddleKind.LINE_REST, lines.isEmpty() ? MAX_MISSES : 0);
      misses.put(MiddleKind.RANDOM_SPAN, randomShare == 0 || text.isBlank() ? MAX_MISSES : 0);
    }

    List<FimSpan> run(int count) {
      List<FimSpan> out = new ArrayList<>();
      int budget = 64 + 8 * count;
      while (out.size() < count && budget-- > 0) {
        MiddleKind kind = nextKind();
        if (kind == null) {
          break;
        }
        int[] span = draw(kind);
        if (span == null || !taken.add(((long) span[0] << 32) | span[1])) {
          misses.computeIfPresent(kind, (k, m) -> m + 1);
          continue;
        }
        misses.computeIfPresent(kind, (k, m) -> 0);
        out.add(new FimSpan(span[0], span[1], kind));
      }
      return out;
    }

    /** A random span at its share, else a kind uniformly among those left; null when none is left. */
    private MiddleKind nextKind() {
      List<MiddleKind> left = new ArrayList<>();
      for (MiddleKind k : TREE_KINDS) {
        if (!tree.getOrDefault(k, List.of()).isEmpty()) {
          left.add(k);
        }
      }
      if (misses.get(MiddleKind.LINE_REST) < MAX_MISSES) {
        left.add(MiddleKind.LINE_REST);
      }
      boolean randomLeft = misses.get(MiddleKind.RANDOM_SPAN) < MAX_MISSES;
      boolean random = rng.nextDouble() < randomShare;
      if ((random || left.isEmpty()) && randomLeft) {
        return MiddleKind.RANDOM_SPAN;
      }
      return left.isEmpty() ? null : left.get(rng.nextInt(left.size()));
    }

    private int[] draw(MiddleKind kind) {
      return switch (kind) {
        case RANDOM_SPAN -> randomSpan();
        case LINE_REST -> lines.draw(rng, comment);
        default -> {
          List<int[]> c = tree.get(kind);
          int i = rng.nextInt(c.size());
          int[] span = c.get(i);
          c.set(i, c.get(c.size() - 1));
          c.remove(c.size() - 1);
          yield span;
        }
      };
    }

    /**
     * The classic FIM cut (Bavarian et al. 2022): two uniform points, the middle between them; over the
     * whole text when it is at most {@link #MAX_CHARS} long, else over a window of that length placed
     * uniformly. An end inside a surrogate pair or a CRLF moves outwards.
     */
    private int[] randomSpan() {
      int n = text.length();
      int lo = n > MAX_CHARS ? rng.nextInt(n - MAX_CHARS + 1) : 0;
      int width = Math.min(n, MAX_CHARS);
      int a = lo + rng.nextInt(width + 1);
      int b = lo + rng.nextInt(width + 1);
      int start = Math.min(a, b);
      int end = Math.max(a, b);
      if (splits(text, start)) {
        start--;
      }
      if (splits(text, end)) {
        end++;
      }
      if (end - start > MAX_CHARS || lineCount(text, start, end) > MAX_LINES || text.substring(start, end).isBlank()) {
        return null;
      }
      return new int[] {start, end};
    }
  }

  /**
   * Whether {@code [start, end)} is a middle a developer types: within the bounds, no end splitting a
   * surrogate pair or CRLF, and a letter or digit among its code characters ({@code code} null: among
   * its characters).
   */
  static boolean typed(String text, int start, int end, BitSet code) {
    if (end <= start || end - start > MAX_CHARS || splits(text, start) || splits(text, end)) {
      return false;
    }
    if (lineCount(text, start, end) > MAX_LINES) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if ((code == null || code.get(i)) && Character.isLetterOrDigit(text.codePointAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether an offset falls inside a surrogate pair or between the two characters of a CRLF. */
  static boolean splits(String text, int at) {
    if (at <= 0 || at >= text.length()) {
      return false;
    }
    char before = text.charAt(at - 1);
    char after = text.charAt(at);
    return (Character.isHighSurrogate(before) && Character.isLowSurrogate(after)) || (before == '\r' && after == '\n');
  }

  /** The lines {@code [start, end)} touches: its line breaks ("\r\n", "\n", "\r") plus one. */
  static int lineCount(String text, int start, int end) {
    int lines = 1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        lines++;
      }
    }
    return lines;
  }

  /** SplitMix64's finaliser: neighbouring seeds give unrelated streams (java.util.Random's first draws do not). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
