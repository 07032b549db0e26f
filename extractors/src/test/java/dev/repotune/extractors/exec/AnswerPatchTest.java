package dev.repotune.extractors.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A teacher's code put into its file: every other byte as written, the right declaration replaced. */
class AnswerPatchTest {
  static final String FILE = """
      package fx;

      public final class Calc {
        /** The larger value. */
        public static int max(int a, int b) {
          return a >= b ? a : b;
        }

        /** The smaller value. */
        public static int min(int a, int b) {
          return a <= b ? a : b;
        }
      }
      """;

  @Test
  void theLastFencedBlockIsTheCode() {
    assertEquals(Optional.of("int x;\n"), AnswerPatch.code("First:\n```java\nint y;\n```\nthen\n```java\nint x;\n```"));
    assertEquals(Optional.empty(), AnswerPatch.code("no code here"));
    assertEquals(Optional.empty(), AnswerPatch.code("```java\n   \n```"));
  }

  @Test
  void anImplementAnswerReplacesOnlyTheMethodOfTheSpanAndKeepsItsJavadoc() {
    // the chunker's span of max starts at its Javadoc (line 4) and ends at its closing brace (line 7)
    String answer = "public static int max(int a, int b) {\n  return Math.max(a, b);\n}\n";
    String patched = AnswerPatch.replaceMethod(FILE, 4, 7, answer).orElseThrow();
    assertEquals(FILE.replace("  return a >= b ? a : b;", "  return Math.max(a, b);"), patched);
  }

  @Test
  void anAnswerWithItsOwnJavadocReplacesTheOriginalOne() {
    String answer = "  /** Whichever is larger. */\n  public static int max(int a, int b) {\n    return Math.max(a, b);\n  }";
    String patched = AnswerPatch.replaceMethod(FILE, 4, 7, answer).orElseThrow();
    assertEquals(FILE.replace("/** The larger value. */", "/** Whichever is larger. */")
        .replace("  return a >= b ? a : b;", "  return Math.max(a, b);"), patched);
  }

  @Test
  void codeThatIsNotOneMethodOrASpanWithoutOneGivesNothing() {
    assertEquals(Optional.empty(), AnswerPatch.replaceMethod(FILE, 4, 7, "return Math.max(a, b);"));
    assertEquals(Optional.empty(), AnswerPatch.replaceMethod(FILE, 4, 7, "class X {}"));
    assertEquals(Optional.empty(), AnswerPatch.replaceMethod(FILE, 1, 2, "void f() {}"));
  }

  @Test
  void aTestIsAddedBeforeTheClassesClosingBraceAndRenamedWhenItsNameIsTaken() {
    String test = """
        package fx;

        class CalcTest {
          @Test
          void maxOfTwo() {
            assertEquals(2, Calc.max(1, 2));
          }
        }
        """;
    AnswerPatch.AddedTest fresh = AnswerPatch.addTest(test, "@Test\nvoid maxOfEqual() {\n  assertEquals(4, Calc.max(4, 4));\n}")
        .orElseThrow();
    assertEquals("maxOfEqual", fresh.methodName());
    assertTrue(fresh.fileText().startsWith(test.substring(0, test.lastIndexOf('}'))), fresh.fileText());
    assertTrue(fresh.fileText().contains("\n  @Test\n  void maxOfEqual() {\n    assertEquals(4, Calc.max(4, 4));\n  }\n}\n"),
        fresh.fileText());
    AnswerPatch.AddedTest clash = AnswerPatch.addTest(test, "@Test\nvoid maxOfTwo() {\n  assertEquals(3, Calc.max(3, 1));\n}")
        .orElseThrow();
    assertEquals("maxOfTwo_answer", clash.methodName());
    assertTrue(clash.fileText().contains("void maxOfTwo_answer() {"), clash.fileText());
    assertTrue(clash.fileText().contains("void maxOfTwo() {\n    assertEquals(2, Calc.max(1, 2));"), "the real test stays");
    assertEquals(Optional.empty(), AnswerPatch.addTest(test, "int notAMethod = 1;"));
  }
}
