package dev.repotune.extractors.completion;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * The rests of lines of one file: from a point after a line's indentation to its end, not the line
 * break. In Java ({@code code} given) only lines with code offer one, the point lies on or before the
 * line's last code character and not inside a comment, so a rest is code being typed, not a Javadoc line.
 */
final class LineRests {
  private final String text;
  private final BitSet code;
  /** Per line that offers a rest: {@code {first point, last point, line end}}. */
  private final List<int[]> lines = new ArrayList<>();

  LineRests(String text, BitSet code) {
    this.text = text;
    this.code = code;
    int n = text.length();
    int start = 0;
    while (start <= n) {
      int end = start;
      while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      offer(start, end);
      if (end >= n) {
        break;
      }
      start = end + (text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n' ? 2 : 1);
    }
  }

  private void offer(int start, int end) {
    int first = start;
    while (first < end && (Character.isWhitespace(text.charAt(first)) || text.charAt(first) == '\uFEFF')) {
      first++;
    }
    int last = end - 1;
    while (last >= first && !(code == null ? !Character.isWhitespace(text.charAt(last)) : code.get(last))) {
      last--;
    }
    if (last >= first) {
      lines.add(new int[] {first, last, end});
    }
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  /** A rest of a uniformly drawn line from a uniformly drawn point, or null when that one is no middle. */
  int[] draw(Random rng, BitSet comment) {
    int[] line = lines.get(rng.nextInt(lines.size()));
    int at = line[0] + rng.nextInt(line[1] - line[0] + 1);
    if (FimMiddles.splits(text, at)) {
      at--;
    }
    if ((comment != null && comment.get(at)) || !FimMiddles.typed(text, at, line[2], code)) {
      return null;
    }
    return new int[] {at, line[2]};
  }
}
