package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.FixtureRepo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task mix and the test split through the command line, on a repository of small documented
 * classes where locate and signature rows would be most of the data: no kind above its share, every
 * dropped row in {@code rejected/CapMix}, every kind's part in test, and a rerun byte for byte the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixAndSplitEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  Path repo;
  Path out;

  /**
   * 24 classes of three documented methods, each calling the class before it (callers rows), and four
   * undocumented ones (only where they are and what they take: locate and signature rows).
   */
  static Map<String, byte[]> files() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < 24; i++) {
      String previous = i == 0 ? "" : "    total += new Ledger" + (i - 1) + "().balance(values) % " + (i + 2) + ";\n";
      String src =
          "package com.acme.p" + i + ";\n\n"
              + (i == 0 ? "" : "import com.acme.p" + (i - 1) + ".Ledger" + (i - 1) + ";\n\n")
              + "/** Keeps the running totals of ledger " + i + " for the monthly close. */\n"
              + "public class Ledger" + i + " {\n"
              + "  /**\n   * Sums the entries above " + i + " and reconciles them against the previous ledger.\n"
              + "   *\n   * @param values the entries\n   * @return the reconciled balance\n   */\n"
              + "  public int balance(int[] values) {\n    int total = 0;\n"
              + "    for (int v : values) {\n      if (v > " + i + ") {\n        total += v * " + (i + 3) + ";\n      }\n    }\n"
              + previous
              + "    return total;\n  }\n\n"
              + "  /**\n   * Counts how many entries of the month exceed the limit " + (i * 7) + " set by audit.\n"
              + "   *\n   * @param values the entries\n   * @return how many are over\n   */\n"
              + "  public long overLimit(int[] values) {\n"
              + "    return java.util.Arrays.stream(values).filter(v -> v > " + (i * 7) + ").count() + balance(values) / "
              + (i + 5) + ";\n  }\n\n"
              + "  /**\n   * Formats the ledger's header line with its number " + i + " and the given month name.\n"
              + "   *\n   * @param month the month's name\n   * @return the header\n   */\n"
              + "  public String header(String month) {\n"
              + "    return \"Ledger " + i + " / \" + month.toUpperCase() + \" / \" + overLimit(new int[] {" + i + "});\n"
              + "  }\n\n"
              + "  int scaled(int x) {\n    return x * " + (i + 11) + " - balance(new int[] {x});\n  }\n\n"
              + "  int shifted(int x, int by) {\n    return (x << by) + " + (i + 13) + " + scaled(by);\n  }\n\n"
              + "  long folded(long a, long b) {\n    return a * 31 + b * " + (i + 17) + " + shifted((int) a, 2);\n  }\n\n"
              + "  boolean inRange(int x, int low, int high) {\n    return x >= low + " + i + " && x <= high + scaled(low);\n  }\n}\n";
      files.put("src/main/java/com/acme/p" + i + "/Ledger" + i + ".java", FixtureRepo.utf8(src));
    }
    return files;
  }

  @BeforeAll
  void repository() throws Exception {
    repo = tmp.resolve("ledgers");
    FixtureRepo.create(repo, files());
    out = generate("out", "--test-fraction", "0.2");
  }

  Path generate(String name, String... options) {
    Path dir = tmp.resolve(name);
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    List<String> args = new java.util.ArrayList<>(List.of("generate", repo.toString(), "--out", dir.toString(),
        "--cache-dir", tmp.resolve("cache").toString()));
    args.addAll(List.of(options));
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
    assertEquals(0, code, e.toString());
    return dir;
  }

  /** Rows per task kind and split. */
  static Map<String, long[]> mix(Path out) throws IOException {
    Map<String, long[]> mix = new TreeMap<>();
    for (JsonNode r : DeduplicateEndToEndTest.lines(out, "sft/")) {
      long[] n = mix.computeIfAbsent(r.at("/meta/task").asText(), k -> new long[2]);
      n[r.at("/meta/split").asText().equals("test") ? 1 : 0]++;
    }
    return mix;
  }

  @Test
  void givenTheDefaultMix_thenNoKindAboveAQuarter_andEveryCappedRowRejectedWithWhy() throws IOException {
    Map<String, long[]> mix = mix(out);
    long total = mix.values().stream().mapToLong(n -> n[0] + n[1]).sum();
    mix.forEach((kind, n) -> assertTrue(n[0] + n[1] <= 0.25 * total, kind + " " + (n[0] + n[1]) + " of " + total));
    List<JsonNode> capped = DeduplicateEndToEndTest.lines(out, "rejected/CapMix");
    assertTrue(!capped.isEmpty(), "the fixture has more locate and signature rows than a quarter");
    for (JsonNode r : capped) {
      assertEquals("mix_cap", r.get("reason").asText());
      assertTrue(r.get("detail").asText().contains("--mix caps its share at 0.25"), r.toString());
    }
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    assertEquals(capped.size(), manifest.at("/counts/rejected/CapMix/mix_cap").asLong());
    assertEquals(0.25, manifest.at("/config/mix/locate").asDouble());
  }

  @Test
  void givenATestFraction_thenEveryKindHasAboutItsPartInTest() throws IOException {
    Map<String, long[]> mix = mix(out);
    assertTrue(mix.size() >= 5, mix.keySet().toString());
    mix.forEach((kind, n) -> {
      double share = (double) n[1] / (n[0] + n[1]);
      assertTrue(share >= 0.15 && share <= 0.45, kind + ": " + n[1] + " of " + (n[0] + n[1]) + " in test");
    });
  }

  @Test
  void givenANamedShare_thenThatKindIsCappedThere() throws IOException {
    Path named = generate("named", "--test-fraction", "0.2", "--mix", "locate=0.1,signature=1");
    Map<String, long[]> mix = mix(named);
    long total = mix.values().stream().mapToLong(n -> n[0] + n[1]).sum();
    long locate = mix.get("locate")[0] + mix.get("locate")[1];
    assertTrue(locate <= 0.1 * total && locate >= 0.1 * total - 2, locate + " of " + total);
    for (JsonNode r : DeduplicateEndToEndTest.lines(named, "rejected/CapMix")) {
      assertTrue(!r.get("detail").asText().startsWith("signature"), "signature=1 lifts its cap: " + r);
    }
  }

  @Test
  void givenTheSameCommitAndOptions_thenARerunFromTheCacheIsByteForByteTheSame() throws IOException {
    Path again = generate("again", "--test-fraction", "0.2");
    List<Path> files;
    try (Stream<Path> s = Files.walk(out)) {
      files = s.filter(Files::isRegularFile).map(out::relativize).sorted().toList();
    }
    try (Stream<Path> s = Files.walk(again)) {
      assertEquals(files, s.filter(Files::isRegularFile).map(again::relativize).sorted().toList());
    }
    for (Path f : files) {
      if (!f.toString().equals("manifest.json")) {
        assertEquals(-1L, Files.mismatch(out.resolve(f), again.resolve(f)), f.toString());
      }
    }
  }
}
