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
}
