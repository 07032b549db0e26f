package dev.repotune.pipeline.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.ChunkExtractor;
import dev.repotune.extractors.ExtractionResult;
import dev.repotune.extractors.SourceFile;
import dev.repotune.pipeline.FixtureRepo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one cache store behind the extraction, row, token and response caches. */
class CacheStoreTest {
  private static final String KEY = "ab" + "0".repeat(62);

  @TempDir Path tmp;

  /** A write that fails leaves no ".tmp-" file behind (a full disk left one per entry). */
  @Test
  void givenWriteThatFails_thenNoTempFileIsLeft() throws Exception {
    BeamCacheStore store = new BeamCacheStore(tmp.toString(), ".rows");
    // a folder (not empty) where the entry must go: the rename into place fails
    Files.createDirectories(tmp.resolve("ab").resolve(KEY + ".rows").resolve("in-the-way"));
    assertThrows(IOException.class, () -> store.write(KEY, new byte[] {1, 2, 3}));
    try (Stream<Path> files = Files.list(tmp.resolve("ab"))) {
      List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-")).toList();
      assertEquals(List.of(), left, "temporary files left behind");
    }
  }

  /** A flipped byte, a truncated entry or an entry without the frame is a miss, not other data. */
  @Test
  void givenDamagedEntry_thenMiss() throws Exception {
    BeamCacheStore store = new BeamCacheStore(tmp.toString(), ".tokens");
    byte[] value = "forty-two".getBytes(StandardCharsets.UTF_8);
    store.write(KEY, value);
    assertArrayEquals(value, store.read(KEY).orElseThrow());
    Path entry = tmp.resolve("ab").resolve(KEY + ".tokens");
    byte[] good = Files.readAllBytes(entry);

    byte[] flipped = good.clone();
    flipped[flipped.length - 2] ^= 0x01;
    Files.write(entry, flipped);
    assertTrue(store.read(KEY).isEmpty(), "flipped byte");

    Files.write(entry, java.util.Arrays.copyOf(good, good.length - 1));
    assertTrue(store.read(KEY).isEmpty(), "truncated");

    Files.write(entry, value);
    assertTrue(store.read(KEY).isEmpty(), "an entry from before checksums");
  }

  /** The extraction cache deserializes only repotune's types: a planted object is a miss, never built. */
  @Test
  void givenPlantedForeignObject_thenExtractionCacheMissesWithoutDeserializingIt() throws Exception {
    SourceFile f =
        new SourceFile("acme", "0".repeat(40), "src/main/java/com/acme/calc/Calculator.java", "java", "1".repeat(40),
            FixtureRepo.CALCULATOR);
    ExtractionCache cache = new ExtractionCache(tmp.toString());
    ExtractionResult result = new ChunkExtractor().extract(f);
    assertTrue(cache.put(f, result));
    ExtractionResult back = cache.get(f);
    assertNotNull(back, "a real entry passes the filter");
    assertEquals(result.chunks(), back.chunks());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new java.util.ArrayList<>(List.of(new Gadget())));
    }
    // through the store, so the frame and checksum are right: only the filter stands in the way
    new BeamCacheStore(tmp.toString(), ".chunks").write(ExtractionCache.key(f), bytes.toByteArray());
    Gadget.built = false;
    assertNull(cache.get(f));
    assertFalse(Gadget.built, "the planted object's readObject ran");
  }

  /** Stands for a deserialization gadget: any class outside the extractors' own. */
  static final class Gadget implements Serializable {
    static volatile boolean built;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      built = true;
    }
  }
}
