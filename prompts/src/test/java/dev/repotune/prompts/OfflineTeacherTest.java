package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.index.TestRef;
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
  void givenRankedTests_thenTestsAnswerKeepsTheIndexOrder_andWriteTestQuotesTheFirst() {
    IndexedChunk base = Fixtures.toJson();
    IndexFacts ranked =
        new IndexFacts(
            base.index().callers(),
            List.of(),
            List.of(
                new TestRef("ZTest.toJsonNamed()", "src/test/Z.java", 50, "void toJsonNamed() { long(); }"),
                new TestRef("ATest.a()", "src/test/A.java", 90, "void a() { x(); }"),
                new TestRef("ATest.c()", "src/test/A.java", 10, "void c() {}")));
    String answer = of(new IndexedChunk(base.chunk(), ranked), TaskKind.TESTS).get(0).answer();
    int b = answer.indexOf("ZTest.toJsonNamed()");
    int a = answer.indexOf("ATest.a()");
    int c = answer.indexOf("ATest.c()");
    assertTrue(b >= 0 && b < a && a < c, "best-ranked first, as the index gave them: " + answer);
    for (QaPair p : of(new IndexedChunk(base.chunk(), ranked), TaskKind.WRITE_TEST)) {
      assertTrue(p.answer().contains("`ZTest.toJsonNamed()`"), p.answer());
      assertTrue(p.answer().contains("void toJsonNamed() { long(); }"), "not the shortest: " + p.answer());
    }
  }

  @Test
  void givenCutLists_thenCallersTestsAndImplementersSayHowManyThereAreInAll() {
    IndexedChunk base = Fixtures.toJson();
    IndexFacts cut = new IndexFacts(base.index().callers(), List.of(), base.index().tests(), List.of(), List.of(), 17, 0, 9);
    IndexedChunk c = new IndexedChunk(base.chunk(), cut);
    for (QaPair p : of(c, TaskKind.CALLERS)) {
      assertEquals(
          "\n- `JsonElement.toString()` (`gson/src/main/java/com/google/gson/JsonElement.java`)\n"
              + "- `Gson.toJson(Object, Appendable)` (" + GSON + ")\n"
              + "\u2026 and 15 more (17 in all).",
          afterLead(p.answer()));
    }
    for (QaPair p : of(c, TaskKind.TESTS)) {
      assertTrue(p.answer().endsWith("GsonTest.java`)\n\u2026 and 7 more (9 in all)."), p.answer());
    }
    IndexedChunk type = Fixtures.typeAdapterFactory();
    IndexFacts f = type.index();
    IndexedChunk manyImpls =
        new IndexedChunk(type.chunk(), new IndexFacts(f.callers(), f.implementers(), f.tests(), List.of(), List.of(), 0, 23, 0));
    for (QaPair p : of(manyImpls, TaskKind.IMPLEMENTERS)) {
      assertTrue(p.answer().endsWith("MapTypeAdapterFactory.java`)\n\u2026 and 21 more (23 in all)."), p.answer());
    }
    for (QaPair p : of(type, TaskKind.IMPLEMENTERS)) {
      assertFalse(p.answer().contains("more"), "a whole list reads as before: " + p.answer());
    }
  }

  @Test
  void givenDocumentedMethod_thenExplainQuotesJavadocAndSaysWhereItIsDeclared_inEachVariantsOwnWords() {
    List<QaPair> rows = of(Fixtures.toJson(), TaskKind.EXPLAIN);
    assertEquals(3, rows.size());
    String javadoc =
        "This method serializes the specified object into its equivalent JSON representation. It uses"
            + " `toJson(Object, Appendable)` internally, so `src` may be of any type that a `TypeAdapter`"
            + " can write.";
    assertEquals(3, rows.stream().map(QaPair::answer).distinct().count(), "each variant its own wording");
    for (QaPair p : rows) {
      assertTrue(p.question().contains("`Gson.toJson(Object)`"), p.question());
      String[] paragraphs = p.answer().split("\n\n");
      assertEquals(3, paragraphs.length, p.answer());
      assertTrue(paragraphs[0].endsWith(":"), "a lead-in: " + paragraphs[0]);
      assertEquals(javadoc, paragraphs[1], "the Javadoc as it is");
      assertTrue(paragraphs[2].contains("`Gson`") && paragraphs[2].contains(GSON), paragraphs[2]);
      assertEquals(javadoc + "\n\n" + Fixtures.GSON_PATH, TaskKind.EXPLAIN.factsOf(p.answer()));
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
    assertEquals(3, rows.stream().map(QaPair::answer).distinct().count(), "each variant its own wording");
    String enclosing = "`public final class Gson` of package `com.google.gson`";
    for (QaPair p : rows) {
      assertTrue(p.answer().contains(GSON) && p.answer().contains(enclosing), p.answer());
      assertEquals(enclosing + " " + Fixtures.GSON_PATH, TaskKind.LOCATE.factsOf(p.answer()));
    }
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
      String body =
          "```java\npublic String toJson(Object src) {\n  StringWriter writer = new StringWriter();\n"
              + "  toJson(src, writer);\n  return writer.toString();\n}\n```";
      assertTrue(p.answer().endsWith(":\n\n" + body), "a lead-in, then the body as it is: " + p.answer());
      assertEquals(body, TaskKind.IMPLEMENT.factsOf(p.answer()));
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
      assertTrue(p.answer().contains(":\n\n```java\n/**\n * This method serializes"), p.answer());
      assertTrue(TaskKind.DOCUMENT.factsOf(p.answer()).startsWith("```java\n/**\n * This method"), p.answer());
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
    assertEquals(
        "`public final class Gson` of package `com.google.gson` " + Fixtures.GSON_PATH,
        TaskKind.LOCATE.factsOf(of(bare, TaskKind.LOCATE).get(0).answer()));
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
  void givenTests_thenTestsListsThemAndWriteTestQuotesTheBestRanked() {
    for (QaPair p : of(Fixtures.toJson(), TaskKind.TESTS)) {
      assertTrue(p.answer().endsWith(
          "\n- `GsonTest.testToJsonLong()` (`gson/src/test/java/com/google/gson/GsonTest.java`)\n"
              + "- `GsonTest.testToJsonString()` (`gson/src/test/java/com/google/gson/GsonTest.java`)"));
    }
    for (QaPair p : of(Fixtures.toJson(), TaskKind.WRITE_TEST)) {
      String lead = p.answer().substring(0, p.answer().indexOf("\n\n"));
      assertTrue(lead.contains("`GsonTest.testToJsonLong()`"), lead);
      assertTrue(lead.contains("`gson/src/test/java/com/google/gson/GsonTest.java`"), lead);
      assertFalse(lead.contains("120"), "no line number: " + lead);
      assertTrue(p.answer().endsWith(
          "\n\n```java\n@Test\npublic void testToJsonLong() {\n  Gson gson = new Gson();\n"
              + "  String json = gson.toJson(new int[] {1, 2, 3});\n  // a longer test than the other one\n"
              + "  assertThat(json).isEqualTo(\"[1,2,3]\");\n}\n```"),
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
    for (QaPair p : of(c, TaskKind.LOCATE)) {
      assertTrue(p.answer().contains("`gson/src/main/java/com/google/gson/TypeAdapterFactory.java`"), p.answer());
      assertTrue(p.answer().endsWith(" as `public interface TypeAdapterFactory`, in package `com.google.gson`."),
          p.answer());
    }
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
    assertEquals(
        "Converts Java objects to and from JSON.\n\nDefining a type's JSON form with `List<T>` in a stream:\n\n"
            + "```java\nTypeAdapter<Point> a = ...;\n```\n\n, in package `com.google.gson`"
            + " gson/src/main/java/com/google/gson/TypeAdapter.java",
        TaskKind.EXPLAIN.factsOf(of(c, TaskKind.EXPLAIN).get(0).answer()));
  }

  @Test
  void givenOneLineGetter_thenNoImplementAndNoSignatureThatOnlyRestatesTheDeclaration() {
    Set<TaskKind> tasks = tasksOf(Fixtures.isLenient());
    assertEquals(EnumSet.of(TaskKind.EXPLAIN, TaskKind.LOCATE, TaskKind.DOCUMENT), tasks);
    assertTrue(
        of(Fixtures.isLenient(), TaskKind.DOCUMENT).get(0).answer().endsWith(
            ":\n\n```java\n/** Returns true if this parser is liberal in what it accepts. */\n```"));
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
  void givenVariantsOfOneSubject_thenEachAnswerIsWordedDifferentlyAndStatesTheSameFacts() {
    java.util.regex.Pattern block = java.util.regex.Pattern.compile("(?s)```java\\n.*?\\n```");
    int pairs = 0;
    Set<TaskKind> kinds = EnumSet.noneOf(TaskKind.class);
    List<IndexedChunk> chunks = new java.util.ArrayList<>(Fixtures.all());
    chunks.add(Fixtures.systemProperty("getJavaVersion", "java.version"));
    chunks.add(DocSectionDrafterTest.section("UserGuide.md", "Null Object Support", 300,
        "<!-- File: UserGuide.md -->\n# Gson User Guide\n## Using Gson",
        "### Null Object Support\n\nThe default behaviour that is implemented in Gson is that `null` object fields"
            + " are ignored. This allows for a more compact output format; however, the client must define a"
            + " default value for these fields as the JSON format is converted back into its Java form.\n"));
    for (IndexedChunk c : chunks) {
      for (TaskKind t : TaskKind.values()) {
        List<QaPair> rows = of(c, t);
        for (int i = 0; i < rows.size(); i++) {
          for (int j = i + 1; j < rows.size(); j++) {
            String a = rows.get(i).answer();
            String b = rows.get(j).answer();
            String where = t + " of " + c.chunk().id() + ":\n" + a + "\n--\n" + b;
            assertNotEquals(a, b, where);
            assertEquals(block.matcher(a).results().map(r -> r.group()).toList(),
                block.matcher(b).results().map(r -> r.group()).toList(), "code blocks: " + where);
            assertEquals(t.factsOf(a), t.factsOf(b), "facts: " + where);
            pairs++;
            kinds.add(t);
          }
        }
      }
    }
    // the history kinds are asked about commits (CommitTeacherTest), the exec kinds about broken methods
    // (ExecTeacherTest), never about a chunk
    EnumSet<TaskKind> snapshot = EnumSet.allOf(TaskKind.class);
    snapshot.removeIf(k -> k.isHistory() || k.isExec());
    assertEquals(snapshot, kinds);
    assertTrue(pairs > 30, "pairs: " + pairs);
  }

  @Test
  void givenTheSameSubjectAmongOthersInAnyOrder_thenTheSameWordingOfEachAnswer() {
    List<IndexedChunk> chunks = Fixtures.all();
    List<QaPair> forward = chunks.stream().flatMap(c -> ALL.generate(c).stream()).toList();
    List<QaPair> backward = new java.util.ArrayList<>();
    for (int i = chunks.size() - 1; i >= 0; i--) {
      backward.addAll(0, OfflineTeacher.create(EnumSet.allOf(TaskKind.class), 3, 42L).generate(chunks.get(i)));
    }
    assertEquals(forward, backward);
  }

  @Test
  void givenGettersSharingOneJavadoc_thenTheirExplainAnswersStateTheSameFacts_soDedupCollapsesThem() {
    List<QaPair> rows = new java.util.ArrayList<>();
    rows.addAll(of(Fixtures.systemProperty("getJavaVersion", "java.version"), TaskKind.EXPLAIN));
    rows.addAll(of(Fixtures.systemProperty("getUserHome", "user.home"), TaskKind.EXPLAIN));
    assertEquals(6, rows.size());
    assertEquals(TaskKind.Dedup.FACTS, TaskKind.EXPLAIN.dedup());
    // the two getters' answers name nothing of their own: by their facts every row is one answer
    assertEquals(
        Set.of("Gets the current value from the system properties map.\n\n"
            + "src/main/java/org/apache/commons/lang3/SystemProperties.java"),
        rows.stream().map(p -> TaskKind.EXPLAIN.factsOf(p.answer())).collect(Collectors.toSet()));
    assertTrue(rows.stream().map(QaPair::answer).distinct().count() > 1, "though worded apart");
    // dedup's text: the variants of one getter stay apart, the two getters asked alike are one text
    List<String> texts = rows.stream().map(p -> TaskKind.EXPLAIN.dedupText(
        p.question(), p.answer(), p.question().contains("getUserHome") ? "SystemProperties.getUserHome()"
            : "SystemProperties.getJavaVersion()")).toList();
    assertEquals(3, new HashSet<>(texts.subList(0, 3)).size(), texts.toString());
    assertEquals(3, new HashSet<>(texts.subList(3, 6)).size(), texts.toString());
    Set<String> shared = new HashSet<>(texts.subList(0, 3));
    shared.retainAll(texts.subList(3, 6));
    assertFalse(shared.isEmpty(), "asked the same way, the two getters' rows are the same text: " + texts);
    // a different Javadoc stays a different answer, and an answer no phrasing wrote is compared as it is
    assertNotEquals(
        TaskKind.EXPLAIN.factsOf(rows.get(0).answer()),
        TaskKind.EXPLAIN.factsOf(of(Fixtures.toJson(), TaskKind.EXPLAIN).get(0).answer()));
    assertEquals("It reads the property.\n\nSee `X`.", TaskKind.EXPLAIN.factsOf("It reads the property.\n\nSee `X`."));
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
