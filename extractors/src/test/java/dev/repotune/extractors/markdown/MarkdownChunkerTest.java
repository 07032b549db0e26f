package dev.repotune.extractors.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkExtractor;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.TokenCounter;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MarkdownChunkerTest {
  static List<Chunk> chunks(String text) {
    return new ChunkExtractor()
        .extract(new SourceFile("r", "c", "docs/README.md", "markdown", "s", text))
        .chunks();
  }

  @Test
  void givenHeadings_thenOneSectionEach_preambleNamedByFile_fencedHashIgnored() {
    String md =
        """
        Intro text.

        # Title
        Hello.

        ## Install ##
        ```bash
        # not a heading
        ```
        More.

        ### Linux
        apt.
        ## Usage
        Use it.
        """;
    List<Chunk> chunks = chunks(md);
    assertEquals(
        "README.md 1-2|Title 3-5|Install 6-11|Linux 12-13|Usage 14-15",
        chunks.stream().map(c -> c.symbol() + " " + c.startLine() + "-" + c.endLine())
            .collect(Collectors.joining("|")));
    assertTrue(chunks.stream().allMatch(c -> c.kind() == ChunkKind.DOC_SECTION));
    Chunk linux = chunks.get(3);
    assertEquals("<!-- File: docs/README.md -->\n# Title\n## Install ##", linux.context());
    assertEquals("### Linux\napt.", linux.text());
    assertEquals("<!-- File: docs/README.md -->", chunks.get(0).context());
    assertEquals("<!-- File: docs/README.md -->\n# Title", chunks.get(4).context());
    assertTrue(chunks.get(2).text().contains("# not a heading"));
  }

  @Test
  void givenLongSection_thenSplitIntoWindowsWithinBudget() {
    StringBuilder md = new StringBuilder("# Big\n");
    for (int i = 0; i < 300; i++) {
      md.append("Paragraph ").append(i).append(" says something about the build and its tests.\n\n");
    }
    List<Chunk> chunks = chunks(md.toString());
    assertTrue(chunks.size() > 1, "split into " + chunks.size());
    for (Chunk c : chunks) {
      assertEquals("Big", c.symbol());
      assertTrue(TokenCounter.count(c.text()) <= MarkdownChunker.DEFAULT_SECTION_BUDGET);
    }
    for (int i = 1; i < chunks.size(); i++) {
      assertEquals(chunks.get(i - 1).endLine() + 1, chunks.get(i).startLine());
    }
  }
}
