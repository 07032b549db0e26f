package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.index.CodeRef;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Implement questions about methods without Javadoc: what a developer would have instead. */
class ImplementUndocumentedTest {
  private static final OfflineTeacher TEACHER = OfflineTeacher.create(EnumSet.of(TaskKind.IMPLEMENT), 3, 7);
  private static final String CONTEXT =
      "// File: " + Fixtures.GSON_PATH + "\npackage com.google.gson;\nimport java.io.Writer;\n"
          + "public final class Gson {\n  private final Excluder excluder;\n  final boolean serializeNulls;";
  private static final String TEXT =
      "  public JsonWriter newJsonWriter(Writer writer) throws IOException {\n"
          + "    JsonWriter jsonWriter = new JsonWriter(writer);\n"
          + "    jsonWriter.setSerializeNulls(serializeNulls);\n"
          + "    excluder.check(jsonWriter);\n"
          + "    return jsonWriter;\n"
          + "  }\n";

  private static IndexedChunk method(String name, String signature, String text, String kind, IndexFacts index) {
    CodeFacts facts =
        new CodeFacts("com.google.gson", "Gson", name, kind, signature, "", "", List.of(), "JsonWriter", "",
            List.of(), List.of(), List.of("public"), List.of(), List.of(), false, false, false,
            (int) text.lines().count(), 300);
    Chunk c = Fixtures.method("c-" + name, Fixtures.GSON_PATH, "Gson." + name + "(Writer)", 300, text, CONTEXT, facts);
    return new IndexedChunk(c, index);
  }

  @Test
  void theQuestionShowsTheFieldsItUsesTheMethodsItCallsAndAUseAndTheAnswerIsTheBody() {
    IndexFacts index =
        new IndexFacts(List.of(), List.of(), List.of(),
            List.of(
                new CodeRef("Excluder.check(JsonWriter)", "gson/src/main/java/com/google/gson/internal/Excluder.java",
                    "void check(JsonWriter out)"),
                new CodeRef("JsonWriter.setSerializeNulls(boolean)", "gson/src/main/java/com/google/gson/stream/JsonWriter.java",
                    "public final void setSerializeNulls(boolean serializeNulls)")),
            List.of(new CodeRef("com.google.gson.Gson.toJson(Object, Appendable)", Fixtures.GSON_PATH,
                "JsonWriter jsonWriter = newJsonWriter(Streams.writerForAppendable(writer));")),
            0, 0, 0);
    List<QaPair> rows =
        TEACHER.generate(method("newJsonWriter", "public JsonWriter newJsonWriter(Writer writer) throws IOException", TEXT, "method", index));
    assertEquals(3, rows.size());
    String tail =
        "\n\nFields of `Gson` it uses:\n```java\nprivate final Excluder excluder;\nfinal boolean serializeNulls;\n```"
            + "\n\nMethods of this repository it calls:\n```java\n// Excluder\nvoid check(JsonWriter out);\n"
            + "// JsonWriter\npublic final void setSerializeNulls(boolean serializeNulls);\n```"
            + "\n\nIt is called like this in `Gson.toJson(Object, Appendable)`:\n```java\n"
            + "JsonWriter jsonWriter = newJsonWriter(Streams.writerForAppendable(writer));\n```"
            + "\n\nIts declaration:\n```java\npublic JsonWriter newJsonWriter(Writer writer) throws IOException\n```";
    for (QaPair r : rows) {
      assertTrue(r.question().endsWith(tail), r.question());
      // a lead-in worded per variant, then the body as written
      assertTrue(r.answer().endsWith(":\n\n```java\n" + Sources.dedent(TEXT) + "\n```"), r.answer());
    }
  }

  @Test
  void withoutIndexFactsOrFieldsOnlyTheDeclarationIsShown() {
    String ctx = "// File: a/B.java\npackage a;\npublic class B {";
    CodeFacts facts =
        new CodeFacts("a", "B", "sum", "method", "int sum(int[] xs)", "", "", List.of(), "int", "", List.of(),
            List.of(), List.of(), List.of(), List.of(), false, false, false, 5, 10);
    String text = "  int sum(int[] xs) {\n    int s = 0;\n    for (int x : xs) s += x;\n    return s;\n  }\n";
    List<QaPair> rows = TEACHER.generate(new IndexedChunk(Fixtures.method("c-sum", "a/B.java", "B.sum(int[])", 10, text, ctx, facts), null));
    assertTrue(!rows.isEmpty());
    assertTrue(rows.get(0).question().endsWith("\n\nIts declaration:\n```java\nint sum(int[] xs)\n```"), rows.get(0).question());
  }

  @Test
  void aLineCommentAboveTheMethodIsNotPartOfItsBody() {
    String text = "  // overrides of Node for call chaining\n" + TEXT;
    for (QaPair r : TEACHER.generate(method("newJsonWriter", "public JsonWriter newJsonWriter(Writer writer) throws IOException", text, "method", null))) {
      // a lead-in worded per variant, then the body as written
      assertTrue(r.answer().endsWith(":\n\n```java\n" + Sources.dedent(TEXT) + "\n```"), r.answer());
    }
  }

  @Test
  void trivialBodiesAreNotAsked() {
    String delegation = "  public JsonWriter newJsonWriter(Writer writer) {\n    return newJsonWriter(\n        writer, false);\n  }\n";
    assertEquals(List.of(), TEACHER.generate(method("newJsonWriter", "public JsonWriter newJsonWriter(Writer writer)", delegation, "method", null)));
    String assigns = "  Gson(Excluder excluder, boolean nulls) {\n    super();\n    this.excluder = excluder;\n    this.serializeNulls = nulls;\n  }\n";
    assertEquals(List.of(), TEACHER.generate(method("Gson", "Gson(Excluder excluder, boolean nulls)", assigns, "constructor", null)));
    String equals = "  public boolean equals(Object o) {\n    if (o == this) return true;\n    return o instanceof Gson\n        && ((Gson) o).excluder == excluder;\n  }\n";
    assertEquals(List.of(), TEACHER.generate(method("equals", "public boolean equals(Object o)", equals, "method", null)));
  }

  @Test
  void documentedRowsAreAskedAsBeforeWithTheirJavadoc() {
    for (QaPair p : TEACHER.generate(Fixtures.toJson())) {
      assertTrue(p.question().contains("/**") && !p.question().contains("Its declaration:"), p.question());
    }
  }
}
