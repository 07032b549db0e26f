package dev.repotune.samples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerTextTest {
  @Test
  void codeBlocksHonourLongerFencesAndAnOpenLastOne() {
    // Sources.fence makes the fence longer than any backtick run inside (a Javadoc with ``` in it)
    String text = "Lead:\n````java\n/** Use\n```\nx\n```\n */\n````\nthen\n```\n\nint a;\n```\nand\n```java\nint b;";
    assertEquals(List.of("/** Use\n```\nx\n```\n */", "\nint a;", "int b;"), AnswerText.codeBlocks(text));
    assertEquals("int b;", AnswerText.answerCode(text));
    assertEquals("Lead:\nthen\nand\n", AnswerText.withoutCodeBlocks(text));
    assertEquals("plain text", AnswerText.answerCode("  plain text \n"));
  }

  @Test
  void codeSpansSingleAndDoubleBackticksOutsideCode() {
    String text = "Call `Foo.bar()` or `` a`b `` here.\n```java\n`notASpan`\n```\nand `x`.";
    assertEquals(List.of("Foo.bar()", "a`b", "x"), AnswerText.codeSpans(text));
  }

  @Test
  void listLinesAreTheItemsWhenThereAreAny() {
    assertEquals(List.of("- a", "2. b"), AnswerText.listLines("Lead `s`:\n- a\n2. b\n… and 3 more."));
    assertEquals(List.of("one line"), AnswerText.listLines("one line"));
  }

  @Test
  void squadTokens() {
    assertEquals(List.of("returns", "gsontojson", "for", "an1", "type"),
        AnswerText.squadTokens("Returns `Gson.toJson()` for a(n) AN1, the Type."));
    assertTrue(AnswerText.squadTokens(" ... ").isEmpty());
    assertEquals(1.0, AnswerText.tokenF1(List.of(), List.of()));
    assertEquals(0.0, AnswerText.tokenF1(List.of("a"), List.of()));
    // multiset: one "x" of the answer's two is in the reference
    assertEquals(2 * 0.5 * 1.0 / 1.5, AnswerText.tokenF1(List.of("x"), List.of("x", "x")), 1e-12);
  }

  @Test
  void levenshteinAndTheLineFallback() {
    assertEquals(3, AnswerText.levenshtein("kitten", "sitting"));
    assertEquals(0, AnswerText.levenshtein("", ""));
    assertEquals(2, AnswerText.levenshtein(List.of("a", "b", "c"), List.of("a", "x")));
    String shortText = "a".repeat(AnswerText.MAX_CHARS_FOR_CHARACTER_DISTANCE);
    assertFalse(AnswerText.usesLineDistance(shortText, "b"));
    assertTrue(AnswerText.usesLineDistance(shortText + "a", "b"));
    // line level: one line of two differs, whatever the number of characters in it
    assertEquals(0.5, AnswerText.lineSimilarity("int a;\nint b;", "int a;\nlong bbbbbb;"));
  }
}
