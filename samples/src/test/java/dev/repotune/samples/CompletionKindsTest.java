package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The FIM and repository-document kinds: their lines, rules, held-out texts, card, entries and views. */
class CompletionKindsTest {
  @TempDir Path tmp;

  @Test
  void aFimLineHasTheTextTheRawPartsAndMetaInThatOrder() throws Exception {
    FimRecord r = CompletionFixtures.fim(Split.TRAIN);
    String line = FimCodec.INSTANCE.line(r);
    JsonNode n = JsonLines.MAPPER.readTree(line);
    assertEquals(List.of("text", "prefix", "suffix", "middle", "path", "mode", "kind", "meta"), keys(n));
    assertEquals(List.of("id", "repo", "commit", "language", "profile", "tokens", "split"), keys(n.get("meta")));
    assertEquals(CompletionFixtures.SOURCE, n.get("prefix").asText() + n.get("middle").asText() + n.get("suffix").asText());
    assertTrue(n.get("meta").get("tokens").isInt());
    assertFalse(line.contains("\r"), "CRLF is escaped in the line");
    assertThrows(IllegalArgumentException.class, () -> FimCodec.INSTANCE.read(line.replace("\"mode\"", "\"Mode\"")));
    assertThrows(IllegalArgumentException.class,
        () -> FimCodec.INSTANCE.read(line.replace("\"tokens\":42", "\"tokens\":\"42\"")));
  }

  @Test
  void aRepoLineListsItsPaths() throws Exception {
    RepoDocument r = CompletionFixtures.repo();
    String line = RepoDocumentCodec.INSTANCE.line(r);
    JsonNode n = JsonLines.MAPPER.readTree(line);
    assertEquals(List.of("text", "meta"), keys(n));
    assertEquals(List.of("id", "repo", "commit", "paths", "fim_path", "profile", "tokens", "split"), keys(n.get("meta")));
    assertEquals("[\"a/A.java\",\"a/B.java\"]", n.get("meta").get("paths").toString());
    assertThrows(IllegalArgumentException.class,
        () -> RepoDocumentCodec.INSTANCE.read(line.replace("[\"a/A.java\",\"a/B.java\"]", "\"a/A.java\"")));
    RepoDocument none = new RepoDocument("r", "x", new RepoDocument.Meta("g", "c", List.of(), "", "plain", 1, Split.TRAIN));
    assertEquals(none, RepoDocumentCodec.INSTANCE.read(RepoDocumentCodec.INSTANCE.line(none)));
    Path file = tmp.resolve("repo.parquet");
    try (var out = Files.newOutputStream(file)) {
      ParquetShards.write(out, RepoDocumentCodec.INSTANCE, List.of(r, none));
    }
    assertEquals(List.of(r, none), ParquetShards.read(file, RepoDocumentCodec.INSTANCE), "an empty list survives Parquet");
  }

  @Test
  void fimRulesReportEachBrokenPromise() {
    RowRules<FimRecord> rules = OutputKind.FIM.rules();
    List<String> v = new ArrayList<>();
    FimRecord good = CompletionFixtures.fim(Split.TRAIN);
    rules.check("fim/train-00000-of-00001.jsonl:1", Split.TRAIN, good, v);
    assertEquals(List.of(), v);
    FimRecord bad = new FimRecord("x", "other text", "a", "", "b", "B.java", "pms", "whole_file",
        new FimRecord.Meta("gson", "c", "java", "plain", 0, Split.TRAIN));
    rules.check("fim/train-00000-of-00001.jsonl:2", Split.TRAIN, bad, v);
    FimRecord notInText = new FimRecord("y", "abc", "a", "zzz", "c", "C.java", "spm", "block",
        new FimRecord.Meta("gson", "c", "java", "plain", 3, Split.TRAIN));
    rules.check("fim/train-00000-of-00001.jsonl:3", Split.TRAIN, notInText, v);
    rules.check("fim/test-00000-of-00001.jsonl:1", Split.TEST, CompletionFixtures.fim(Split.TEST), v);
    rules.check("fim/test-00000-of-00001.jsonl:2", Split.TEST, CompletionFixtures.fim(Split.TRAIN), v);
    assertEquals(
        List.of(
            "fim/train-00000-of-00001.jsonl:2: row x has an empty middle",
            "fim/train-00000-of-00001.jsonl:2: row x: mode \"pms\" is not one of [psm, spm]",
            "fim/train-00000-of-00001.jsonl:2: row x: kind \"whole_file\" is not one of [block, call_args, expression,"
                + " line_rest, method_body, random_span, statement]",
            "fim/train-00000-of-00001.jsonl:2: row x has 0 tokens",
            "fim/train-00000-of-00001.jsonl:3: row y: text does not contain the middle",
            "file " + CompletionFixtures.PATH + " has FIM examples in both train and test",
            "fim/test-00000-of-00001.jsonl:2: row " + good.id() + " says split \"train\" but is in the test shard"),
        v);
  }

  @Test
  void repoRulesReadTheContextSizeFromTheManifestConfig() {
    RepoDocument r = CompletionFixtures.repo();
    List<String> v = new ArrayList<>();
    OutputKind.REPO.rules(Map.of("context_tokens", "16")).check("repo/train-00000-of-00001.jsonl:1", Split.TRAIN, r, v);
    OutputKind.REPO.rules(Map.of("context_tokens", "17")).check("repo/train-00000-of-00001.jsonl:1", Split.TRAIN, r, v);
    OutputKind.REPO.rules(Map.of()).check("repo/train-00000-of-00001.jsonl:1", Split.TRAIN, r, v);
    RepoDocument odd = new RepoDocument("d", "", new RepoDocument.Meta("g", "c", List.of(), "Z.java", "plain", 0, Split.TEST));
    OutputKind.REPO.rules().check("repo/train-00000-of-00001.jsonl:2", Split.TRAIN, odd, v);
    assertEquals(
        List.of(
            "repo/train-00000-of-00001.jsonl:1: row repo-00000 has 17 tokens, more than --context-tokens 16",
            "repo/train-00000-of-00001.jsonl:2: row d says split \"test\" but is in the train shard",
            "repo/train-00000-of-00001.jsonl:2: row d is an empty document",
            "repo/train-00000-of-00001.jsonl:2: row d: fim_path Z.java is not one of its paths",
            "repo/train-00000-of-00001.jsonl:2: row d has 0 tokens"),
        v);
  }

  @Test
  void trainingTextsAndHeldOutTextsByKind() {
    assertEquals(List.of(), texts(OutputKind.FIM, CompletionFixtures.fim(Split.TEST)), "a test example trains nothing");
    assertEquals(CompletionFixtures.MIDDLE, OutputKind.FIM.heldOutText(CompletionFixtures.fim(Split.TEST)));
    assertNull(OutputKind.FIM.heldOutText(CompletionFixtures.fim(Split.TRAIN)));
    FimRecord train = CompletionFixtures.fim(Split.TRAIN);
    assertEquals(List.of(train.text(), CompletionFixtures.SOURCE), texts(OutputKind.FIM, train));
    assertEquals(List.of(CompletionFixtures.repo().text()), texts(OutputKind.REPO, CompletionFixtures.repo()));
    SftRecord sft = Fixtures.sft();
    assertEquals(sft.messages().stream().map(Message::content).toList(), texts(OutputKind.SFT, sft));
    assertEquals(List.of(), texts(OutputKind.SFT, Samples.withSplit(sft, Split.TEST)));
    CptRecord cpt = Fixtures.manyCpt(1).get(0);
    assertEquals(List.of(cpt.text()), texts(OutputKind.CPT, cpt));
    for (OutputKind<?> k : List.of(OutputKind.SFT, OutputKind.CPT, OutputKind.REPO)) {
      assertNull(heldOut(k, OutputKindTest.EXAMPLES.get(k)), k.folder());
    }
  }

  @Test
  void theCardHasFimAndRepoConfigsOnlyWhenTheFolderHoldsThem() {
    Map<String, List<String>> files = new HashMap<>();
    files.put("sft/train", List.of("sft/train-00000-of-00001.jsonl", "sft/train-00000-of-00001.parquet"));
    Map<String, Long> counts = new HashMap<>(Map.of("sft.train.total", 3L, "tokens.sft.train", 30L));
    String without = DatasetCard.render(new CardInfo("google/gson", "u", "c", "cmd", counts, files));
    assertFalse(without.contains("fim"), without);
    assertFalse(without.contains("repo = load_dataset"), without);

    files.put("fim/train", List.of("fim/train-00000-of-00001.jsonl", "fim/train-00000-of-00001.parquet"));
    files.put("fim/test", List.of("fim/test-00000-of-00001.jsonl", "fim/test-00000-of-00001.parquet"));
    files.put("repo/train", List.of("repo/train-00000-of-00001.jsonl", "repo/train-00000-of-00001.parquet"));
    counts.putAll(Map.of("fim.train.total", 40L, "fim.test.total", 4L, "tokens.fim.train", 4_000L,
        "tokens.fim.test", 400L, "repo.train.total", 2L, "tokens.repo.train", 9_000L));
    CardInfo info = new CardInfo("google/gson", "u", "c", "cmd", counts, files);
    String card = DatasetCard.render(info);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> configs =
        (List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(card.substring(4, card.indexOf("\n---\n", 4) + 1)))
            .get("configs");
    assertEquals(List.of("sft", "fim", "repo"), configs.stream().map(c -> c.get("config_name")).toList());
    assertEquals(
        List.of(Map.of("split", "train", "path", "fim/train-*.parquet"), Map.of("split", "test", "path", "fim/test-*.parquet")),
        configs.get(1).get("data_files"));
    assertEquals(List.of(Map.of("split", "train", "path", "repo/train-*.parquet")), configs.get(2).get("data_files"));
    assertTrue(card.contains("| fim | test | 4 |"), card);
    assertTrue(card.contains("| repo | train | 2 |"), card);
    assertTrue(card.contains("4,400 in FIM texts, 9,000 in repository documents"), card);
    assertTrue(card.contains("fim = load_dataset(\"PATH\", \"fim\")"), card);
    assertTrue(card.contains("measure completion on `fim[\"test\"]`"), card);
  }

  @Test
  void llamaFactoryReadsFimAndRepoAsPretrainingText() throws Exception {
    Map<String, List<String>> files = new TreeMap<>();
    files.put("fim/train", List.of("fim/train-00000-of-00001.jsonl"));
    files.put("fim/test", List.of("fim/test-00000-of-00001.jsonl"));
    files.put("repo/train", List.of("repo/train-00000-of-00001.jsonl"));
    JsonNode root = JsonLines.MAPPER.readTree(DatasetInfo.render(new CardInfo("google/gson", "u", "c", "cmd", Map.of(), files)));
    assertEquals(List.of("google_gson_fim", "google_gson_fim_test", "google_gson_repo"), keys(root));
    for (String name : keys(root)) {
      assertEquals("{\"prompt\":\"text\"}", root.get(name).get("columns").toString(), name);
      assertFalse(root.get(name).has("formatting"), "pt is LLaMA-Factory's default (alpaca) layout with prompt only");
    }
    assertEquals("repo/train-00000-of-00001.jsonl", root.get("google_gson_repo").get("file_name").asText());
  }

  @Test
  void inspectMarksTheMiddleAndCountsKindsAndModes() {
    StringWriter text = new StringWriter();
    Map<OutputKind<?>, List<?>> rows = Map.of(
        OutputKind.FIM, List.of(CompletionFixtures.fim(Split.TRAIN), CompletionFixtures.fim(Split.TEST)),
        OutputKind.REPO, List.of(CompletionFixtures.repo()));
    Inspection in = inspection(new PrintWriter(text), rows);
    OutputKind.FIM.inspect(in.rows(OutputKind.FIM), in);
    OutputKind.REPO.inspect(in.rows(OutputKind.REPO), in);
    String out = text.toString();
    assertTrue(out.contains("FIM examples: 2"), out);
    assertTrue(out.contains("  by split x kind:\n          1  test  statement\n          1  train  statement"), out);
    assertTrue(out.contains("          1  test  psm"), out);
    assertTrue(out.contains("\tint größe() {\r\n\t\t⟦return elements.size(); // \"😀\"⟧\r\n\t}\r\n}\r\n"), out);
    assertTrue(out.contains("  (fim-test-4dab9ac1-65)\n...\nclass JsonArray {\r\n\tint"), "three lines of the prefix: " + out);
    assertTrue(out.contains("Repository documents: 1 (1 with a FIM file)"), out);
    assertTrue(out.contains("a/A.java, a/B.java"), out);

    StringWriter none = new StringWriter();
    Inspection empty = inspection(new PrintWriter(none), Map.of(OutputKind.FIM, List.of(), OutputKind.REPO, List.of()));
    OutputKind.FIM.inspect(List.of(), empty);
    OutputKind.REPO.inspect(List.of(), empty);
    assertEquals("", none.toString(), "a folder without completion data shows no section for it");
  }

  @Test
  void aLongMiddleIsCutAndSaysHowMuch() {
    String middle = "a\n".repeat(20) + "x".repeat(300);
    String shown = CompletionViews.marked("p1\np2\np3\np4\np5", middle, "s1\ns2\ns3\ns4");
    assertTrue(shown.startsWith("...\np3\np4\np5⟦a\n"), shown);
    assertTrue(shown.contains("\n... (13 more lines)⟧s1\ns2\ns3\n..."), shown);
    assertFalse(shown.contains("p2"));
  }

  @Test
  void summaryLinesAppearOnlyWhenThereAreRows() {
    assertEquals(List.of(), OutputKind.FIM.summaryLines(Map.of()));
    assertEquals(List.of(), OutputKind.REPO.summaryLines(Map.of()));
    assertEquals(
        List.of("  fim train 40 examples, 4,000 tokens  {block=10, method_body=30}"),
        OutputKind.FIM.summaryLines(Map.of("fim.train.total", 40L, "tokens.fim.train", 4_000L,
            "fim.train.kind.method_body", 30L, "fim.train.kind.block", 10L)));
    assertEquals(
        List.of("  repo     2 documents (1 with a FIM file), 9,000 tokens"),
        OutputKind.REPO.summaryLines(Map.of("repo.train.total", 2L, "repo.train.with_fim", 1L, "tokens.repo.train", 9_000L)));
  }

  private static <T> List<String> texts(OutputKind<T> kind, T row) {
    List<String> out = new ArrayList<>();
    kind.trainingTexts(row, out::add);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T> String heldOut(OutputKind<T> kind, Object row) {
    return kind.heldOutText((T) row);
  }

  static Inspection inspection(PrintWriter out, Map<OutputKind<?>, List<?>> rows) {
    return new Inspection() {
      @Override
      public PrintWriter out() {
        return out;
      }

      @Override
      public int rowsPerTask() {
        return 2;
      }

      @Override
      public long seed() {
        return 0;
      }

      @Override
      @SuppressWarnings("unchecked")
      public <U> List<U> rows(OutputKind<U> kind) {
        return (List<U>) rows.getOrDefault(kind, List.of());
      }
    };
  }

  private static List<String> keys(JsonNode n) {
    List<String> k = new ArrayList<>();
    n.fieldNames().forEachRemaining(k::add);
    return k;
  }
}
