package dev.repotune.extractors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCounterTest {
  private static final List<String> TEXTS =
      List.of(
          "",
          "Why?",
          "What does `Gson.toJson(Object)` return for a null argument?",
          " ".repeat(500),
          "=".repeat(400) + "\n" + "x".repeat(300),
          "Größe ändern: \uD83D\uDE00 emoji and 中文 text",
          "lone \uD800 surrogate",
          "public int size() {\n    return count;\n}\n".repeat(40));

  @Test
  void withinAgreesWithAnExactCountForEveryBound() {
    for (String text : TEXTS) {
      int n = TokenCounter.count(text);
      for (int min : new int[] {0, 1, 2, 4, n - 1, n, n + 1}) {
        for (int max : new int[] {n - 1, n, n + 1, 2048}) {
          if (min < 0 || max < min) {
            continue;
          }
          assertEquals(n >= min && n <= max, TokenCounter.within(text, 0, min, max), text + " " + min + ".." + max);
        }
      }
    }
  }

  @Test
  void theLongestTokenBoundsEveryTextsCount() {
    assertTrue(TokenCounter.MAX_TOKEN_BYTES > 1);
    for (String text : TEXTS) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      int n = TokenCounter.count(text);
      assertTrue(n <= bytes, text);
      assertTrue(n * TokenCounter.MAX_TOKEN_BYTES >= bytes, text);
      long runs = java.util.regex.Pattern.compile("[\\p{L}\\p{N}_]+").matcher(text).results().count();
      assertTrue(n >= runs, "fewer tokens than word runs: " + text);
      if (!text.contains("\uD800")) {
        assertEquals(bytes, TokenCounter.utf8Length(text));
      }
    }
  }

  @Test
  void countsAddUpAcrossCodeFences() {
    List<String> texts =
        List.of(
            "Explain `Stats.mean(int[])`:\n\n```java\npublic double mean(int[] v) {\n  return 0;\n}\n```",
            "foo();\n```\n\n  \n```java\nx\n```\n",
            "a\n```b\n```",
            "```java\ncode\n```",
            "tail spaces   \n```\nend",
            "Größe;\r\n```\n中文\n```",
            "");
    java.util.Map<String, Integer> memo = new java.util.HashMap<>();
    for (String t : texts) {
      assertEquals(TokenCounter.count(t), TokenCounter.countByFences(t, memo), t);
      assertEquals(TokenCounter.count(t), TokenCounter.countByFences(t, memo), "memoised: " + t);
    }
    for (String t : TEXTS) {
      assertEquals(TokenCounter.count(t), TokenCounter.countByFences(t, memo), t);
    }
  }

  /** A Java-like file with tabs, CRLF, indented and unindented lines, emoji and CJK: the cuts' hard cases. */
  private static final String FILE =
      "package a;\n\nimport java.util.List;\n\n/** Größe \uD83D\uDE00 docs. */\npublic class A {\r\n"
          + "\tint size;\r\n  String name = \"中文 \uD83D\uDE00\";\n\n  int size() {\n    return size;\n  }\n}\n"
          + "// trailing comment without newline";

  /**
   * Indented lines, where the pieces are cut too: slashes after indentation and after none, blank and
   * space-only lines, CRLF, tabs, and white space that only Unicode calls so (no-break space, line and
   * paragraph separators, NEL) after a newline.
   */
  private static final String INDENTED =
      "class B {\n  /** Doc. */\n  int f() {\n    return 1; // one\n  }\n\n  \n  void g() {\r\n\t\tx();\r\n"
          + "\t}\n/* top */\n//\n    //x\n  \u00A0y\n\u00A0\n  z\n \u2028w\n\u2029\n \u0085\nv\n  \r\n  }\n"
          + "    s = \"\"\"\n      text block\n      \"\"\";\n}\n   ";

  @Test
  void piecesCountEverySpanAsCountingItAlone() {
    for (String text : List.of(FILE, INDENTED, TEXTS.get(TEXTS.size() - 1))) {
      TokenCounter.Pieces pieces = TokenCounter.Pieces.of(text);
      assertEquals(TokenCounter.count(text), pieces.total());
      java.util.SplittableRandom random = new java.util.SplittableRandom(7);
      for (int i = 0; i < 1000; i++) {
        int a = random.nextInt(text.length() + 1);
        int b = random.nextInt(text.length() + 1);
        int from = Math.min(a, b);
        int to = Math.max(a, b);
        assertEquals(TokenCounter.count(text.substring(from, to)), pieces.count(from, to), from + ".." + to);
      }
      for (int from = 0; from <= text.length(); from++) {
        assertEquals(TokenCounter.count(text.substring(from)), pieces.count(from, text.length()), "from " + from);
        assertEquals(TokenCounter.count(text.substring(0, from)), pieces.count(0, from), "to " + from);
      }
    }
  }

  @Test
  void piecesAreCutAfterANewlineThatNeitherSpaceNorSlashFollows() {
    int[] cuts = TokenCounter.Pieces.of("a\n  b\nc\n\nd\n// e").cuts();
    assertEquals(List.of(0, 6, 9), java.util.Arrays.stream(cuts).boxed().toList());
    int sum = 0;
    TokenCounter.Pieces p = TokenCounter.Pieces.of(FILE);
    int[] at = p.cuts();
    for (int k = 0; k < at.length; k++) {
      sum += TokenCounter.count(FILE.substring(at[k], k + 1 < at.length ? at[k + 1] : FILE.length()));
    }
    assertEquals(TokenCounter.count(FILE), sum, "the pieces add up to the whole");
  }
}
