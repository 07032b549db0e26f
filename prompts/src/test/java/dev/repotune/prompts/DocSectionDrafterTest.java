package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.index.IndexedChunk;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Markdown sections as questions: asked by heading path, answered with the section as written. */
class DocSectionDrafterTest {
  private static final OfflineTeacher TEACHER = OfflineTeacher.create(EnumSet.allOf(TaskKind.class), 3, 0);

  private static final String PRIMITIVES =
      "### Primitives Examples\n\n"
          + "```java\n"
          + "// Serialization\n"
          + "Gson gson = new Gson();\n"
          + "gson.toJson(1);            // ==> 1\n"
          + "gson.toJson(\"abcd\");       // ==> \"abcd\"\n"
          + "\n"
          + "// Deserialization\n"
          + "int i = gson.fromJson(\"1\", int.class);\n"
          + "Integer intObj = gson.fromJson(\"1\", Integer.class);\n"
          + "```\n\n";

  static IndexedChunk section(String path, String symbol, int start, String context, String text) {
    return new IndexedChunk(
        new Chunk("c-" + symbol.hashCode(), Fixtures.REPO, Fixtures.COMMIT, path, "markdown", ChunkKind.DOC_SECTION,
            symbol, start, start + 10, context, text, 50, null),
        null);
  }

  @Test
  void aGuideSectionIsAskedByItsHeadingPathAndAnsweredAsWritten() {
    List<QaPair> rows =
        TEACHER.generate(section("UserGuide.md", "Primitives Examples", 120,
            "<!-- File: UserGuide.md -->\n# Gson User Guide\n## Using Gson", PRIMITIVES));
    assertEquals(3, rows.size());
    for (QaPair r : rows) {
      assertEquals(TaskKind.DOC_SECTION, r.taskKind());
      assertTrue(r.question().contains("Primitives Examples"), r.question());
      assertTrue(!r.question().contains("Gson User Guide") && !r.question().contains("Using Gson"),
          "the title is the document, a guide's parent heading not its topic: " + r.question());
      // a lead-in worded per variant, then the section as written
      String section = PRIMITIVES.substring(PRIMITIVES.indexOf("```"), PRIMITIVES.length() - 2);
      assertTrue(r.answer().endsWith("\n\n" + section) && !r.answer().startsWith("```"), r.answer());
    }
    assertTrue(rows.stream().anyMatch(r -> r.question().contains("user guide") || r.question().contains("UserGuide.md")));
  }

  @Test
  void anAnchorInTheHeadingIsNotPartOfTheTopic() {
    String text = "## <a id=\"class-cast-exception\"></a> `ClassCastException` when using deserialized object\n\n"
        + "**Symptom:** `ClassCastException` is thrown when accessing an object deserialized by Gson, because the code"
        + " is most likely not type-safe or code shrinking tools such as ProGuard or R8 are not configured correctly.\n";
    for (QaPair r : TEACHER.generate(section("Troubleshooting.md", "x", 40, "<!-- File: Troubleshooting.md -->\n# Troubleshooting Guide", text))) {
      assertTrue(r.question().contains("`ClassCastException` when using deserialized object") && !r.question().contains("<a"), r.question());
    }
  }

  @Test
  void tinySectionsTablesOfContentsTemplatesAndTestDocsAreNotAsked() {
    String toc = "## Contents\n\n* [Overview](#overview)\n* [Goals for Gson](#goals-for-gson)\n"
        + "* [Gson Performance and Scalability](#gson-performance-and-scalability)\n* [Using Gson](#using-gson)\n"
        + "  * [Using Gson with Gradle/Android](#using-gson-with-gradleandroid)\n"
        + "  * [Using Gson with Maven](#using-gson-with-maven)\n  * [Primitives Examples](#primitives-examples)\n";
    assertEquals(List.of(), TEACHER.generate(section("UserGuide.md", "Contents", 5, "<!-- File: UserGuide.md -->\n# Gson User Guide", toc)));
    assertEquals(List.of(), TEACHER.generate(section("README.md", "Download", 10, "<!-- File: README.md -->", "## Download\n\nGradle:\n")));
    assertEquals(List.of(), TEACHER.generate(section(".github/ISSUE_TEMPLATE/bug_report.md", "Gson version", 3, "", PRIMITIVES)));
    assertEquals(List.of(), TEACHER.generate(section(".github/pull_request_template.md", "Purpose", 1, "", PRIMITIVES)));
    assertEquals(List.of(), TEACHER.generate(section("src/test/resources/local-cert/README.md", "Certs", 1, "", PRIMITIVES)));
    // the second window of a long section has no heading: its question would repeat the first's
    assertEquals(List.of(), TEACHER.generate(section("UserGuide.md", "Primitives Examples", 140, "", PRIMITIVES.substring(25))));
  }

  @Test
  void aChangelogVersionIsAskedWhatChangedAndTheTitleSectionIsTheIntroduction() {
    String fixes = "### Bug Fixes\n\n* Fixed an issue where `Element.wrap()` would lose the element's attributes when the"
        + " wrapping HTML was parsed in a different context than the original, and other cases. #1234\n";
    List<QaPair> rows = TEACHER.generate(section("CHANGES.md", "Bug Fixes", 30,
        "<!-- File: CHANGES.md -->\n# jsoup Changelog\n## 1.17.1 (2023-Nov-27)", fixes));
    assertTrue(!rows.isEmpty());
    assertTrue(rows.stream().allMatch(r -> r.question().contains("1.17.1 (2023-Nov-27) > Bug Fixes")), rows.toString());
    assertTrue(rows.stream().anyMatch(r -> r.question().contains("changelog") || r.question().contains("What changed")));
    String intro = "# Gson\n\nGson is a Java library that can be used to convert Java Objects into their JSON"
        + " representation. It can also be used to convert a JSON string to an equivalent Java object. Gson can"
        + " work with arbitrary Java objects including pre-existing objects that you do not have source-code of.\n";
    List<QaPair> top = TEACHER.generate(section("README.md", "Gson", 1, "<!-- File: README.md -->", intro));
    assertTrue(!top.isEmpty() && top.stream().noneMatch(r -> r.question().contains("about Gson")), top.toString());
  }

  @Test
  void documentNamesReadAsADeveloperWouldSayThem() {
    assertEquals("user guide", DocSectionDrafter.documentName("UserGuide.md", "gson"));
    assertEquals("troubleshooting guide", DocSectionDrafter.documentName("Troubleshooting.md", "gson"));
    assertEquals("design document", DocSectionDrafter.documentName("GsonDesignDocument.md", "gson"));
    assertEquals("changelog", DocSectionDrafter.documentName("CHANGELOG.md", "gson"));
    assertEquals("changelog", DocSectionDrafter.documentName("CHANGES.md", "jsoup"));
    assertEquals("README", DocSectionDrafter.documentName("README.md", "jsoup"));
    assertEquals("extras README", DocSectionDrafter.documentName("extras/README.md", "gson"));
    assertEquals("contributing guide", DocSectionDrafter.documentName(".github/CONTRIBUTING.md", "jsoup"));
  }
}
