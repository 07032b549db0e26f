package dev.repotune.extractors.completion;

import java.io.Serializable;

/**
 * A middle: the UTF-16 offsets {@code [start, end)} of a file's text and what it is. {@code prefix =
 * text[0, start)}, {@code middle = text[start, end)}, {@code suffix = text[end, length)}; neither end
 * splits a surrogate pair.
 */
public record FimSpan(int start, int end, MiddleKind kind) implements Serializable {
  public FimSpan {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  public String prefix(String text) {
    return text.substring(0, start);
  }

  public String middle(String text) {
    return text.substring(start, end);
  }

  public String suffix(String text) {
    return text.substring(end);
  }
}
