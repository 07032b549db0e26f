package dev.repotune.extractors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StableIdsAndTokensTest {
  @Test
  void givenParts_thenIdIsStable32HexAndSeparatesParts() {
    String id = StableIds.of("repo", "commit", "a/B.java");
    assertEquals(id, StableIds.of("repo", "commit", "a/B.java"));
    assertTrue(id.matches("[0-9a-f]{32}"), id);
    assertNotEquals(StableIds.of("ab", "c"), StableIds.of("a", "bc"));
    // SHA-256("a\0b") starts with this; pins the joining rule other modules may recompute.
    assertEquals(sha256Prefix("a\0b"), StableIds.of("a", "b"));
  }

  @Test
  void givenText_thenO200kCountsAndSpecialTokensAreText() {
    assertEquals(2, TokenCounter.count("hello world"));
    assertEquals(0, TokenCounter.count(""));
    assertTrue(TokenCounter.count("<|endoftext|>") > 1);
  }

  @Test
  void givenOtherLanguage_thenExtractorWindowsIt() {
    ExtractionResult r =
        new ChunkExtractor().extract(new SourceFile("r", "c", "x.properties", "properties", "s", "a=1\nb=2\n"));
    assertEquals(1, r.chunks().size());
    assertEquals(ChunkKind.WINDOW, r.chunks().get(0).kind());
    assertEquals("a=1\nb=2", r.chunks().get(0).text());
    assertEquals(
        StableIds.of("r", "c", "x.properties", "WINDOW", "1", "2", "x.properties#L1-L2"),
        r.chunks().get(0).id());
  }

  @Test
  void givenPackageInfo_thenItsJavadocIsWindowedNotLost() {
    String text = "/** Gson's public API: {@link Gson} and friends. */\npackage com.google.gson;\n";
    ExtractionResult r =
        new ChunkExtractor()
            .extract(new SourceFile("r", "c", "com/google/gson/package-info.java", "java", "s", text));
    assertEquals(false, r.parseFailed());
    assertEquals(1, r.chunks().size());
    assertEquals(ChunkKind.WINDOW, r.chunks().get(0).kind());
    assertTrue(r.chunks().get(0).text().contains("Gson's public API"), r.chunks().get(0).text());
  }

  private static String sha256Prefix(String s) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d).substring(0, 32);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
