package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.java.JavaChunker;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The exec teacher: fix-bug rows from a broken method a test catches, and implement prompts for pairs. */
class ExecTeacherTest {
  private static final String REPO = "https://github.com/example/wordkit.git";
  private static final String PATH = "core/src/main/java/com/example/text/Words.java";
  private static final String SOURCE =
      """
      package com.example.text;

      import java.util.List;

      /** Joins and counts words. */
      public final class Words {
        private final String separator;

        public Words(String separator) {
          this.separator = separator;
        }

        /**
         * Joins the first {@code n} words with the separator.
         *
         * @param words the words
         * @param n how many to join
         * @return the joined words
         */
        public String joinFirst(List<String> words, int n) {
          StringBuilder b = new StringBuilder();
          for (int i = 0; i < n && i < words.size(); i++) {
            if (i > 0) {
              b.append(separator);
            }
            b.append(words.get(i));
          }
          return b.toString();
        }

        int countLonger(List<String> words, int length) {
          int count = 0;
          for (String w : words) {
            if (w.length() > length) {
              count++;
            }
          }
          return count;
        }
      }
      """;

  private static final List<Chunk> CHUNKS =
      new JavaChunker().chunk(new SourceFile(REPO, "c0ffee", PATH, "java", "sha", SOURCE));
  private static final ExecTeacher TEACHER = ExecTeacher.create(42L);
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n.*?\\n```");

  private static IndexedChunk chunk(String symbolPrefix) {
    Chunk c = CHUNKS.stream().filter(x -> x.symbol().startsWith(symbolPrefix)).findFirst().orElseThrow();
    return new IndexedChunk(c, IndexFacts.NONE);
  }

  /** The method as the file has it (indented, without its Javadoc), and a copy with {@code <} made {@code <=}. */
  private static final String JOIN_FIRST = SOURCE.substring(SOURCE.indexOf("  public String joinFirst"),
      SOURCE.indexOf("\n\n  int countLonger"));
  private static final String JOIN_FIRST_BROKEN = JOIN_FIRST.replace("i < n &&", "i <= n &&");

  private static final String TEST_TEXT =
      "  @Test\n  void joinsTheFirstTwo() {\n    assertEquals(\"a-b\", new Words(\"-\").joinFirst(List.of(\"a\", \"b\", \"c\"), 2));\n  }\n";

  private static FixBugTask task(String failingTest, String message, String testText) {
    return new FixBugTask(REPO, PATH, "Words.joinFirst(List, int)", "Words", JOIN_FIRST, JOIN_FIRST_BROKEN,
        "conditional-boundary", failingTest, message, testText);
  }

  @Test
  void givenABrokenMethod_thenTheRequestShowsTheFailingTestItsMessageAndTheBrokenCode_andTheAnswerTheMethodAsWritten() {
    FixBugTask t = task("com.example.text.WordsTest#joinsTheFirstTwo()",
        "expected: <a-b> but was: <a-b-c>", TEST_TEXT);
    QaPair p = TEACHER.fixBug(t);
    assertEquals(TaskKind.FIX_BUG, p.taskKind());
    assertEquals(t.sourceId(), p.chunkId());
    assertEquals(OfflineTeacher.NAME, p.teacher());
    assertEquals(TEACHER.promptVersion(), p.promptVersion());
    String q = p.question();
    assertTrue(q.contains("`com.example.text.WordsTest#joinsTheFirstTwo()`"), q);
    assertTrue(q.contains("\n\nThe test fails with:\n```\nexpected: <a-b> but was: <a-b-c>\n```"), q);
    assertTrue(q.contains("\n\nThe test:\n" + Sources.fence(Sources.dedent(TEST_TEXT))), q);
    assertTrue(q.endsWith("\n\n`Words.joinFirst(List, int)` as it is now:\n"
        + Sources.fence(Sources.dedent(JOIN_FIRST_BROKEN))), q);
    assertTrue(q.contains("for (int i = 0; i <= n && i < words.size(); i++) {"), q);
    assertFalse(q.contains("i < n &&"), "the request shows only the broken method: " + q);
    String a = p.answer();
    assertTrue(a.endsWith(":\n\n" + Sources.fence(Sources.dedent(JOIN_FIRST))), a);
    assertTrue(a.contains("for (int i = 0; i < n && i < words.size(); i++) {"), a);
    assertFalse(a.contains("i <= n"), a);
    FixBugTask atColumnZero = new FixBugTask(REPO, PATH, t.symbol(), "Words", Sources.dedent(JOIN_FIRST),
        Sources.dedent(JOIN_FIRST_BROKEN), "conditional-boundary", t.failingTest(), t.failureMessage(), "");
    assertTrue(TEACHER.fixBug(atColumnZero).answer().contains("\n```java\n" + Sources.dedent(JOIN_FIRST) + "\n```"),
        "the method as written, verbatim");
    for (String text : List.of(q, a)) {
      String lower = text.toLowerCase(Locale.ROOT);
      assertFalse(lower.contains("mutant") || lower.contains("mutation") || lower.contains("mutat"), text);
      assertFalse(lower.contains("conditional") || lower.contains("boundary"), "the edit's kind is meta only: " + text);
    }
  }

  @Test
  void givenNoTestCodeOrNoMessage_thenTheRequestSaysOnlyWhatItHas() {
    QaPair p = TEACHER.fixBug(task("com.example.text.WordsTest#joinsTheFirstTwo()", "  ", ""));
    assertTrue(p.question().contains("\n\nThe test fails without a message.\n\n`Words.joinFirst"), p.question());
    assertFalse(p.question().contains("The test:"), p.question());
    assertEquals(1, JAVA_BLOCK.matcher(p.question()).results().count(), "only the broken method: " + p.question());
  }

  @Test
  void givenAStackTraceOrAHugeMessage_thenTheMessageIsCutAndTheCutMarked() {
    String trace = "expected: <1> but was: <2>\n\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)\n"
        + "\tat com.example.text.WordsTest.joinsTheFirstTwo(WordsTest.java:12)\n";
    assertEquals("expected: <1> but was: <2>", ExecTeacher.failure(trace));
    String line = "x".repeat(99) + "\n";
    String huge = line.repeat(100);
    String cut = ExecTeacher.failure(huge);
    assertTrue(cut.length() <= ExecTeacher.MAX_FAILURE_CHARS + 2, "length " + cut.length());
    assertTrue(cut.endsWith("x\n…"), cut.substring(cut.length() - 10));
    assertTrue(huge.startsWith(cut.substring(0, cut.length() - 2)), "a prefix of the message, on a line end");
    assertEquals("short", ExecTeacher.failure("short\r\n"));
  }

  @Test
  void givenManyIds_thenEachWordingIsStablePerIdAndTheyCoverThePhrasings() {
    Set<String> heads = new HashSet<>();
    Set<String> leads = new HashSet<>();
    ExecTeacher again = ExecTeacher.create(42L);
    ExecTeacher otherSeed = ExecTeacher.create(43L);
    int differsWithSeed = 0;
    for (int i = 0; i < 200; i++) {
      String test = "com.example.text.WordsTest#case" + i + "()";
      FixBugTask t = task(test, "expected: <a> but was: <b>", TEST_TEXT);
      QaPair p = TEACHER.fixBug(t);
      assertEquals(p, again.fixBug(t), "the same id and seed choose the same words");
      assertEquals(p, TEACHER.fixBug(task(test, "expected: <a> but was: <b>", TEST_TEXT)));
      if (!p.equals(otherSeed.fixBug(t))) {
        differsWithSeed++;
      }
      heads.add(p.question().substring(0, p.question().indexOf("\n\n")).replace(test, "T"));
      leads.add(p.answer().substring(0, p.answer().indexOf("\n\n")));
    }
    Phrasings ph = Phrasings.load();
    assertEquals(ph.group("fix-bug.q").size(), heads.size(), heads.toString());
    assertEquals(ph.group("fix-bug.a").size(), leads.size(), leads.toString());
    assertTrue(heads.size() >= 4 && leads.size() >= 3, heads + " " + leads);
    assertTrue(differsWithSeed > 100, "the seed chooses too: " + differsWithSeed);
  }

  @Test
  void givenTheTask_thenItsIdNamesTheBugAndTheTestButNotHowTheRunWordedOrTaggedIt() {
    FixBugTask t = task("com.example.text.WordsTest#joinsTheFirstTwo()", "expected: <a-b>", TEST_TEXT);
    assertEquals(t.sourceId(), task("com.example.text.WordsTest#joinsTheFirstTwo()", "other message", "").sourceId());
    assertNotEquals(t.sourceId(), task("com.example.text.WordsTest#other()", "expected: <a-b>", TEST_TEXT).sourceId());
    FixBugTask otherBug = new FixBugTask(REPO, PATH, t.symbol(), "Words", JOIN_FIRST,
        JOIN_FIRST.replace("i > 0", "i >= 0"), "conditional-boundary", t.failingTest(), "", "");
    assertNotEquals(t.sourceId(), otherBug.sourceId());
    assertThrows(IllegalArgumentException.class, () -> new FixBugTask(REPO, PATH, t.symbol(), "Words", JOIN_FIRST,
        JOIN_FIRST, "none", t.failingTest(), "", ""));
  }

  @Test
  void givenThePhrasings_thenNoFixBugTemplateSaysHowTheBugWasMade() {
    Phrasings ph = Phrasings.load();
    int templates = 0;
    for (String group : List.of("fix-bug.q", "fix-bug.a")) {
      for (String t : ph.group(group)) {
        assertFalse(t.toLowerCase(Locale.ROOT).contains("mutat") || t.toLowerCase(Locale.ROOT).contains("mutant"), t);
        assertTrue(t.contains("{symbol}") || t.contains("{name}"), "names the method: " + t);
        if (group.endsWith(".q")) {
          assertTrue(t.contains("{test}"), "names the failing test: " + t);
        }
        templates++;
      }
    }
    assertTrue(templates >= 9, "templates: " + templates);
  }

  @Test
  void givenAChunk_thenTheImplementPromptIsTheOfflineTeachersQuestionWithItsSystemTurn() {
    OfflineTeacher offline = OfflineTeacher.create(EnumSet.allOf(TaskKind.class), 3, 42L);
    int asked = 0;
    for (String prefix : List.of("Words.joinFirst", "Words.countLonger")) {
      IndexedChunk ic = chunk(prefix);
      List<QaPair> implement = offline.generate(ic).stream().filter(p -> p.taskKind() == TaskKind.IMPLEMENT).toList();
      assertEquals(3, implement.size(), prefix);
      QaPair first = implement.get(0);
      assertEquals(first, TEACHER.implementPair(ic), prefix);
      assertEquals(
          List.of(new ChatMessage("system", SystemPrompt.forRepo(REPO)), new ChatMessage("user", first.question())),
          TEACHER.implementPrompt(ic));
      assertNotEquals(first.question(), ExecTeacher.create(7L).implementPrompt(ic).get(1).content(),
          "the seed is the offline teacher's: " + prefix);
      asked++;
    }
    assertEquals(2, asked);
  }

  @Test
  void givenAChunkImplementDoesNotAsk_thenNoPromptNoPairNoAnswer() {
    IndexedChunk constructor = chunk("Words.Words(");
    assertNull(TEACHER.implementPair(constructor));
    assertEquals(List.of(), TEACHER.implementPrompt(constructor));
    assertNull(TEACHER.implementAnswer(constructor, "  public Words(String separator) {\n    this.separator = null;\n  }\n"));
    IndexedChunk type = new IndexedChunk(
        CHUNKS.stream().filter(c -> c.kind() == dev.repotune.extractors.ChunkKind.TYPE).findFirst().orElseThrow(), null);
    assertNull(TEACHER.implementPair(type));
  }

  @Test
  void givenTheRealBodyOrABrokenCopy_thenTheTwoAnswersDifferOnlyInTheCode() {
    IndexedChunk ic = chunk("Words.joinFirst");
    String chosen = TEACHER.implementPair(ic).answer();
    assertEquals(chosen, TEACHER.implementAnswer(ic, ic.chunk().text()), "the chunk's own text gives the real answer");
    assertEquals(chosen, TEACHER.implementAnswer(ic, JOIN_FIRST), "the method without its Javadoc, as indented");
    assertEquals(chosen, TEACHER.implementAnswer(ic, Sources.dedent(JOIN_FIRST)), "or dedented");
    String rejected = TEACHER.implementAnswer(ic, JOIN_FIRST_BROKEN);
    assertNotEquals(chosen, rejected);
    assertTrue(chosen.endsWith(Sources.fence(Sources.dedent(JOIN_FIRST))), chosen);
    assertTrue(rejected.endsWith(Sources.fence(Sources.dedent(JOIN_FIRST_BROKEN))), rejected);
    assertEquals(JAVA_BLOCK.matcher(chosen).replaceAll("CODE"), JAVA_BLOCK.matcher(rejected).replaceAll("CODE"));
    assertTrue(JAVA_BLOCK.matcher(chosen).replaceAll("CODE").endsWith(":\n\nCODE"), chosen);

    IndexedChunk undocumented = chunk("Words.countLonger");
    String real = TEACHER.implementPair(undocumented).answer();
    String broken = TEACHER.implementAnswer(undocumented, undocumented.chunk().text().replace("w.length() > length", "w.length() >= length"));
    assertEquals(real, TEACHER.implementAnswer(undocumented, undocumented.chunk().text()));
    assertNotEquals(real, broken);
    assertTrue(broken.contains("if (w.length() >= length) {"), broken);
    assertEquals(JAVA_BLOCK.matcher(real).replaceAll("CODE"), JAVA_BLOCK.matcher(broken).replaceAll("CODE"));
    assertNotNull(TEACHER.implementPrompt(undocumented).get(1).content());
  }
}
