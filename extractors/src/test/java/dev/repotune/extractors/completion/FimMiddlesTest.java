package dev.repotune.extractors.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FimMiddlesTest {
  /** Every candidate gets drawn: far more than any fixture here has. */
  private static final int ALL = 2_000;

  /**
   * A small class in lines; {@code I} marks one indentation step. Identifiers in Latin with umlauts,
   * Cyrillic and CJK; emoji in a string and a comment.
   */
  private static final List<String> SMALL =
      List.of(
          "package p;",
          "",
          "/** Größen. 😀 remark */",
          "class Größe {",
          "I// remark 🎉 in a line comment",
          "Iint größe = 4;",
          "",
          "Iint f(int x) {",
          "IIif (x > größe) {",
          "IIIreturn g(x, \"😀\");",
          "II}",
          "IIreturn 0;",
          "I}",
          "",
          "Iint g(int счёт, String 名前) {",
          "IIreturn счёт + 名前.length();",
          "I}",
          "}");

  private static String join(List<String> lines, String eol, String indent, boolean bom) {
    return (bom ? "\uFEFF" : "") + String.join(eol, lines).replace("I", indent) + eol;
  }

  private static Map<MiddleKind, Set<String>> middlesByKind(String text, CompilationUnit unit, double randomShare) {
    Map<MiddleKind, Set<String>> by = new EnumMap<>(MiddleKind.class);
    for (FimSpan s : FimMiddles.choose(unit, text, 7, ALL, randomShare)) {
      by.computeIfAbsent(s.kind(), k -> new TreeSet<>()).add(s.middle(text));
    }
    return by;
  }

  @Test
  void givenEachLayout_thenEachTreeKindIsWhatItSays() {
    for (String[] layout : new String[][] {{"\n", "  ", ""}, {"\r\n", "\t", "bom"}, {"\r\n", "    ", ""}}) {
      String eol = layout[0];
      String i = layout[1];
      String text = join(SMALL, eol, i, !layout[2].isEmpty());
      CompilationUnit unit = FimMiddles.parse(text);
      assertNotNull(unit, "parses: " + text);
      Map<MiddleKind, Set<String>> by = middlesByKind(text, unit, 0);
      assertEquals(EnumSet.complementOf(EnumSet.of(MiddleKind.RANDOM_SPAN)), by.keySet(), by.toString());

      String fBody =
          eol + i + i + "if (x > größe) {" + eol + i + i + i + "return g(x, \"😀\");" + eol + i + i + "}" + eol + i + i
              + "return 0;" + eol + i;
      String gBody = eol + i + i + "return счёт + 名前.length();" + eol + i;
      assertEquals(Set.of(fBody, gBody), by.get(MiddleKind.METHOD_BODY));
      assertEquals(Set.of(eol + i + i + i + "return g(x, \"😀\");" + eol + i + i), by.get(MiddleKind.BLOCK));
      assertEquals(
          Set.of(
              "if (x > größe) {" + eol + i + i + i + "return g(x, \"😀\");" + eol + i + i + "}",
              "return g(x, \"😀\");",
              "return 0;",
              "return счёт + 名前.length();"),
          by.get(MiddleKind.STATEMENT));
      assertEquals(
          Set.of("4", "x > größe", "g(x, \"😀\")", "x", "0", "счёт + 名前.length()"), by.get(MiddleKind.EXPRESSION));
      assertEquals(Set.of("x, \"😀\""), by.get(MiddleKind.CALL_ARGS));
      Set<String> rests = by.get(MiddleKind.LINE_REST);
      assertTrue(rests.size() > 40, rests.toString());
      for (String rest : rests) {
        assertFalse(rest.contains("remark"), "a Java rest of line starts in code: " + rest);
        assertTrue(endsALine(text, rest), "the rest of a line: [" + rest + "]");
      }
      checkAll(text, unit);
    }
  }

  @Test
  void givenUnicodeEscapesTabsAndEmoji_thenEverySpanReparsesAsItsKind() {
    String text =
        "\uFEFFclass E {\r\n"
            + "\tchar c = '\\u0041'; int \\u0061b = 2;\r\n"
            + "\tString s = \"\\uD83D\\uDE00 and 🎉🎉 and 𝔘\"; // 😀😀 comment\r\n"
            + "\tvoid m(int 𝔘x) {\r\n"
            + "\t\tSystem.out.println(s + \"😀\" + 𝔘x); /* 🎉 */ m(\\u0061b);\r\n"
            + "\t\tRunnable r = () -> System.out.println(\"€\" + c);\r\n"
            + "\t\tfor (String t : java.util.List.of(\"😀\", \"x\")) { if (!t.isEmpty()) { m(t.length()); } }\r\n"
            + "\t}\r\n"
            + "}\r\n";
    CompilationUnit unit = FimMiddles.parse(text);
    assertNotNull(unit);
    Map<MiddleKind, Set<String>> by = middlesByKind(text, unit, 0.2);
    assertTrue(by.get(MiddleKind.CALL_ARGS).contains("\\u0061b"), by.toString());
    assertTrue(by.get(MiddleKind.EXPRESSION).contains("'\\u0041'"), by.toString());
    assertTrue(by.get(MiddleKind.EXPRESSION).contains("System.out.println(\"€\" + c)"), "a lambda's expression body");
    checkAll(text, unit);
  }

  /**
   * Checks every span of many seeds against the text: inside it, not blank, no split surrogate pair or
   * CRLF, within the bounds, and each tree kind reparses as what it says (a span shifted by one
   * character would not).
   */
  private static void checkAll(String text, CompilationUnit unit) {
    JavaParser reparser = new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21));
    for (long seed = 0; seed < 40; seed++) {
      for (FimSpan s : FimMiddles.choose(unit, text, seed, 12, 0.3)) {
        String middle = s.middle(text);
        assertEquals(text, s.prefix(text) + middle + s.suffix(text));
        assertFalse(middle.isBlank(), s.toString());
        assertTrue(middle.length() <= FimMiddles.MAX_CHARS);
        for (int at : new int[] {s.start(), s.end()}) {
          if (at > 0 && at < text.length()) {
            assertFalse(Character.isHighSurrogate(text.charAt(at - 1)) && Character.isLowSurrogate(text.charAt(at)), s + " splits a pair");
            assertFalse(text.charAt(at - 1) == '\r' && text.charAt(at) == '\n', s + " splits a CRLF");
          }
        }
        ParseResult<?> r =
            switch (s.kind()) {
              case METHOD_BODY, BLOCK -> reparser.parseBlock("{" + middle + "}");
              case STATEMENT -> reparser.parseStatement(middle);
              case EXPRESSION -> reparser.parseExpression(middle);
              case CALL_ARGS -> reparser.parseExpression("f(" + middle + ")");
              case LINE_REST -> null;
              case RANDOM_SPAN -> null;
            };
        if (r != null) {
          assertTrue(r.isSuccessful(), s.kind() + " does not reparse: [" + middle + "] " + r.getProblems());
        }
        if (s.kind() == MiddleKind.LINE_REST) {
          assertTrue(s.end() == text.length() || text.charAt(s.end()) == '\n' || text.charAt(s.end()) == '\r', s.toString());
          assertFalse(middle.contains("\n") || middle.contains("\r"));
          int lineStart = Math.max(text.lastIndexOf('\n', s.start() - 1), text.lastIndexOf('\r', s.start() - 1)) + 1;
          String before = text.substring(lineStart, s.start()).replace("\uFEFF", "");
          assertTrue(!before.isBlank() || !Character.isWhitespace(middle.charAt(0)), "starts after the indentation: " + s);
        }
      }
    }
  }

  @Test
  void givenMostlyEmoji_thenRandomSpansAndRestsOfLinesMoveOffSurrogatePairs() {
    String line = "// 😀🎉😀🎉😀🎉😀🎉 𝔘𝔘 🎉😀\r\n";
    String text = line.repeat(20) + "class Z { String s = \"😀🎉😀🎉😀🎉😀🎉😀\"; }\r\n" + line.repeat(5);
    CompilationUnit unit = FimMiddles.parse(text);
    assertNotNull(unit);
    for (long seed = 0; seed < 200; seed++) {
      for (FimSpan s : FimMiddles.choose(unit, text, seed, 4, 0.8)) {
        for (int at : new int[] {s.start(), s.end()}) {
          assertFalse(at > 0 && Character.isHighSurrogate(text.charAt(at - 1)) && Character.isLowSurrogate(text.charAt(at)), s.toString());
        }
      }
    }
    checkAll(text, unit);
    checkAll(text, null);
  }

  @Test
  void givenSameSeed_thenSameSpans_andAnotherSeedGivesOthers() {
    String text = bigFile(60);
    CompilationUnit unit = FimMiddles.parse(text);
    List<FimSpan> a = FimMiddles.choose(unit, text, 42, 20, 0.25);
    assertEquals(20, a.size());
    assertEquals(a, FimMiddles.choose(FimMiddles.parse(text), text, 42, 20, 0.25));
    assertNotEquals(a, FimMiddles.choose(unit, text, 43, 20, 0.25));
    assertEquals(20, new HashSet<>(a.stream().map(s -> List.of(s.start(), s.end())).toList()).size(), "distinct spans");
    checkAll(text, unit);
  }

  @Test
  void givenRandomShare_thenRandomSpansComeAtAboutThatShare() {
    String text = bigFile(80);
    CompilationUnit unit = FimMiddles.parse(text);
    int random = 0;
    int all = 0;
    for (long seed = 0; seed < 50; seed++) {
      for (FimSpan s : FimMiddles.choose(unit, text, seed, 10, 0.3)) {
        all++;
        random += s.kind() == MiddleKind.RANDOM_SPAN ? 1 : 0;
      }
    }
    assertEquals(500, all);
    assertTrue(random > 110 && random < 190, random + " random spans of 500");
    assertTrue(FimMiddles.choose(unit, text, 1, 200, 0).stream().noneMatch(s -> s.kind() == MiddleKind.RANDOM_SPAN));
    assertTrue(FimMiddles.choose(unit, text, 1, 50, 1).stream().allMatch(s -> s.kind() == MiddleKind.RANDOM_SPAN));
  }

  @Test
  void givenCount_thenAtMostThatMany() {
    String text = join(SMALL, "\n", "  ", false);
    CompilationUnit unit = FimMiddles.parse(text);
    assertEquals(List.of(), FimMiddles.choose(unit, text, 1, 0, 0.5));
    assertEquals(3, FimMiddles.choose(unit, text, 1, 3, 0.5).size());
    assertEquals(1, FimMiddles.choose(unit, text, 1, 1, 0).size());
    assertEquals(List.of(), FimMiddles.choose(null, " \n\t\n", 1, 5, 0.5), "whitespace offers no middle");
    assertEquals(List.of(), FimMiddles.choose(null, "", 1, 5, 0.5));
    assertThrows(IllegalArgumentException.class, () -> FimMiddles.choose(unit, text, 1, -1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> FimMiddles.choose(unit, text, 1, 1, 1.5));
  }

  @Test
  void givenNotJava_thenOnlyRestsOfLinesAndRandomSpans() {
    String text = "# Title 😀\r\n\r\nSome *prose* with größe and 🎉 emoji.\r\n\r\n- item one\r\n- item two\r\n";
    Map<MiddleKind, Set<String>> by = middlesByKind(text, null, 0.5);
    assertEquals(EnumSet.of(MiddleKind.LINE_REST, MiddleKind.RANDOM_SPAN), by.keySet());
    assertTrue(by.get(MiddleKind.LINE_REST).size() > 10);
    for (String rest : by.get(MiddleKind.LINE_REST)) {
      assertTrue(endsALine(text, rest), "the rest of a line: [" + rest + "]");
    }
    checkAll(text, null);
  }

  @Test
  void givenTreeOfAnotherText_thenNoTreeMiddles() {
    String text = join(SMALL, "\n", "  ", false);
    CompilationUnit other = FimMiddles.parse(text.replace("größe", "size"));
    Set<MiddleKind> kinds = middlesByKind(text, other, 0.5).keySet();
    assertEquals(EnumSet.of(MiddleKind.LINE_REST, MiddleKind.RANDOM_SPAN), kinds);
  }

  @Test
  void givenBrokenJava_thenParseIsNull() {
    assertNull(FimMiddles.parse("class A { void m( { }"));
    assertNull(FimMiddles.parse("class A { int x = ; }"));
    assertNotNull(FimMiddles.parse("record R(int a) { R { if (a < 0) throw new IllegalArgumentException(); } }"));
    assertNotNull(FimMiddles.parse("class S { String f(Object o) { return switch (o) { case Integer i when i > 1 -> \"big\"; default -> \"\"; }; } }"));
  }

  @Test
  void givenHugeMethod_thenItsBodyIsNoMiddleButItsStatementsAre() {
    StringBuilder sb = new StringBuilder("class H {\n  void big() {\n");
    for (int k = 0; k < 60; k++) {
      sb.append("    call").append(k).append("(").append(k).append(");\n");
    }
    sb.append("  }\n  void small() {\n    call(1);\n  }\n}\n");
    String text = sb.toString();
    Map<MiddleKind, Set<String>> by = middlesByKind(text, FimMiddles.parse(text), 0);
    assertEquals(Set.of("\n    call(1);\n  "), by.get(MiddleKind.METHOD_BODY));
    assertTrue(by.get(MiddleKind.STATEMENT).contains("call59(59);"));
    assertFalse(by.get(MiddleKind.CALL_ARGS).isEmpty());
  }

  @Test
  void givenCommentsAndEmptyCalls_thenNoTreeMiddleIsACommentOrEmpty() {
    String text =
        "class C {\n"
            + "  /** remark remark. */\n"
            + "  void m() {\n"
            + "    /* remark */\n"
            + "  }\n"
            + "  void n() {\n"
            + "    // remark\n"
            + "    m();\n"
            + "    s(\"\");\n"
            + "  }\n"
            + "  void s(String x) {}\n"
            + "}\n";
    Map<MiddleKind, Set<String>> by = middlesByKind(text, FimMiddles.parse(text), 0);
    assertEquals(Set.of("\n    // remark\n    m();\n    s(\"\");\n  "), by.get(MiddleKind.METHOD_BODY));
    assertNull(by.get(MiddleKind.CALL_ARGS), "m() has no arguments and \"\" has no letter: " + by);
    assertEquals(Set.of("m();", "s(\"\");"), by.get(MiddleKind.STATEMENT));
  }

  /** Whether {@code rest} is the end of one of the text's lines, after its indentation. */
  private static boolean endsALine(String text, String rest) {
    for (String line : text.split("\r\n|\r|\n")) {
      if (line.endsWith(rest) && line.replace("\uFEFF", "").strip().endsWith(rest.strip()) && rest.equals(rest.stripTrailing())) {
        return !rest.strip().isEmpty();
      }
    }
    return false;
  }

  private static String bigFile(int methods) {
    StringBuilder sb = new StringBuilder("package big;\n\nimport java.util.List;\n\n/** A class. */\npublic class Big {\n");
    for (int k = 0; k < methods; k++) {
      sb.append("  /** Method ").append(k).append(" 😀. */\n");
      sb.append("  int m").append(k).append("(List<String> xs, int n) {\n");
      sb.append("    int total = n * ").append(k).append(";\n");
      sb.append("    for (String x : xs) {\n");
      sb.append("      if (x.length() > ").append(k % 7).append(") {\n");
      sb.append("        total += Math.max(x.length(), n);\n");
      sb.append("      }\n    }\n");
      sb.append("    return total + helper(\"név\", ").append(k).append(");\n  }\n\n");
    }
    sb.append("  int helper(String s, int k) {\n    return s.length() + k;\n  }\n}\n");
    return sb.toString();
  }
}
