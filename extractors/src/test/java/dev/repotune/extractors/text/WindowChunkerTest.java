package dev.repotune.extractors.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkExtractor;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.ExtractionResult;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.TokenCounter;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowChunkerTest {
  static List<Chunk> windows(String text, int budget) {
    ExtractionResult r =
        new ChunkExtractor(budget).extract(new SourceFile("r", "c", "conf/app.yaml", "yaml", "s", text));
    assertFalse(r.parseFailed());
    return r.chunks();
  }

  /** Rebuilds the file from its windows: whole-line windows join with '\n', parts of one line concatenate. */
  static String reassemble(List<Chunk> chunks) {
    StringBuilder sb = new StringBuilder();
    int lastLine = 0;
    for (Chunk c : chunks) {
      if (c.startLine() != lastLine && sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(c.text());
      lastLine = c.endLine();
    }
    return sb.toString();
  }

  @Test
  void givenParagraphs_thenWindowsStayInBudget_breakAtBlankLines_andCoverEveryLine() {
    StringBuilder sb = new StringBuilder();
    for (int p = 0; p < 40; p++) {
      for (int l = 0; l < 3; l++) {
        sb.append("key").append(p).append('_').append(l).append(": value ").append(p * l).append('\n');
      }
      sb.append('\n');
    }
    String text = sb.toString().stripTrailing();
    List<Chunk> chunks = windows(text, 64);
    assertTrue(chunks.size() > 3);
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertEquals(ChunkKind.WINDOW, c.kind());
      assertTrue(c.tokens() <= 64, c.tokens() + " tokens");
      assertEquals(TokenCounter.count(c.text()), c.tokens());
      assertEquals("conf/app.yaml#L" + c.startLine() + "-L" + c.endLine(), c.symbol());
      assertEquals("// File: conf/app.yaml", c.context());
      if (i + 1 < chunks.size()) {
        assertEquals(c.endLine() + 1, chunks.get(i + 1).startLine());
        assertTrue(c.text().endsWith("\n"), "window " + i + " should end after a blank line: " + c.text());
      }
    }
    assertEquals(text, reassemble(chunks));
  }

  @Test
  void givenFiveMegabyteSingleLine_thenCutByCharactersWithinBudget() {
    Random random = new Random(42);
    StringBuilder sb = new StringBuilder(5_000_000);
    while (sb.length() < 5_000_000) {
      sb.append((char) ('a' + random.nextInt(26)));
      if (random.nextInt(40) == 0) {
        sb.append(random.nextBoolean() ? ',' : '{');
      }
    }
    String line = sb.toString();
    List<Chunk> chunks = windows(line, 512);
    assertTrue(chunks.size() > 100);
    HashSet<String> ids = new HashSet<>();
    for (Chunk c : chunks) {
      assertTrue(c.tokens() <= 512, c.tokens() + " tokens");
      assertEquals(1, c.startLine());
      assertTrue(ids.add(c.id()), "ids are unique");
    }
    assertEquals("conf/app.yaml#L1-L1 (part 2)", chunks.get(1).symbol());
    assertEquals(line, reassemble(chunks));
  }

  @Test
  void givenLongLineAmongShortOnes_thenOnlyItIsCut() {
    String text = "short one\n" + "word ".repeat(2000) + "\nshort two";
    List<Chunk> chunks = windows(text, 100);
    assertEquals("short one", chunks.get(0).text());
    assertEquals("short two", chunks.get(chunks.size() - 1).text());
    assertEquals(text, reassemble(chunks));
    chunks.forEach(c -> assertTrue(c.tokens() <= 100));
  }

  @Test
  void givenTinyBudget_thenRejected() {
    assertThrows(IllegalArgumentException.class, () -> new WindowChunker(3));
  }
}
