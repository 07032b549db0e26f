package dev.repotune.prompts;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.CodeFacts.CallSite;
import dev.repotune.extractors.CodeFacts.Param;
import dev.repotune.extractors.CodeFacts.Thrown;
import dev.repotune.extractors.index.IndexFacts;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.index.SymbolRef;
import dev.repotune.extractors.index.TestRef;
import java.util.List;

/** Hand-built chunks shaped like what the extractors produce for gson. */
final class Fixtures {
  static final String REPO = "https://github.com/google/gson.git";
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final String GSON_PATH = "gson/src/main/java/com/google/gson/Gson.java";
  static final String GSON_CONTEXT =
      "// " + GSON_PATH + "\npackage com.google.gson;\n\nimport java.io.StringWriter;\n\npublic final class Gson {\n";

  private Fixtures() {}

  static final String TO_JSON_TEXT =
      "  /**\n"
          + "   * This method serializes the specified object into its equivalent JSON representation.\n"
          + "   * It uses {@link #toJson(Object, Appendable)} internally, so {@code src} may be of any\n"
          + "   * type that a {@link TypeAdapter} can write.\n"
          + "   *\n"
          + "   * @param src the object for which JSON representation is to be created\n"
          + "   * @return JSON representation of {@code src}\n"
          + "   * @throws JsonIOException if there was a problem writing to the writer\n"
          + "   */\n"
          + "  public String toJson(Object src) {\n"
          + "    StringWriter writer = new StringWriter();\n"
          + "    toJson(src, writer);\n"
          + "    return writer.toString();\n"
          + "  }\n";

  static final String TO_JSON_JAVADOC =
      "This method serializes the specified object into its equivalent JSON representation.\n"
          + "It uses {@link #toJson(Object, Appendable)} internally, so {@code src} may be of any\n"
          + "type that a {@link TypeAdapter} can write.\n"
          + "\n"
          + "@param src the object for which JSON representation is to be created\n"
          + "@return JSON representation of {@code src}\n"
          + "@throws JsonIOException if there was a problem writing to the writer";

  static final String TO_JSON_SUMMARY =
      "This method serializes the specified object into its equivalent JSON representation.\n"
          + "It uses {@link #toJson(Object, Appendable)} internally, so {@code src} may be of any\n"
          + "type that a {@link TypeAdapter} can write.";

  static IndexedChunk toJson() {
    CodeFacts facts =
        new CodeFacts(
            "com.google.gson",
            "Gson",
            "toJson",
            "method",
            "public String toJson(Object src)",
            TO_JSON_JAVADOC,
            TO_JSON_SUMMARY,
            List.of(new Param("Object", "src", "the object for which JSON representation is to be created")),
            "String",
            "JSON representation of {@code src}",
            List.of(new Thrown("JsonIOException", "if there was a problem writing to the writer")),
            List.of(),
            List.of("public"),
            List.of(),
            List.of(new CallSite("toJson", 2, ""), new CallSite("toString", 0, "StringWriter")),
            false,
            false, false,
            3,
            809);
    Chunk chunk = method("c-tojson", GSON_PATH, "Gson.toJson(Object)", 800, TO_JSON_TEXT, GSON_CONTEXT, facts);
    IndexFacts index =
        new IndexFacts(
            List.of(
                new SymbolRef("JsonElement.toString()", "gson/src/main/java/com/google/gson/JsonElement.java", 321),
                new SymbolRef("Gson.toJson(Object, Appendable)", GSON_PATH, 870)),
            List.of(),
            List.of(
                new TestRef(
                    "GsonTest.testToJsonLong()",
                    "gson/src/test/java/com/google/gson/GsonTest.java",
                    120,
                    "  @Test\n  public void testToJsonLong() {\n    Gson gson = new Gson();\n"
                        + "    String json = gson.toJson(new int[] {1, 2, 3});\n"
                        + "    // a longer test than the other one\n"
                        + "    assertThat(json).isEqualTo(\"[1,2,3]\");\n  }\n"),
                new TestRef(
                    "GsonTest.testToJsonString()",
                    "gson/src/test/java/com/google/gson/GsonTest.java",
                    140,
                    "  @Test\n  public void testToJsonString() {\n"
                        + "    assertThat(new Gson().toJson(\"a\")).isEqualTo(\"\\\"a\\\"\");\n  }\n")));
    return new IndexedChunk(chunk, index);
  }

  /** A one-line getter with a real Javadoc: no IMPLEMENT. */
  static IndexedChunk isLenient() {
    String path = "gson/src/main/java/com/google/gson/stream/JsonReader.java";
    String text =
        "  /** Returns true if this parser is liberal in what it accepts. */\n"
            + "  public final boolean isLenient() {\n"
            + "    return lenient;\n"
            + "  }\n";
    CodeFacts facts =
        new CodeFacts(
            "com.google.gson.stream", "JsonReader", "isLenient", "method", "public final boolean isLenient()",
            "Returns true if this parser is liberal in what it accepts.",
            "Returns true if this parser is liberal in what it accepts.",
            List.of(), "boolean", "", List.of(), List.of(), List.of("public", "final"), List.of(), List.of(),
            false, false, false, 3, 341);
    String context =
        "// " + path + "\npackage com.google.gson.stream;\n\npublic class JsonReader implements Closeable {\n";
    return new IndexedChunk(method("c-lenient", path, "JsonReader.isLenient()", 340, text, context, facts), null);
  }

  /** A getter whose Javadoc only restates its name: no EXPLAIN. */
  static IndexedChunk getName() {
    String text = "  /** Returns the name. */\n  public String getName() {\n    return name;\n  }\n";
    CodeFacts facts =
        new CodeFacts(
            "com.google.gson", "FieldAttributes", "getName", "method", "public String getName()",
            "Returns the name.", "Returns the name.", List.of(), "String", "", List.of(), List.of(),
            List.of("public"), List.of(), List.of(), false, false, false, 3, 61);
    return new IndexedChunk(
        method("c-name", "gson/src/main/java/com/google/gson/FieldAttributes.java", "FieldAttributes.getName()",
            60, text, "package com.google.gson;\n\npublic final class FieldAttributes {\n", facts),
        null);
  }

  /** No Javadoc, no parameters, void: only LOCATE. */
  static IndexedChunk undocumented() {
    String text =
        "  private void assertFullConsumption() {\n"
            + "    if (reader.peek() != JsonToken.END_DOCUMENT) {\n"
            + "      throw new JsonSyntaxException(\"Did not consume the entire document.\");\n"
            + "    }\n"
            + "  }\n";
    CodeFacts facts =
        new CodeFacts(
            "com.google.gson", "Gson", "assertFullConsumption", "method", "private void assertFullConsumption()",
            "", "", List.of(), "void", "", List.of(), List.of(), List.of("private"), List.of(), List.of(),
            false, false, false, 3, 1200);
    return new IndexedChunk(
        method("c-undoc", GSON_PATH, "Gson.assertFullConsumption()", 1200, text, GSON_CONTEXT, facts), null);
  }

  /** An interface with implementers. */
  static IndexedChunk typeAdapterFactory() {
    String path = "gson/src/main/java/com/google/gson/TypeAdapterFactory.java";
    String text =
        "/**\n"
            + " * Creates type adapters for set of related types. Type adapter factories are most useful\n"
            + " * when several types share similar structure in their JSON form.\n"
            + " */\n"
            + "public interface TypeAdapterFactory {\n"
            + "  <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type);\n"
            + "}\n";
    CodeFacts facts =
        new CodeFacts(
            "com.google.gson", "", "TypeAdapterFactory", "interface", "public interface TypeAdapterFactory",
            "Creates type adapters for set of related types. Type adapter factories are most useful\n"
                + "when several types share similar structure in their JSON form.",
            "Creates type adapters for set of related types. Type adapter factories are most useful\n"
                + "when several types share similar structure in their JSON form.",
            List.of(), "", "", List.of(), List.of(), List.of("public"), List.of(), List.of(), false, false, false, 0,
            24);
    Chunk chunk =
        new Chunk("c-taf", REPO, COMMIT, path, "java", ChunkKind.TYPE, "com.google.gson.TypeAdapterFactory",
            20, 26, "// " + path + "\npackage com.google.gson;\n", text, 80, facts);
    IndexFacts index =
        new IndexFacts(
            List.of(),
            List.of(
                new SymbolRef("com.google.gson.internal.bind.CollectionTypeAdapterFactory",
                    "gson/src/main/java/com/google/gson/internal/bind/CollectionTypeAdapterFactory.java", 37),
                new SymbolRef("com.google.gson.internal.bind.MapTypeAdapterFactory",
                    "gson/src/main/java/com/google/gson/internal/bind/MapTypeAdapterFactory.java", 104)),
            List.of());
    return new IndexedChunk(chunk, index);
  }

  /** An abstract class with a subclass and a supertype. */
  static IndexedChunk typeAdapter() {
    String path = "gson/src/main/java/com/google/gson/TypeAdapter.java";
    String text =
        "/**\n * Converts Java objects to and from JSON.\n *\n * <p>Defining a type's JSON form with"
            + " <code>List&lt;T&gt;</code>.\n */\npublic abstract class TypeAdapter<T> {\n}\n";
    CodeFacts facts =
        new CodeFacts(
            "com.google.gson", "", "TypeAdapter", "class", "public abstract class TypeAdapter<T> implements Serializable",
            "Converts Java objects to and from JSON.\n\n<p>Defining a type's JSON form with <code>List&lt;T&gt;</code>"
                + " in a <a href=\"x.html\">stream</a>:\n<pre>{@code\n  TypeAdapter<Point> a = ...;\n}</pre>",
            "Converts Java objects to and from JSON.\n\n<p>Defining a type's JSON form with <code>List&lt;T&gt;</code>"
                + " in a <a href=\"x.html\">stream</a>:\n<pre>{@code\n  TypeAdapter<Point> a = ...;\n}</pre>",
            List.of(), "", "", List.of(), List.of(), List.of("public", "abstract"), List.of("Serializable"),
            List.of(), false, false, false, 0, 125);
    Chunk chunk =
        new Chunk("c-ta", REPO, COMMIT, path, "java", ChunkKind.TYPE, "com.google.gson.TypeAdapter", 120, 130,
            "package com.google.gson;\n", text, 80, facts);
    IndexFacts index =
        new IndexFacts(
            List.of(),
            List.of(new SymbolRef("com.google.gson.internal.bind.TreeTypeAdapter",
                "gson/src/main/java/com/google/gson/internal/bind/TreeTypeAdapter.java", 40)),
            List.of());
    return new IndexedChunk(chunk, index);
  }

  /** A test method with a Javadoc, callers and tests of its own: still only LOCATE. */
  static IndexedChunk testMethod() {
    String path = "gson/src/test/java/com/google/gson/GsonTest.java";
    String text =
        "  /** Checks that arrays serialize to JSON arrays of their elements. */\n"
            + "  @Test\n"
            + "  public void testToJsonLong() {\n"
            + "    Gson gson = new Gson();\n"
            + "    String json = gson.toJson(new int[] {1, 2, 3});\n"
            + "    assertThat(json).isEqualTo(\"[1,2,3]\");\n"
            + "  }\n";
    CodeFacts facts =
        new CodeFacts(
            "com.google.gson", "GsonTest", "testToJsonLong", "method", "public void testToJsonLong()",
            "Checks that arrays serialize to JSON arrays of their elements.",
            "Checks that arrays serialize to JSON arrays of their elements.",
            List.of(), "void", "", List.of(), List.of("Test"), List.of("public"), List.of(), List.of(),
            false, true, false, 3, 120);
    IndexFacts index =
        new IndexFacts(List.of(new SymbolRef("GsonTest.helper()", path, 10)), List.of(),
            List.of(new TestRef("GsonTest.other()", path, 30, "void other() {}")));
    return new IndexedChunk(
        method("c-test", path, "GsonTest.testToJsonLong()", 118, text,
            "package com.google.gson;\n\npublic final class GsonTest {\n", facts),
        index);
  }

  /**
   * One of a family of getters sharing one Javadoc, as commons-lang3's {@code SystemProperties} has 32:
   * its explain answer names nothing of its own.
   */
  static IndexedChunk systemProperty(String getter, String property) {
    String path = "src/main/java/org/apache/commons/lang3/SystemProperties.java";
    String doc = "Gets the current value from the system properties map.";
    String text =
        "  /** " + doc + " */\n  public static String " + getter + "() {\n"
            + "    return getProperty(\"" + property + "\");\n  }\n";
    CodeFacts facts =
        new CodeFacts(
            "org.apache.commons.lang3", "SystemProperties", getter, "method", "public static String " + getter + "()",
            doc, doc, List.of(), "String", "", List.of(), List.of(), List.of("public", "static"), List.of(),
            List.of(), false, false, false, 3, 400);
    String context = "package org.apache.commons.lang3;\n\npublic final class SystemProperties {\n";
    return new IndexedChunk(
        method("c-" + getter, path, "SystemProperties." + getter + "()", 400, text, context, facts), null);
  }

  static IndexedChunk window() {
    Chunk chunk =
        new Chunk("c-win", REPO, COMMIT, "gson/pom.xml", "xml", ChunkKind.WINDOW, "gson/pom.xml#L1-L40", 1, 40,
            "gson/pom.xml", "<project>\n</project>\n", 10, null);
    return new IndexedChunk(chunk, null);
  }

  static IndexedChunk docSection() {
    Chunk chunk =
        new Chunk("c-doc", REPO, COMMIT, "README.md", "markdown", ChunkKind.DOC_SECTION, "Download", 10, 20,
            "README.md", "## Download\n\nGradle:\n", 10, null);
    return new IndexedChunk(chunk, null);
  }

  static Chunk method(
      String id, String path, String symbol, int start, String text, String context, CodeFacts facts) {
    int end = start + (int) text.chars().filter(c -> c == '\n').count() - 1;
    return new Chunk(id, REPO, COMMIT, path, "java", ChunkKind.METHOD, symbol, start, end, context, text, 100, facts);
  }

  static List<IndexedChunk> all() {
    return List.of(toJson(), isLenient(), getName(), undocumented(), typeAdapterFactory(), typeAdapter(),
        testMethod(), window(), docSection());
  }
}
