package dev.repotune.extractors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeFingerprintTest {
  @TempDir Path tmp;

  private static final List<String> PREFIX = List.of("dev/x/");

  @Test
  void givenAFileUnderThePrefixChangesOrIsAdded_thenTheFingerprintChanges() throws IOException {
    Map<String, String> files = new TreeMap<>(Map.of("dev/x/A.class", "a", "dev/y/B.class", "b"));
    String before = CodeFingerprint.hash(PREFIX, Set.of(folder("one", files)));

    files.put("dev/x/A.class", "a2");
    assertNotEquals(before, CodeFingerprint.hash(PREFIX, Set.of(folder("two", files))));

    files.put("dev/x/A.class", "a");
    files.put("dev/x/Helper.class", "h");
    assertNotEquals(before, CodeFingerprint.hash(PREFIX, Set.of(folder("three", files))), "a class added later");
  }

  @Test
  void givenAChangeOutsideThePrefix_thenTheFingerprintStays() throws IOException {
    Map<String, String> files = new TreeMap<>(Map.of("dev/x/A.class", "a", "dev/y/B.class", "b"));
    String before = CodeFingerprint.hash(PREFIX, Set.of(folder("one", files)));
    files.put("dev/y/B.class", "b2");
    assertEquals(before, CodeFingerprint.hash(PREFIX, Set.of(folder("two", files))));
  }

  @Test
  void givenTheSameClassesInAJarOrAFolder_thenTheSameFingerprint() throws IOException {
    Map<String, String> files = Map.of("dev/x/A.class", "a", "dev/x/sub/C.class", "c", "dev/y/B.class", "b");
    Path jar = tmp.resolve("all.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes());
        zip.closeEntry();
      }
    }
    assertEquals(
        CodeFingerprint.hash(PREFIX, Set.of(folder("dir", files))), CodeFingerprint.hash(PREFIX, Set.of(jar)));
  }

  @Test
  void givenThisModule_thenTheExtractorVersionIsStableWithinARun() {
    assertEquals(32, ExtractorVersion.value().length());
    assertEquals(ExtractorVersion.value(), ExtractorVersion.value());
    assertNotEquals(
        new CodeFingerprint(List.of("dev/repotune/extractors/java/"), List.of(Chunk.class)).value(),
        new CodeFingerprint(List.of("dev/repotune/extractors/git/"), List.of(Chunk.class)).value());
  }

  private Path folder(String name, Map<String, String> files) throws IOException {
    Path root = tmp.resolve(name);
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      try (OutputStream o = Files.newOutputStream(p)) {
        o.write(e.getValue().getBytes());
      }
    }
    return root;
  }
}
