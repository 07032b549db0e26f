package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.DuplicateFixture;
import dev.repotune.pipeline.FixtureRepo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The planted copies of {@link DuplicateFixture}, through the real command line: copies go, distinct code stays. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeduplicateEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  Path out;
  List<JsonNode> sft;
  List<JsonNode> cpt;
  List<JsonNode> rejected;
  JsonNode manifest;

  @BeforeAll
  void generate() throws Exception {
    Path repo = tmp.resolve("acme");
    FixtureRepo.create(repo, DuplicateFixture.files());
    out = tmp.resolve("out");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code =
        Main.run(new PrintWriter(o), new PrintWriter(e), "generate", repo.toString(), "--out", out.toString(),
            "--cache-dir", tmp.resolve("cache").toString(), "--test-fraction", "0");
    assertEquals(0, code, e.toString());
    sft = lines(out, "sft/");
    cpt = lines(out, "cpt/");
    rejected = lines(out, "rejected/Deduplicate");
    manifest = JSON.readTree(out.resolve("manifest.json").toFile());
  }

  static List<JsonNode> lines(Path out, String prefix) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : s.filter(p -> out.relativize(p).toString().startsWith(prefix) && p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(p)) {
          rows.add(JSON.readTree(line));
        }
      }
    }
    return rows;
  }

  Set<String> keptSymbols(String task) {
    return sft.stream()
        .filter(r -> r.at("/meta/task").asText().equals(task))
        .map(r -> r.at("/meta/symbol").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static long countIn(Set<String> symbols, String... candidates) {
    return Stream.of(candidates).filter(symbols::contains).count();
  }

  @Test
  void givenCopiedAndRenamedMethods_thenOneSurvivesPerCluster() {
    Set<String> implement = keptSymbols("implement");
    assertEquals(
        1,
        countIn(implement, "Stats.weightedTotal(int[])", "StatsCopy.weightedTotal(int[])", "Reports.sumWeighted(int[])"),
        "implement rows kept: " + implement);
    assertEquals(1, countIn(implement, "Stats.mean(int[])", "StatsCopy.mean(int[])"), implement.toString());
    Set<String> document = keptSymbols("document");
    assertEquals(
        1,
        countIn(document, "Stats.weightedTotal(int[])", "StatsCopy.weightedTotal(int[])", "Reports.sumWeighted(int[])"),
        "document rows kept: " + document);
  }

  @Test
  void givenDistinctCode_thenKept_evenWithACopiedJavadoc() {
    Set<String> implement = keptSymbols("implement");
    assertTrue(implement.contains("Reports.headline(int[])"), implement.toString());
    assertTrue(implement.contains("Reports.title(String, int)"), implement.toString());
    assertTrue(keptSymbols("document").contains("Reports.headline(int[])"));
  }

  @Test
  void givenOppositeLogicOneOperatorApart_thenBothKept() {
    for (String task : List.of("implement", "document")) {
      Set<String> kept = keptSymbols(task);
      for (String symbol :
          List.of(
              "ClassTokens.nextClassStart(String, int, int)", "ClassTokens.nextClassEnd(String, int, int)",
              "NumberUtils.min(short, short, short)", "NumberUtils.max(short, short, short)")) {
        assertTrue(kept.contains(symbol), task + " rows kept: " + kept);
      }
    }
  }

  @Test
  void givenAKeptFact_thenAllItsQuestionVariantsStay() {
    for (JsonNode r : sft) {
      String chunk = r.at("/meta/chunk_id").asText();
      String task = r.at("/meta/task").asText();
      for (JsonNode d : rejected) {
        JsonNode row = record(d).get("row");
        if (row.has("messages")) {
          assertTrue(
              !(row.at("/meta/chunk_id").asText().equals(chunk) && row.at("/meta/task").asText().equals(task)),
              "a variant of a kept fact was dropped: " + d);
        }
      }
    }
  }

  @Test
  void givenCopyPastedFile_thenOneCptDocumentDropped_withTheKeptId() {
    Set<String> paths = cpt.stream().map(r -> r.at("/meta/path").asText()).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(6, paths.size(), paths.toString());
    assertTrue(paths.contains("src/main/java/com/acme/reports/Reports.java"));
    // Small files that share only a long licence header are not copies of each other.
    assertTrue(paths.contains("src/main/java/com/acme/auth/AuthScheme.java"), paths.toString());
    assertTrue(paths.contains("src/main/java/com/acme/spi/ColorProvider.java"), paths.toString());
    List<JsonNode> cptDrops = rejected.stream().filter(d -> record(d).get("row").has("text")).toList();
    assertEquals(1, cptDrops.size(), cptDrops.toString());
    JsonNode drop = record(cptDrops.get(0));
    Set<String> cptIds = cpt.stream().map(r -> r.at("/meta/id").asText()).collect(Collectors.toSet());
    assertTrue(cptIds.contains(drop.get("kept_id").asText()), drop.toString());
    assertTrue(drop.at("/row/meta/path").asText().contains("Stats"), drop.toString());
  }

  @Test
  void givenDrops_thenEachNamesAKeptRow_andTheStageCountsAddUp() throws IOException {
    Set<String> ids = new TreeSet<>();
    sft.forEach(r -> ids.add(r.at("/meta/id").asText()));
    cpt.forEach(r -> ids.add(r.at("/meta/id").asText()));
    assertTrue(!rejected.isEmpty());
    for (JsonNode d : rejected) {
      assertTrue(ids.contains(record(d).get("kept_id").asText()), "kept row missing for " + d);
    }
    JsonNode dedup = manifest.at("/counts/stages/Deduplicate");
    long dropped = 0;
    for (JsonNode n : manifest.at("/counts/rejected/Deduplicate")) {
      dropped += n.asLong();
    }
    assertEquals(rejected.size(), dropped);
    assertEquals(dedup.get("in").asLong(), dedup.get("out").asLong() + dropped, manifest.toPrettyString());
    long capped = lines(out, "rejected/CapMix").size();
    assertEquals(dedup.get("out").asLong(), sft.size() + cpt.size() + capped);
    JsonNode cap = manifest.at("/counts/stages/CapMix");
    assertEquals(cap.get("in").asLong(), cap.get("out").asLong() + capped, manifest.toPrettyString());
    assertEquals(cap.get("out").asLong(), sft.size());
  }

  static JsonNode record(JsonNode rejectedRow) {
    try {
      return JSON.readTree(rejectedRow.get("record").asText());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
