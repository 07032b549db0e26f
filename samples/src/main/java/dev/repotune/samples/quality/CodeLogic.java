package dev.repotune.samples.quality;

import java.util.Locale;
import java.util.Set;

/**
 * What word shingles cannot see in code: its operators and negations ({@code !}, {@code <} against
 * {@code >}) and the words that name one of a pair of opposites ({@code min}/{@code max},
 * {@code start}/{@code end}). MinHash reads words only, so jsoup's {@code nextClassStart} and
 * {@code nextClassEnd} (the same loop, {@code isWhitespace} against {@code !isWhitespace}) came out
 * 0.80 similar, and commons-lang3's {@code NumberUtils.min} and {@code max} more: two methods of
 * opposite logic are never copies. {@link #fingerprint} hashes these tokens in order; code rows whose
 * fingerprints differ are not compared.
 */
public final class CodeLogic {
  private CodeLogic() {}

  /**
   * Words that name one side of a pair of opposites, as they appear in identifiers (camel-case and
   * underscore parts, lower-cased).
   */
  static final Set<String> OPPOSITES =
      Set.of(
          "min", "max", "minimum", "maximum", "first", "last", "start", "end", "begin", "head", "tail",
          "left", "right", "upper", "lower", "before", "after", "next", "prev", "previous", "true", "false",
          "add", "remove", "push", "pop", "open", "close", "increment", "decrement", "inc", "dec", "up",
          "down", "floor", "ceil", "ceiling", "greater", "less", "asc", "desc", "ascending", "descending",
          "positive", "negative", "lt", "gt", "le", "ge", "enable", "disable", "enabled", "disabled",
          "show", "hide", "lock", "unlock", "encode", "decode", "read", "write", "leading", "trailing",
          "prefix", "suffix");

  private static final String OPERATOR_CHARS = "!<>=&|+-*/%^~?";

  /**
   * A hash of the operators and opposite words of the code in {@code text}'s fenced blocks (all of
   * {@code text} when it has none), in order; comments and string and character literals are skipped
   * (a Javadoc's prose is compared by the shingles, not here).
   */
  public static long fingerprint(String text) {
    StringBuilder tokens = new StringBuilder();
    int fence = text.indexOf("```");
    if (fence < 0) {
      scan(text, tokens);
    }
    while (fence >= 0) {
      int open = text.indexOf('\n', fence);
      if (open < 0) {
        break;
      }
      int close = text.indexOf("```", open);
      scan(text.substring(open + 1, close < 0 ? text.length() : close), tokens);
      fence = close < 0 ? -1 : text.indexOf("```", close + 3);
    }
    return MinHash.hash64(tokens.toString());
  }

  /** Appends the tokens of one block of code, each followed by a space. */
  static void scan(String code, StringBuilder tokens) {
    int n = code.length();
    int i = 0;
    while (i < n) {
      char c = code.charAt(i);
      if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
        int end = code.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
        int end = code.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (c == '"' || c == '\'') {
        i = literalEnd(code, i);
      } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
        int from = i;
        while (i < n && OPERATOR_CHARS.indexOf(code.charAt(i)) >= 0 && !startsComment(code, i)) {
          i++;
        }
        tokens.append(code, from, Math.max(i, from + 1)).append(' ');
        i = Math.max(i, from + 1);
      } else if (Character.isJavaIdentifierStart(c)) {
        int from = i;
        while (i < n && Character.isJavaIdentifierPart(code.charAt(i))) {
          i++;
        }
        opposites(code.substring(from, i), tokens);
      } else {
        i++;
      }
    }
  }

  private static boolean startsComment(String code, int i) {
    return code.charAt(i) == '/' && i + 1 < code.length() && (code.charAt(i + 1) == '/' || code.charAt(i + 1) == '*');
  }

  /** The index after the literal that opens at {@code at} (a text block's quotes are three literals). */
  private static int literalEnd(String code, int at) {
    char quote = code.charAt(at);
    int i = at + 1;
    while (i < code.length() && code.charAt(i) != quote && code.charAt(i) != '\n') {
      i += code.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 1, code.length());
  }

  /** The parts of an identifier ({@code nextClassEnd}: next, class, end) that name an opposite. */
  private static void opposites(String identifier, StringBuilder tokens) {
    int from = 0;
    for (int i = 1; i <= identifier.length(); i++) {
      boolean cut =
          i == identifier.length()
              || identifier.charAt(i) == '_'
              || Character.isUpperCase(identifier.charAt(i)) && !Character.isUpperCase(identifier.charAt(i - 1))
              || Character.isDigit(identifier.charAt(i)) != Character.isDigit(identifier.charAt(i - 1));
      if (cut) {
        String part = identifier.substring(from, i).replace("_", "").toLowerCase(Locale.ROOT);
        if (OPPOSITES.contains(part)) {
          tokens.append(part).append(' ');
        }
        from = i;
      }
    }
  }
}
