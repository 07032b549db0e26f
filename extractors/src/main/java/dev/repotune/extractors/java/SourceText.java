package dev.repotune.extractors.java;

import com.github.javaparser.Position;
import com.github.javaparser.Range;
import dev.repotune.extractors.text.Lines;
import java.util.List;

/** A file's text addressed by JavaParser positions (tab size 1, so a column is a char index + 1). */
public final class SourceText {
  final String text;
  final String[] lines;
  private final int[] starts;

  public SourceText(String text) {
    this.text = text;
    this.lines = Lines.split(text);
    this.starts = Lines.starts(text);
  }

  /** The char offset of a JavaParser position, clamped to the text. */
  public int offset(Position p) {
    int line = Math.min(Math.max(p.line, 1), starts.length);
    return Math.min(text.length(), starts[line - 1] + Math.max(p.column, 1) - 1);
  }

  /** Lines {@code from..to}, 1-based inclusive, joined with '\n'. */
  String lines(int from, int to) {
    return Lines.join(lines, Math.max(1, from), Math.min(lines.length, to));
  }

  String line(int n) {
    return n >= 1 && n <= lines.length ? lines[n - 1] : "";
  }

  /** Text from {@code from} (inclusive offset) to {@code to} (exclusive), minus the cut ranges. */
  String sliceWithout(int from, int to, List<Range> cuts) {
    boolean[] drop = new boolean[Math.max(0, to - from)];
    for (Range r : cuts) {
      int a = Math.max(from, offset(r.begin));
      int b = Math.min(to, offset(r.end) + 1);
      for (int i = a; i < b; i++) {
        drop[i - from] = true;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(drop[i - from] ? ' ' : text.charAt(i));
    }
    return sb.toString();
  }

  /** Offset of the first '{' at or after {@code from} outside comments, or -1. */
  public int openBrace(int from) {
    int n = text.length();
    for (int i = from; i < n; i++) {
      char c = text.charAt(i);
      if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
        while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 1;
      } else if (c == '{') {
        return i;
      }
    }
    return -1;
  }

  /** 1-based line of an offset. */
  int lineOf(int offset) {
    int lo = 0;
    int hi = starts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  }
}
