package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourcesAndJavadocsTest {
  @Test
  void inlineTagsBecomeCodeSpansOrText() {
    assertEquals(
        List.of("Use `Map<String, List<Integer>>` via `Gson.toJson(Object, Type)`, see the builder, `{}` and @."),
        Javadocs.paragraphs(
            "Use {@code Map<String, List<Integer>>} via {@link Gson#toJson(Object, Type)}, see\n"
                + "{@linkplain GsonBuilder the builder}, {@code {}} and {@literal @}."));
    assertEquals(List.of("Inherited:"), Javadocs.paragraphs("{@inheritDoc} Inherited:").stream()
        .map(String::strip).toList());
  }

  @Test
  void fencesTheExtractorRenderedKeepTheirLinesAndIndentation() {
    assertEquals(
        List.of(
            "Converts a string.",
            "```java\nNumbers.toFloat(null, 1.1f)   = 1.1f\nif (x) {\n  run();\n}\n```",
            "Then `more` text."),
        Javadocs.paragraphs(
            "Converts a string.\n\n```\nNumbers.toFloat(null, 1.1f)   = 1.1f\nif (x) {\n  run();\n}\n```\n\nThen `more` text."));
  }

  @Test
  void htmlBecomesParagraphsListsAndFences() {
    assertEquals(
        List.of("First & second.", "- one", "- `two`", "```java\nif (a < b) {\n  go();\n}\n```"),
        Javadocs.paragraphs(
            "First &amp; second.<p>\n<ul><li>one</li><li><tt>two</tt></li></ul>\n"
                + "<pre>\n  if (a &lt; b) {\n    go();\n  }\n</pre>"));
    assertEquals("Pick one:\n\n- x\n- y.", Javadocs.description("Pick one:<ul><li>x<li>y</ul>", 1000));
  }

  @Test
  void textTheExtractorAlreadyRenderedKeepsGenericsAndListItems() {
    assertEquals(
        "Returns a `List<T>` of the `Map<K, V>` entries:\n\n- one\n- two.",
        Javadocs.description("Returns a `List<T>` of the `Map<K, V>` entries:\n- one\n- two", 1000));
    assertEquals(List.of("Compares a<b and c>d."), Javadocs.paragraphs("Compares a<b and c>d."));
  }

  @Test
  void leadingJavadocIsTakenAsWritten() {
    assertEquals(
        "/**\n * Uses {@link Foo}.\n */",
        Sources.leadingJavadoc("  /**\n   * Uses {@link Foo}.\n   */\n  void f() {}\n"));
    assertNull(Sources.leadingJavadoc("  void f() {}\n"));
  }

  @Test
  void descriptionIsCutAtParagraphsAndEndsWithASentence() {
    String d = Javadocs.description("First part\n\n<p>" + "x".repeat(50) + " second:<pre>code()</pre>", 20);
    assertEquals("First part.", d);
  }

  @Test
  void trivialSummaries() {
    assertTrue(Javadocs.isTrivial("Returns the name.", "getName"));
    assertTrue(Javadocs.isTrivial("Creates a new Gson instance.", "Gson"));
    assertTrue(Javadocs.isTrivial("TODO: document", "run"));
    assertTrue(Javadocs.isTrivial("", "run"));
    assertFalse(Javadocs.isTrivial("Returns the name of the field as declared in source.", "getName"));
  }

  @Test
  void asCommentStarsEveryLineAndKeepsBlankSeparators() {
    assertEquals(
        "/**\n * Summary.\n *\n * @param a the a\n */",
        Javadocs.asComment("\nSummary.\n\n\n@param a the a\n\n"));
    assertEquals("/**\n * Summary.\n */", Javadocs.asComment(" * Summary.\n *"));
  }

  @Test
  void stripsLeadingJavadocAndDedents() {
    String text = "  /**\n   * Doc.\n   */\n  @Override\n  public int size() {\n    return n;\n  }\n";
    assertEquals("@Override\npublic int size() {\n  return n;\n}", Sources.dedent(Sources.stripLeadingJavadoc(text)));
    assertEquals(1, Sources.innerBodyLines(Sources.stripLeadingJavadoc(text)));
    assertEquals(0, Sources.innerBodyLines("int size() { return n; }"));
    assertEquals("void f() {\n  a();\n}", Sources.dedent("void f() {\n    a();\n  }"));
  }

  @Test
  void findsEnclosingDeclarationInContext() {
    String context = "package a;\n\nimport b.C;\n\npublic final class Gson {\n  public static class Builder\n"
        + "      extends Base {\n";
    assertEquals("public final class Gson", Sources.typeDeclaration(context, "Gson"));
    assertEquals("public static class Builder", Sources.typeDeclaration(context, "Builder"));
    assertNull(Sources.typeDeclaration(context, "Other"));
    assertNull(Sources.typeDeclaration("import a.GsonClass;", "Gson"));
  }

  @Test
  void shortRefDropsThePackage() {
    assertEquals("TreeTypeAdapter", Sources.shortRef("com.google.gson.internal.bind.TreeTypeAdapter"));
    assertEquals("Gson.Builder", Sources.shortRef("com.google.gson.Gson.Builder"));
    assertEquals("Gson.toJson(Object)", Sources.shortRef("Gson.toJson(Object)"));
    assertEquals("`` a`b ``", Sources.code("a`b"));
    assertEquals("````java\n```x```\n````", Sources.fence("```x```"));
  }
}
