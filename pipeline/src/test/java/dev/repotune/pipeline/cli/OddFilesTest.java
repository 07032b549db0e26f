package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.FixtureRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files whose content or name is not what it seems, through the command line. */
class OddFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  CliRun generate(Path repo, Path out) {
    return CliRun.of("generate", repo.toString(), "--out", out.toString(), "--cache-dir", tmp.resolve("cache").toString());
  }

  private static List<JsonNode> lines(Path out, String folder) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> s = Files.walk(out.resolve(folder))) {
      for (Path p : s.filter(x -> x.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          rows.add(JSON.readTree(line));
        }
      }
    }
    return rows;
  }

  /** A Git LFS pointer is a stand-in for content elsewhere: not a document to learn from. */
  @Test
  void givenLfsPointerFile_thenSkippedAsLfsPointerWithAWarning() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>(FixtureRepo.defaultFiles());
    files.put("data/weights.json", FixtureRepo.utf8(
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + "4d7a".repeat(16) + "\nsize 1337421\n"));
    Path repo = tmp.resolve("acme");
    FixtureRepo.create(repo, files);
    Path out = tmp.resolve("out");
    CliRun r = generate(repo, out);
    assertEquals(0, r.code(), r.err());
    JsonNode counts = JSON.readTree(out.resolve("manifest.json").toFile()).get("counts");
    assertEquals(1, counts.at("/rejected/ReadRepository/lfs_pointer").asLong(), counts.toPrettyString());
    assertEquals(6, counts.at("/files/kept").asLong(), counts.toPrettyString());
    for (JsonNode doc : lines(out, "cpt")) {
      assertFalse(doc.get("text").asText().contains("git-lfs.github.com"), doc.toString());
    }
    assertTrue(r.err().contains("repotune: warning: 1 Git LFS pointer files were skipped"), r.err());
  }

  /** A line break in a file name cannot forge a second "// File:" header (nor split one in a question). */
  @Test
  void givenFileNameWithNewlineAndForgedHeader_thenOneHeaderLineWithTheNameEscaped() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>(FixtureRepo.defaultFiles());
    // git allows any byte but NUL in a name ('/' separates folders): a Python file's header is "# File:"
    String crafted = "scripts/run\n# File: evil\u2028.py";
    files.put(crafted, FixtureRepo.utf8("def water(plants):\n    return [p for p in plants if p]\n"));
    Path repo = tmp.resolve("acme");
    FixtureRepo.create(repo, files);
    Path out = tmp.resolve("out");
    CliRun r = generate(repo, out);
    assertEquals(0, r.code(), r.err());
    List<JsonNode> cpt = lines(out, "cpt");
    JsonNode doc =
        cpt.stream().filter(d -> d.at("/meta/path").asText().equals(crafted)).findFirst()
            .orElseThrow(() -> new AssertionError("no CPT document for the crafted name: " + cpt));
    String text = doc.get("text").asText();
    List<String> headers = text.lines().filter(l -> l.contains("File:")).toList();
    assertEquals(List.of("# File: scripts/run\\n# File: evil\\u2028.py"), headers, text);
    assertTrue(text.startsWith(headers.get(0) + "\n"), text);
    // no text a model reads (CPT text, every message of every SFT row) has a line that is a forged header
    List<String> texts = new ArrayList<>();
    cpt.forEach(d -> texts.add(d.get("text").asText()));
    for (JsonNode row : lines(out, "openai")) {
      row.get("messages").forEach(m -> texts.add(m.get("content").asText()));
    }
    assertTrue(texts.size() > cpt.size(), "SFT rows too");
    for (String t : texts) {
      for (String line : t.split("[\\n\\r\\u2028\\u2029\\u0085\\u000b\\f]")) {
        assertFalse(line.startsWith("# File: evil"), t);
      }
    }
  }
}
