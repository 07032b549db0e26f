package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.pipeline.FixtureRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged cache costs time, never different data: one flipped byte in an extraction, row or token
 * cache entry is a miss, and the rerun writes the same shards as the run that filled the cache.
 */
class DamagedCacheTest {
  @TempDir Path tmp;

  CliRun generate(Path repo, Path out, Path cache) {
    return CliRun.of("generate", repo.toString(), "--out", out.toString(), "--cache-dir", cache.toString(), "--verbose");
  }

  @Test
  void givenOneFlippedByteInEachCache_whenRerun_thenSameShardsAndTheDamageIsCounted() throws Exception {
    Path repo = tmp.resolve("acme");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    Path cache = tmp.resolve("cache");
    Path first = tmp.resolve("first");
    CliRun cold = generate(repo, first, cache);
    assertEquals(0, cold.code(), cold.err());
    CliRun warm = generate(repo, tmp.resolve("warm"), cache);
    assertTrue(warm.err().contains("0 files parsed, 6 reused"), "every entry reads back: " + warm.err());

    // A byte inside a chunk's text, a row's text, a token count: each still decodes, to other data.
    damage(cache.resolve("extract"), ".chunks", "Adds two numbers");
    CliRun afterExtract = generate(repo, tmp.resolve("after-extract"), cache);
    assertSameShards(first, tmp.resolve("after-extract"), afterExtract);
    assertTrue(afterExtract.err().contains("1 files parsed, 5 reused"), afterExtract.err());

    damage(cache.resolve("rows"), ".rows", "Calculator");
    CliRun afterRows = generate(repo, tmp.resolve("after-rows"), cache);
    assertSameShards(first, tmp.resolve("after-rows"), afterRows);

    damageLastByte(cache.resolve("tokens"), ".tokens");
    CliRun afterTokens = generate(repo, tmp.resolve("after-tokens"), cache);
    assertSameShards(first, tmp.resolve("after-tokens"), afterTokens);
    assertTrue(warm.err().contains("repotune: 0 damaged cache entries ignored"), warm.err());
    for (CliRun r : List.of(afterExtract, afterRows, afterTokens)) {
      assertTrue(r.err().matches("(?s).*repotune: warning: [1-9][0-9]* damaged cache entries ignored.*"), r.err());
    }
  }

  /** Changes one letter of each occurrence of {@code text} in the first entry that has it. */
  private static void damage(Path dir, String suffix, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    for (Path p : entries(dir, suffix)) {
      byte[] bytes = Files.readAllBytes(p);
      boolean found = false;
      for (int at = indexOf(bytes, needle, 0); at >= 0; at = indexOf(bytes, needle, at + 1)) {
        bytes[at + 1] ^= 0x20; // "Adds" becomes "ADds": still text, still decodes
        found = true;
      }
      if (found) {
        Files.write(p, bytes);
        return;
      }
    }
    throw new AssertionError("no " + suffix + " entry holds '" + text + "' under " + dir);
  }

  private static void damageLastByte(Path dir, String suffix) throws IOException {
    Path p = entries(dir, suffix).get(0);
    byte[] bytes = Files.readAllBytes(p);
    bytes[bytes.length - 1] ^= 0x01;
    Files.write(p, bytes);
  }

  private static List<Path> entries(Path dir, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> found = walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
      assertFalse(found.isEmpty(), "no " + suffix + " entries under " + dir);
      return found;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  private static void assertSameShards(Path expected, Path actual, CliRun r) throws IOException {
    assertEquals(0, r.code(), r.err());
    List<String> files;
    try (Stream<Path> walk = Files.walk(expected)) {
      files = walk.filter(Files::isRegularFile).map(p -> expected.relativize(p).toString())
          .filter(f -> !f.equals("manifest.json")).sorted().toList();
    }
    assertTrue(files.size() > 3, files.toString());
    for (String f : files) {
      assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f + " differs");
    }
  }
}
