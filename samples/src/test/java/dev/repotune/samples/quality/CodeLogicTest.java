package dev.repotune.samples.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class CodeLogicTest {
  /** jsoup's Element.nextClassStart and nextClassEnd, verbatim: the same loop, one {@code !} apart. */
  static final String NEXT_CLASS_START =
      "```java\n"
          + "private static int nextClassStart(String classAttr, int offset, int len) {\n"
          + "    while (offset < len && StringUtil.isWhitespace(classAttr.charAt(offset))) offset++;\n"
          + "    return offset;\n"
          + "}\n```";
  static final String NEXT_CLASS_END =
      "```java\n"
          + "private static int nextClassEnd(String classAttr, int offset, int len) {\n"
          + "    while (offset < len && !StringUtil.isWhitespace(classAttr.charAt(offset))) offset++;\n"
          + "    return offset;\n"
          + "}\n```";

  @Test
  void givenANegationApart_thenTheFingerprintsDiffer() {
    String start = MinHash.maskNames(NEXT_CLASS_START, MinHash.ownNames("Element.nextClassStart(String, int, int)"));
    String end = MinHash.maskNames(NEXT_CLASS_END, MinHash.ownNames("Element.nextClassEnd(String, int, int)"));
    assertNotEquals(CodeLogic.fingerprint(start), CodeLogic.fingerprint(end));
  }

  @Test
  void givenAnOperatorOrAnOppositeWordApart_thenTheFingerprintsDiffer() {
    assertNotEquals(
        CodeLogic.fingerprint("```java\nif (b < a) {\n  a = b;\n}\n```"),
        CodeLogic.fingerprint("```java\nif (b > a) {\n  a = b;\n}\n```"));
    assertNotEquals(
        CodeLogic.fingerprint("```java\nreturn Math.min(a, b);\n```"),
        CodeLogic.fingerprint("```java\nreturn Math.max(a, b);\n```"));
    assertNotEquals(
        CodeLogic.fingerprint("```java\nreturn list.getFirst();\n```"),
        CodeLogic.fingerprint("```java\nreturn list.getLast();\n```"));
  }

  @Test
  void givenDifferencesInCommentsLiteralsLayoutOrOtherNames_thenTheSameFingerprint() {
    long base = CodeLogic.fingerprint("Implement it:\n```java\n/** Gets the minimum. */\nint f(int a) {\n  return a + 1; // one more\n}\n```");
    assertEquals(base, CodeLogic.fingerprint("Write the body:\n```java\n/** Gets the maximum! */\nint g(int b) {\n  return b+1;\n}\n```"));
    assertEquals(
        CodeLogic.fingerprint("```java\nlog(\"a < b\");\n```"), CodeLogic.fingerprint("```java\nlog(\"a > b!\");\n```"));
  }

  @Test
  void givenFencedBlocks_thenOnlyTheirCodeCounts() {
    assertEquals(
        CodeLogic.fingerprint("Is a < b here?\n```java\nx++;\n```"),
        CodeLogic.fingerprint("Is a - b there!\n```java\nx++;\n```"));
    assertNotEquals(
        CodeLogic.fingerprint("```java\nx++;\n```\nthen\n```java\ny--;\n```"),
        CodeLogic.fingerprint("```java\nx++;\n```\nthen\n```java\ny++;\n```"));
  }
}
