package dev.repotune.extractors.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Line splitting that agrees with JavaParser's line numbers: "\r\n", "\r" and "\n" each end a line, and
 * a final terminator does not start an extra empty line.
 */
public final class Lines {
  private Lines() {}

  public static String[] split(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        out.add(text.substring(start, i));
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < n) {
      out.add(text.substring(start));
    }
    return out.toArray(new String[0]);
  }

  /** Offsets of each line's first character in {@code text}, consistent with {@link #split}. */
  public static int[] starts(String text) {
    List<Integer> out = new ArrayList<>();
    out.add(0);
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
          i++;
        }
        out.add(i + 1);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Lines {@code from..to} (1-based, inclusive) joined with '\n'. */
  public static String join(String[] lines, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i <= to; i++) {
      if (i > from) {
        sb.append('\n');
      }
      sb.append(lines[i - 1]);
    }
    return sb.toString();
  }

  public static boolean isBlank(String line) {
    return line.isBlank();
  }
}
