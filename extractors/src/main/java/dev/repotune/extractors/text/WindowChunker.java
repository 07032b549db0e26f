package dev.repotune.extractors.text;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.TokenCounter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Token-bounded windows over any text. Windows hold whole lines and prefer to end after a blank line, so
 * a window rarely cuts a paragraph or a block; a line longer than the budget is cut by characters. Every
 * line of the file is in exactly one window (or, when cut, in consecutive parts), so nothing is lost.
 */
public final class WindowChunker {
  public static final int DEFAULT_BUDGET = 512;

  /** Lines longer than this many characters per budget token are cut without counting them whole. */
  private static final int MAX_CHARS_PER_TOKEN = 8;

  private final int budget;

  public WindowChunker() {
    this(DEFAULT_BUDGET);
  }

  public WindowChunker(int budget) {
    if (budget < 16) {
      throw new IllegalArgumentException("window budget must be at least 16 tokens, got " + budget);
    }
    this.budget = budget;
  }

  public int budget() {
    return budget;
  }

  /**
   * A run of whole lines ({@code part == 0}), or the {@code part}-th slice (1-based) of one line that
   * alone exceeds the budget. Lines are 1-based.
   */
  public record Piece(int startLine, int endLine, String text, int part) {}

  public List<Chunk> chunk(SourceFile f) {
    String[] lines = Lines.split(f.text());
    List<Chunk> out = new ArrayList<>();
    String path = dev.repotune.extractors.PathText.escape(f.path());
    String context = "// File: " + path;
    for (Piece p : split(lines, 1, lines.length, budget)) {
      if (p.part() == 0 && p.text().isBlank()) {
        continue; // whitespace alone teaches nothing
      }
      String symbol =
          path + "#L" + p.startLine() + "-L" + p.endLine() + (p.part() > 0 ? " (part " + p.part() + ")" : "");
      out.add(
          Chunks.make(
              f, ChunkKind.WINDOW, symbol, p.startLine(), p.endLine(), context, p.text(),
              CodeFacts.NONE));
    }
    return out;
  }

  /** Splits lines {@code from..to} (1-based, inclusive) into pieces of at most {@code budget} tokens. */
  public static List<Piece> split(String[] lines, int from, int to, int budget) {
    List<Piece> out = new ArrayList<>();
    int[] cache = new int[Math.max(0, to - from + 1)];
    Arrays.fill(cache, -1);
    int i = from;
    while (i <= to) {
      int first = lineTokens(lines, i, from, cache, budget);
      if (first > budget) {
        splitLongLine(lines[i - 1], i, budget, out);
        i++;
        continue;
      }
      int sum = first;
      int lastBlank = lines[i - 1].isBlank() ? i : -1;
      int j = i + 1;
      while (j <= to) {
        int t = lineTokens(lines, j, from, cache, budget) + 1; // + the newline joining it
        if (sum + t > budget) {
          break;
        }
        sum += t;
        if (lines[j - 1].isBlank()) {
          lastBlank = j;
        }
        j++;
      }
      int end = j - 1;
      if (j <= to && lastBlank > i && lastBlank < end && (lastBlank - i) * 2 >= end - i) {
        end = lastBlank; // break after the blank line when that keeps at least half the window
      }
      String text = Lines.join(lines, i, end);
      // Tokens at line joins can merge, so the sum is an estimate: check the real count.
      while (end > i && TokenCounter.count(text) > budget) {
        end--;
        text = Lines.join(lines, i, end);
      }
      out.add(new Piece(i, end, text, 0));
      i = end + 1;
    }
    return out;
  }

  private static int lineTokens(String[] lines, int line, int from, int[] cache, int budget) {
    int k = line - from;
    if (cache[k] < 0) {
      String s = lines[line - 1];
      // Counting a huge line whole can be very slow (one giant BPE piece): call it over budget.
      cache[k] = s.length() > (long) budget * MAX_CHARS_PER_TOKEN ? budget + 1 : TokenCounter.count(s);
    }
    return cache[k];
  }

  /** Cuts one over-long line into slices of at most budget tokens, counting only bounded slices. */
  private static void splitLongLine(String line, int lineNo, int budget, List<Piece> out) {
    int pos = 0;
    int part = 1;
    int guess = budget * 3;
    int n = line.length();
    while (pos < n) {
      int len = Math.min(guess, n - pos);
      while (true) {
        int end = pos + len;
        if (end < n && Character.isHighSurrogate(line.charAt(end - 1))) {
          end = end - 1 > pos ? end - 1 : end + 1;
        }
        if (end < n) {
          // Prefer a cut after a space near the end. Look only that far back: lastIndexOf would scan to
          // the start of a line without spaces at every cut (95 s on a 37 MB minified line).
          int limit = pos + (end - pos) * 4 / 5;
          for (int k = end - 1; k > limit; k--) {
            if (line.charAt(k) == ' ') {
              end = k + 1;
              break;
            }
          }
        }
        String s = line.substring(pos, end);
        int t = TokenCounter.count(s);
        if (t <= budget) {
          out.add(new Piece(lineNo, lineNo, s, part++));
          int chars = end - pos;
          guess = (int) Math.max(16, Math.min((long) budget * MAX_CHARS_PER_TOKEN,
              (long) chars * budget * 95 / 100 / Math.max(1, t)));
          pos = end;
          break;
        }
        len = (int) Math.max(1, (long) (end - pos) * budget * 9 / 10 / t);
      }
    }
  }
}
