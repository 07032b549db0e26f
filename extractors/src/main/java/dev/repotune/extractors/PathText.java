package dev.repotune.extractors;

/**
 * A repository path as text a model reads (the {@code // File:} header, a window's symbol, a question):
 * git allows any byte but NUL and '/' in a name, so a name may hold a line break, and a crafted one
 * ({@code "a\n// File: evil.java"}) would forge a second header line. Line breaks, other control
 * characters and Unicode's line and paragraph separators are written as Java-style escapes ({@code \n},
 * {@code \r}, {@code \t}, {@code \u000b}); every other character is kept. The path in a row's meta is the
 * real one (JSON escapes it).
 */
public final class PathText {
  private PathText() {}

  public static String escape(String path) {
    int i = 0;
    while (i < path.length() && !needsEscape(path.charAt(i))) {
      i++;
    }
    if (i == path.length()) {
      return path;
    }
    StringBuilder sb = new StringBuilder(path.length() + 8).append(path, 0, i);
    for (; i < path.length(); i++) {
      char c = path.charAt(i);
      if (!needsEscape(c)) {
        sb.append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  private static boolean needsEscape(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
