package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.index.IndexedChunk;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OfflineTeacherTest {
  private static final OfflineTeacher ALL = OfflineTeacher.create(EnumSet.allOf(TaskKind.class), 3, 42L);
  private static final String GSON = "`gson/src/main/java/com/google/gson/Gson.java`";

  private static List<QaPair> of(IndexedChunk c, TaskKind task) {
    return ALL.generate(c).stream().filter(p -> p.taskKind() == task).collect(Collectors.toList());
  }

  private static Set<TaskKind> tasksOf(IndexedChunk c) {
    return ALL.generate(c).stream().map(QaPair::taskKind).collect(Collectors.toCollection(HashSet::new));
  }

  /** The answer after the variant's lead-in sentence (which ends at the first ":" + newline). */
  private static String afterLead(String answer) {
    return answer.substring(answer.indexOf(":\n") + 1);
  }

  @Test
  void givenTestsInAnyOrder_thenTestsAnswerListsThemInFileOrder() {
    IndexedChunk base = Fixtures.toJson();
    dev.repotune.extractors.index.IndexFacts shuffled =
        new dev.repotune.extractors.index.IndexFacts(
            base.index().callers(),
            List.of(),
            List.of(
                new dev.repotune.extractors.index.TestRef("ZTest.b()", "src/test/Z.java", 50, "void b() {}"),
                new dev.repotune.extractors.index.TestRef("ATest.a()", "src/test/A.java", 90, "void a() { x(); }"),
                new dev.repotune.extractors.index.TestRef("ATest.c()", "src/test/A.java", 10, "void c() {}")));
    String answer = of(new IndexedChunk(base.chunk(), shuffled), TaskKind.TESTS).get(0).answer();
    int c = answer.indexOf("ATest.c()");
    int a = answer.indexOf("ATest.a()");
    int b = answer.indexOf("ZTest.b()");
    assertTrue(c >= 0 && c < a && a < b, answer);
  }

  @Test
  void givenDocumentedMethod_thenExplainStatesJavadocAndWhereItIsDeclared() {
    List<QaPair> rows = of(Fixtures.toJson(), TaskKind.EXPLAIN);
    assertEquals(3, rows.size());
    for (QaPair p : rows) {
      assertTrue(p.question().contains("`Gson.toJson(Object)`"), p.question());
      assertEquals(
          "This method serializes the specified object into its equivalent JSON representation. It uses"
              + " `toJson(Object, Appendable)` internally, so `src` may be of any type that a `TypeAdapter`"
              + " can write.\n\nIt is declared in `Gson` (" + GSON + ").",
          p.answer());
      assertEquals("c-tojson", p.chunkId());
      assertEquals(OfflineTeacher.NAME, p.teacher());
      assertEquals(ALL.promptVersion(), p.promptVersion());
    }
  }

  @Test
  void givenDocumentedMethod_thenSignatureListsParamsReturnAndThrowsWithTheirDocs() {
    for (QaPair p : of(Fixtures.toJson(), TaskKind.SIGNATURE)) {
      assertEquals(
          "\n\n```java\npublic String toJson(Object src)\n```\n\n"
              + "- `Object src`: the object for which JSON representation is to be created.\n"
              + "- Returns `String`: JSON representation of `src`.\n"
              + "- Throws `JsonIOException` if there was a problem writing to the writer.",
          afterLead(p.answer()));
    }
  }

  @Test
  void givenMethod_thenLocateNamesPathLineEnclosingTypeAndPackage() {
    List<QaPair> rows = of(Fixtures.toJson(), TaskKind.LOCATE);
    assertEquals(3, rows.size());
    assertEquals(
        "`Gson.toJson(Object)` is declared in " + GSON
            + ", in `public final class Gson` of package `com.google.gson`.",
        rows.get(0).answer());
  }

  @Test
  void givenDocumentedMethod_thenImplementAsksFromJavadocAndSignatureAndAnswersWithTheBody() {
    for (QaPair p : of(Fixtures.toJson(), TaskKind.IMPLEMENT)) {
      assertTrue(
          p.question().endsWith(
              "```java\n/**\n * This method serializes the specified object into its equivalent JSON"
                  + " representation.\n * It uses {@link #toJson(Object, Appendable)} internally, so {@code src}"
                  + " may be of any\n * type that a {@link TypeAdapter} can write.\n *\n * @param src the object"
                  + " for which JSON representation is to be created\n * @return JSON representation of"
                  + " {@code src}\n * @throws JsonIOException if there was a problem writing to the writer\n */\n"
                  + "public String toJson(Object src)\n```"),
          p.question());
      assertFalse(p.question().contains("StringWriter"), "the body must not leak into the question");
      assertEquals(
          "```java\npublic String toJson(Object src) {\n  StringWriter writer = new StringWriter();\n"
              + "  toJson(src, writer);\n  return writer.toString();\n}\n```",
          p.answer());
    }
    assertTrue(
        of(Fixtures.toJson(), TaskKind.IMPLEMENT).stream()
            .anyMatch(p -> p.question().contains("`public final class Gson`")),
        "some phrasing names the enclosing type's declaration");
  }

  @Test
  void givenDocumentedMethod_thenDocumentShowsCodeWithoutJavadocAndAnswersWithIt() {
    for (QaPair p : of(Fixtures.toJson(), TaskKind.DOCUMENT)) {
      assertFalse(p.question().contains("/**"), p.question());
      assertFalse(p.question().contains("serializes"), p.question());
      assertTrue(p.question().endsWith(
          "```java\npublic String toJson(Object src) {\n  StringWriter writer = new StringWriter();\n"
              + "  toJson(src, writer);\n  return writer.toString();\n}\n```"));
      assertTrue(p.answer().startsWith("```java\n/**\n * This method serializes"), p.answer());
      assertTrue(p.answer().endsWith(
          " *\n * @param src the object for which JSON representation is to be created\n"
              + " * @return JSON representation of {@code src}\n"
              + " * @throws JsonIOException if there was a problem writing to the writer\n */\n```"),
          p.answer());
    }
  }

  @Test
  void givenTextWithoutLeadingJavadoc_thenNoDocumentRow_sinceTheAnswerIsTheCommentAsWritten() {
    IndexedChunk c = Fixtures.toJson();
    String text = Sources.stripLeadingJavadoc(c.chunk().text());
    dev.repotune.extractors.Chunk k = c.chunk();
    IndexedChunk bare =
        new IndexedChunk(
            new dev.repotune.extractors.Chunk(k.id(), k.repo(), k.commit(), k.path(), k.language(), k.kind(),
                k.symbol(), k.startLine() + 9, k.endLine(), k.context(), text, k.tokens(), k.facts()),
            c.index());
    // A comment rebuilt from the extractor's Markdown is not the comment as written.
    assertEquals(List.of(), of(bare, TaskKind.DOCUMENT));
    assertFalse(of(c, TaskKind.DOCUMENT).isEmpty());
    assertTrue(of(bare, TaskKind.LOCATE).get(0).answer().contains("Gson.java`, in `public final class Gson`"),
        of(bare, TaskKind.LOCATE).get(0).answer());
  }

  @Test
  void givenCallers_thenCallersIsABulletListWithFilesAndNoLines() {
    for (QaPair p : of(Fixtures.toJson(), TaskKind.CALLERS)) {
      assertEquals(
          "\n- `JsonElement.toString()` (`gson/src/main/java/com/google/gson/JsonElement.java`)\n"
              + "- `Gson.toJson(Object, Appendable)` (" + GSON + ")",
          afterLead(p.answer()));
    }
  }

  @Test
  void givenTests_thenTestsListsThemAndWriteTestQuotesTheShortest() {
    for (QaPair p : of(Fixtures.toJson(), TaskKind.TESTS)) {
      assertTrue(p.answer().endsWith(
          "\n- `GsonTest.testToJsonLong()` (`gson/src/test/java/com/google/gson/GsonTest.java`)\n"
              + "- `GsonTest.testToJsonString()` (`gson/src/test/java/com/google/gson/GsonTest.java`)"));
    }
    for (QaPair p : of(Fixtures.toJson(), TaskKind.WRITE_TEST)) {
      String lead = p.answer().substring(0, p.answer().indexOf("\n\n"));
      assertTrue(lead.contains("`GsonTest.testToJsonString()`"), lead);
      assertTrue(lead.contains("`gson/src/test/java/com/google/gson/GsonTest.java`"), lead);
      assertFalse(lead.contains("140"), "no line number: " + lead);
      assertTrue(p.answer().endsWith(
          "\n\n```java\n@Test\npublic void testToJsonString() {\n"
              + "  assertThat(new Gson().toJson(\"a\")).isEqualTo(\"\\\"a\\\"\");\n}\n```"),
          p.answer());
    }
  }

  @Test
  void givenInterfaceWithImplementers_thenImplementersSaysImplement() {
    IndexedChunk c = Fixtures.typeAdapterFactory();
    assertEquals(EnumSet.of(TaskKind.EXPLAIN, TaskKind.LOCATE, TaskKind.IMPLEMENTERS), tasksOf(c));
    for (QaPair p : of(c, TaskKind.IMPLEMENTERS)) {
      assertTrue(p.question().contains("`TypeAdapterFactory`"), p.question());
      assertFalse(p.question().contains("com.google.gson"), "types are named by their simple name");
      assertFalse(p.question().contains("extend"), p.question());
      assertTrue(p.answer().endsWith(
          ":\n- `CollectionTypeAdapterFactory` (`gson/src/main/java/com/google/gson/internal/bind/"
              + "CollectionTypeAdapterFactory.java`)\n- `MapTypeAdapterFactory` (`gson/src/main/java/com/"
              + "google/gson/internal/bind/MapTypeAdapterFactory.java`)"),
          p.answer());
    }
    assertEquals(
        "`TypeAdapterFactory` is declared in `gson/src/main/java/com/google/gson/TypeAdapterFactory.java`"
            + " as `public interface TypeAdapterFactory`, in package `com.google.gson`.",
        of(c, TaskKind.LOCATE).get(0).answer());
  }

  @Test
  void givenAbstractClass_thenImplementersSaysExtendAndSignatureListsSupertypes() {
    IndexedChunk c = Fixtures.typeAdapter();
    for (QaPair p : of(c, TaskKind.IMPLEMENTERS)) {
      assertFalse(p.question().contains("implement"), p.question());
      assertTrue(p.answer().endsWith(
          "\n- `TreeTypeAdapter` (`gson/src/main/java/com/google/gson/internal/bind/TreeTypeAdapter.java`)"));
    }
    for (QaPair p : of(c, TaskKind.SIGNATURE)) {
      assertTrue(p.answer().endsWith(
          "\n\n```java\npublic abstract class TypeAdapter<T> implements Serializable\n```\n\n"
              + "Direct supertypes: `Serializable`."),
          p.answer());
    }
    // Javadoc HTML becomes Markdown: entities decoded inside code, links unwrapped, <pre> fenced.
    assertTrue(of(c, TaskKind.EXPLAIN).get(0).answer().startsWith(
        "Converts Java objects to and from JSON.\n\nDefining a type's JSON form with `List<T>` in a stream:\n\n"
            + "```java\nTypeAdapter<Point> a = ...;\n```\n\nIt is declared in"));
  }

  @Test
  void givenOneLineGetter_thenNoImplementAndNoSignatureThatOnlyRestatesTheDeclaration() {
    Set<TaskKind> tasks = tasksOf(Fixtures.isLenient());
    assertEquals(EnumSet.of(TaskKind.EXPLAIN, TaskKind.LOCATE, TaskKind.DOCUMENT), tasks);
    assertEquals(
        "```java\n/** Returns true if this parser is liberal in what it accepts. */\n```",
        of(Fixtures.isLenient(), TaskKind.DOCUMENT).get(0).answer());
  }

  @Test
  void givenJavadocThatRestatesTheName_thenNoExplainNoDocumentNoSignature() {
    assertEquals(EnumSet.of(TaskKind.LOCATE), tasksOf(Fixtures.getName()));
  }

  @Test
  void givenUndocumentedVoidMethodWithoutIndexFacts_thenLocateAndImplementFromItsDeclaration() {
    assertEquals(EnumSet.of(TaskKind.LOCATE, TaskKind.IMPLEMENT), tasksOf(Fixtures.undocumented()));
  }

  @Test
  void givenTestMethod_thenNothing() {
    // tests are answers, not subjects; and where a test helper lives is noise
    assertEquals(EnumSet.noneOf(TaskKind.class), tasksOf(Fixtures.testMethod()));
  }

  @Test
  void givenEveryTask_thenNoAnswerStatesALineNumber() {
    java.util.regex.Pattern line = java.util.regex.Pattern.compile("(?i)\\bline\\s*\\d|`:\\d+|\\.java:\\d+");
    int answers = 0;
    for (IndexedChunk c : List.of(Fixtures.toJson(), Fixtures.typeAdapter(), Fixtures.typeAdapterFactory(), Fixtures.isLenient())) {
      for (QaPair p : ALL.generate(c)) {
        assertFalse(line.matcher(p.answer()).find(), p.taskKind() + ": " + p.answer());
        assertFalse(line.matcher(p.question()).find(), p.taskKind() + ": " + p.question());
        answers++;
      }
    }
    assertTrue(answers > 20, "answers checked: " + answers);
  }

  @Test
  void givenWindowOrDocSection_thenNothing() {
    assertEquals(List.of(), ALL.generate(Fixtures.window()));
    assertEquals(List.of(), ALL.generate(Fixtures.docSection()));
  }

  @Test
  void givenThreeVariants_thenThreeDistinctQuestionsPerTask() {
    for (IndexedChunk c : Fixtures.all()) {
      for (TaskKind t : TaskKind.values()) {
        List<QaPair> rows = of(c, t);
        assertTrue(rows.isEmpty() || rows.size() == 3, c.chunk().id() + " " + t);
        assertEquals(rows.size(), rows.stream().map(QaPair::question).distinct().count());
      }
    }
  }

  @Test
  void givenMoreVariantsThanPhrasings_thenEveryPhrasingOnceAndNoDuplicate() {
    OfflineTeacher many = OfflineTeacher.create(EnumSet.of(TaskKind.LOCATE), 100, 1L);
    List<QaPair> rows = many.generate(Fixtures.toJson());
    assertEquals(Phrasings.load().group("locate.q").size(), rows.size());
    assertEquals(rows.size(), rows.stream().map(QaPair::question).distinct().count());
    assertEquals(1, OfflineTeacher.create(EnumSet.of(TaskKind.LOCATE), 1, 1L).generate(Fixtures.toJson()).size());
  }

  @Test
  void givenSameInput_thenSameOutput() {
    OfflineTeacher other = OfflineTeacher.create(EnumSet.allOf(TaskKind.class), 3, 42L);
    for (IndexedChunk c : Fixtures.all()) {
      assertEquals(ALL.generate(c), other.generate(c));
      assertEquals(ALL.generate(c), ALL.generate(c));
    }
  }

  @Test
  void givenDifferentSeed_thenDifferentChoiceOfPhrasings() {
    OfflineTeacher other = OfflineTeacher.create(EnumSet.allOf(TaskKind.class), 3, 43L);
    List<QaPair> a = ALL.generate(Fixtures.toJson());
    List<QaPair> b = other.generate(Fixtures.toJson());
    assertEquals(a.size(), b.size());
    assertNotEquals(
        a.stream().map(QaPair::question).collect(Collectors.toList()),
        b.stream().map(QaPair::question).collect(Collectors.toList()));
  }

  @Test
  void givenTaskSubset_thenOnlyThoseTasks() {
    OfflineTeacher some = OfflineTeacher.create(EnumSet.of(TaskKind.CALLERS, TaskKind.LOCATE), 2, 42L);
    for (IndexedChunk c : Fixtures.all()) {
      for (QaPair p : some.generate(c)) {
        assertTrue(p.taskKind() == TaskKind.CALLERS || p.taskKind() == TaskKind.LOCATE, p.toString());
      }
    }
    assertEquals(4, some.generate(Fixtures.toJson()).size());
    assertEquals(TaskKind.LOCATE, some.generate(Fixtures.toJson()).get(0).taskKind(), "task order is fixed");
  }

  @Test
  void promptVersionIsTheStableHashOfThePhrasings() throws Exception {
    String v = ALL.promptVersion();
    assertTrue(v.matches("[0-9a-f]{12}"), v);
    assertEquals(v, OfflineTeacher.create(EnumSet.of(TaskKind.LOCATE), 1, 7L).promptVersion());
    byte[] bytes;
    try (InputStream in = Phrasings.class.getResourceAsStream(Phrasings.RESOURCE)) {
      bytes = in.readAllBytes();
    }
    assertEquals(dev.repotune.extractors.StableIds.sha256Hex(bytes).substring(0, 12), v);
    byte[] edited = new String(bytes, "UTF-8").replace("What does `{symbol}` do?", "What does `{symbol}` do?!")
        .getBytes("UTF-8");
    assertNotEquals(v, Phrasings.parse(edited).version());
  }

  @Test
  void answersAreCleanMarkdown() {
    for (IndexedChunk c : Fixtures.all()) {
      for (QaPair p : ALL.generate(c)) {
        for (String text : List.of(p.question(), p.answer())) {
          assertFalse(text.isBlank(), p.toString());
          assertFalse(text.contains("null"), text);
          assertFalse(text.matches("(?s).*\\{[A-Za-z]+}.*"), "unrendered placeholder in " + text);
          assertFalse(text.matches("(?s).*(^|\\n)\\s*-\\s*(\\n|$).*"), "empty bullet in " + text);
          assertFalse(text.contains("\n\n\n"), text);
          String prose = text.replaceAll("(?s)```java\\n.*?\\n```", "");
          assertFalse(prose.contains("  "), "double space in " + text);
          assertFalse(prose.contains("``"), "empty code span in " + text);
          assertFalse(prose.matches("(?s).*</?[a-z]+>.*"), "HTML in " + text);
          assertFalse(prose.contains("{@"), "Javadoc tag in " + text);
        }
        assertFalse(p.answer().endsWith(" "));
      }
    }
  }

  @Test
  void survivesSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(ALL);
    }
    OfflineTeacher copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (OfflineTeacher) in.readObject();
    }
    assertEquals(ALL.generate(Fixtures.toJson()), copy.generate(Fixtures.toJson()));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> OfflineTeacher.create(EnumSet.noneOf(TaskKind.class), 3, 1));
    assertThrows(IllegalArgumentException.class, () -> OfflineTeacher.create(EnumSet.of(TaskKind.LOCATE), 0, 1));
  }
}
