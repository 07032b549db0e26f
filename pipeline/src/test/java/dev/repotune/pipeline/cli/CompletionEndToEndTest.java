package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.FixtureRepo;
import dev.repotune.samples.HeldOutCheck;
import dev.repotune.samples.ModelProfile;
import dev.repotune.samples.OutputKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion data through the command line: FIM examples that rebuild their files exactly (tabs,
 * CRLF, a BOM, non-ASCII names, emoji), in the profile's format; repository-level documents in dependency
 * order within the context size; held-out files in no training output; a rerun byte for byte the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompletionEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROFILE = "starcoder2";

  @TempDir static Path tmp;
  Path repo;
  Path out;
  Map<String, String> sources = new LinkedHashMap<>();

  @BeforeAll
  void repository() throws Exception {
    Map<String, byte[]> files = MixAndSplitEndToEndTest.files();
    files.put("src/main/java/com/acme/odd/Größe.java", FixtureRepo.utf8(
        "\uFEFFpackage com.acme.odd;\r\n\r\nimport com.acme.p3.Ledger3;\r\n\r\n/** Maße und Größen \uD83D\uDCCF. */\r\n"
            + "public class Größe {\r\n\tprivate final int breite;\r\n\r\n\tpublic Größe(int breite) {\r\n"
            + "\t\tthis.breite = breite;\r\n\t}\r\n\r\n\t/** Doubles the width. */\r\n\tpublic int doppelt() {\r\n"
            + "\t\tString label = \"\uD83D\uDE00 Breite \u4E2D\u6587\";\r\n\t\tint wert = breite * 2 + label.length();\r\n"
            + "\t\treturn wert + new Ledger3().balance(new int[] {wert, breite});\r\n\t}\r\n}\r\n"));
    files.put("src/main/java/com/acme/odd/Пример.java", FixtureRepo.utf8(
        "package com.acme.odd;\n\npublic final class Пример {\n  public static String имя(String значение) {\n"
            + "    if (значение == null || значение.isEmpty()) {\n      return \"\uD83C\uDF89 пусто\";\n    }\n"
            + "    return значение.trim().toUpperCase() + new Größe(3).doppelt();\n  }\n}\n"));
    files.put("README.md", FixtureRepo.utf8("# Ledgers\n\nMonthly close.\n"));
    // the reader drops a leading byte-order mark (it is not text); the rest is kept byte for byte
    files.forEach((path, bytes) -> sources.put(path, new String(bytes, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "")));
    repo = tmp.resolve("ledgers");
    FixtureRepo.create(repo, files);
    out = generate("out");
  }

  Path generate(String name, String... more) {
    Path dir = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("generate", repo.toString(), "--out", dir.toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--profile", PROFILE, "--completion-holdout", "0.3",
        "--context-tokens", "1024", "--fim-rate", "1"));
    args.addAll(List.of(more));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
    assertEquals(0, code, e.toString());
    return dir;
  }

  List<JsonNode> rows(String folder) throws IOException {
    return DeduplicateEndToEndTest.lines(out, folder + "/");
  }

  @Test
  void everyFimExampleRebuildsItsFileExactlyAndIsInTheProfilesFormat() throws IOException {
    ModelProfile profile = ModelProfile.named(PROFILE);
    List<JsonNode> fim = rows(OutputKind.FIM.folder());
    assertTrue(fim.size() > 50, fim.size() + " examples");
    Set<String> kinds = new TreeSet<>();
    Set<String> modes = new TreeSet<>();
    for (JsonNode r : fim) {
      String prefix = r.get("prefix").asText();
      String middle = r.get("middle").asText();
      String suffix = r.get("suffix").asText();
      String path = r.get("path").asText();
      assertEquals(sources.get(path), prefix + middle + suffix, path + " " + r.get("kind"));
      assertFalse(middle.isBlank(), r.toString());
      assertFalse(Character.isLowSurrogate(middle.charAt(0)), "a middle never starts inside a surrogate pair");
      assertFalse(Character.isHighSurrogate(middle.charAt(middle.length() - 1)), "nor ends inside one");
      ModelProfile.Mode mode = ModelProfile.Mode.valueOf(r.get("mode").asText().toUpperCase());
      assertEquals(profile.fimText(prefix, middle, suffix, mode), r.get("text").asText());
      int tokens = r.at("/meta/tokens").asInt();
      assertTrue(tokens > 0 && tokens <= 1024, "an example fits --context-tokens, or a trainer cuts its middle off: " + tokens);
      kinds.add(r.get("kind").asText());
      modes.add(r.get("mode").asText());
    }
    assertTrue(kinds.size() >= 4, kinds.toString());
    assertEquals(Set.of("psm", "spm"), modes, "StarCoder2 trained both");
    assertTrue(fim.stream().anyMatch(r -> r.get("path").asText().endsWith("Größe.java")));
  }

  @Test
  void heldOutFilesAreInTheTestSplitAndInNoTrainingOutput() throws IOException {
    List<JsonNode> fim = rows(OutputKind.FIM.folder());
    Set<String> heldOut = new TreeSet<>();
    List<String> middles = new ArrayList<>();
    for (JsonNode r : fim) {
      if (r.at("/meta/split").asText().equals("test")) {
        heldOut.add(r.get("path").asText());
        middles.add(r.get("middle").asText());
      }
    }
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    assertFalse(heldOut.isEmpty(), "at 0.3 of 26 code files some are held out");
    assertTrue(manifest.at("/counts/files/held_out").asLong() >= heldOut.size(), manifest.at("/counts/files").toString());
    List<String> training = new ArrayList<>();
    for (JsonNode r : fim) {
      if (r.at("/meta/split").asText().equals("train")) {
        assertFalse(heldOut.contains(r.get("path").asText()), r.get("path").asText());
        training.add(r.get("text").asText());
      }
    }
    for (JsonNode r : rows("cpt")) {
      assertFalse(heldOut.contains(r.at("/meta/path").asText()), "CPT holds " + r.at("/meta/path"));
      training.add(r.get("text").asText());
    }
    for (JsonNode r : rows(OutputKind.REPO.folder())) {
      r.at("/meta/paths").forEach(p -> assertFalse(heldOut.contains(p.asText()), "a repository document holds " + p));
      training.add(r.get("text").asText());
    }
    for (JsonNode r : rows("sft")) {
      assertFalse(heldOut.contains(r.at("/meta/path").asText()), "an SFT row asks about " + r.at("/meta/path"));
      training.add(r.get("messages").toString());
    }
    HeldOutCheck check = HeldOutCheck.of(middles);
    for (String text : training) {
      assertEquals(List.of(), check.foundIn(text));
    }
  }

  @Test
  void repositoryDocumentsFitTheContextAndPutAFileAfterWhatItImports() throws IOException {
    List<JsonNode> docs = rows(OutputKind.REPO.folder());
    assertTrue(docs.size() >= 2, "1024 tokens hold a few ledgers each: " + docs.size());
    List<String> order = new ArrayList<>();
    int withFim = 0;
    for (JsonNode d : docs) {
      assertTrue(d.at("/meta/tokens").asInt() <= 1024, d.at("/meta").toString());
      assertTrue(d.get("text").asText().startsWith("<repo_name>"), d.get("text").asText().substring(0, 40));
      d.at("/meta/paths").forEach(p -> order.add(p.asText()));
      withFim += d.at("/meta/fimPath").asText().isEmpty() && d.at("/meta/fim_path").asText().isEmpty() ? 0 : 1;
    }
    assertTrue(withFim > 0, "--fim-rate 1 puts a FIM example in documents whose last file has a middle");
    for (int i = 1; i < 24; i++) {
      int at = order.indexOf("src/main/java/com/acme/p" + i + "/Ledger" + i + ".java");
      int before = order.indexOf("src/main/java/com/acme/p" + (i - 1) + "/Ledger" + (i - 1) + ".java");
      if (at >= 0 && before >= 0) {
        assertTrue(before < at, "Ledger" + i + " imports Ledger" + (i - 1) + ": " + order);
      }
    }
  }

  @Test
  void theManifestNamesTheProfileAndTheTokenizerThatCounted() throws IOException {
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    assertEquals(PROFILE, manifest.at("/completion/profile").asText());
    assertTrue(manifest.at("/completion/tokens_counted_with").asText().contains("o200k_base"));
    assertEquals(1.0, manifest.at("/config/fim_rate").asDouble());
  }

  @Test
  void aRerunWithTheSameSeedGivesTheSameBytes() throws IOException {
    Path again = generate("again");
    for (String folder : List.of(OutputKind.FIM.folder(), OutputKind.REPO.folder())) {
      List<Path> files;
      try (Stream<Path> s = Files.walk(out.resolve(folder))) {
        files = s.filter(Files::isRegularFile).map(out::relativize).sorted().toList();
      }
      assertFalse(files.isEmpty());
      for (Path f : files) {
        assertEquals(-1L, Files.mismatch(out.resolve(f), again.resolve(f)), f.toString());
      }
    }
  }
}
