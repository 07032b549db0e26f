package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue's promises, for every kind: a new kind is checked here by adding its example row. */
class OutputKindTest {
  /** One real row of every kind; a kind without one fails {@link #everyKindHasAnExample}. */
  static final Map<OutputKind<?>, Object> EXAMPLES =
      Map.ofEntries(
          Map.entry(OutputKind.SFT, Fixtures.sft()),
          Map.entry(OutputKind.CPT, Fixtures.manyCpt(1).get(0)),
          Map.entry(OutputKind.FIM, CompletionFixtures.fim(Split.TEST)),
          Map.entry(OutputKind.REPO, CompletionFixtures.repo()),
          Map.entry(OutputKind.HISTORY, history()),
          Map.entry(OutputKind.COMMITS, new CptRecord("c1", "<commit_before>a<commit_msg>Fix b<commit_after>b",
              new CptRecord.Meta("gson", "b1946cba", "gson/src/main/java/Gson.java", "java", 9))),
          Map.entry(OutputKind.EXEC, ExecutionFixtures.exec(Split.TRAIN)),
          Map.entry(OutputKind.PREFERENCE, ExecutionFixtures.preference(Split.TRAIN)),
          Map.entry(OutputKind.RL, ExecutionFixtures.rl(Split.TRAIN, 0)),
          Map.entry(OutputKind.INSTANCES, ExecutionFixtures.instance(Split.TEST)),
          Map.entry(OutputKind.TRIPLETS, RetrievalKindsTest.triplet("t1", Split.TRAIN, "src/Cart.java")),
          Map.entry(OutputKind.RAFT, RetrievalKindsTest.raft(Split.TEST)),
          Map.entry(OutputKind.OPENAI, Fixtures.sft().messages()),
          Map.entry(OutputKind.REJECTED, new Rejected("FilterSamples", "refusal", "As an AI...", "{\"id\":\"x\"}")),
          Map.entry(OutputKind.FAILED, new Failed("AskTeacher", "timeout: 30 s", "chunk-1", 3)));

  /** A history row as ToHistoryRows makes one: a jsoup-like fix with its test, no author anywhere. */
  static HistoryRecord history() {
    return new HistoryRecord("h1",
        List.of(new Message("user", "Fix Element.text() dropping the space between inline elements\n\n```java\n...\n```"),
            new Message("assistant", "```diff\n--- a/src/main/java/org/jsoup/nodes/Element.java\n+++ b/...\n```")),
        new HistoryRecord.Meta("jsoup", "3f1c2b7a9e", "9e8d7c6b5a", "2023-04-01T10:15:00Z", "fix-with-test",
            List.of("src/main/java/org/jsoup/nodes/Element.java", "src/test/java/org/jsoup/nodes/ElementTest.java"),
            "Element.text()", "offline", "history-v1", true, Split.TRAIN));
  }

  @TempDir Path tmp;

  @Test
  void foldersAreUniqueAndInManifestOrder() {
    List<String> folders = OutputKind.values().stream().map(OutputKind::folder).toList();
    assertEquals(
        List.of("sft", "cpt", "fim", "repo", "history", "commits", "exec", "preference", "rl", "instances", "triplets", "raft",
            "openai",
            "rejected", "failed"),
        folders);
    assertEquals(folders.size(), new HashSet<>(folders).size());
    for (OutputKind<?> k : OutputKind.values()) {
      assertSame(k, OutputKind.of(k.folder()));
    }
    assertThrows(IllegalArgumentException.class, () -> OutputKind.of("nope"));
  }

  @Test
  void everyKindHasAnExample() {
    assertEquals(new HashSet<>(OutputKind.values()), EXAMPLES.keySet());
  }

  @Test
  void everyKindRoundTripsItsJsonLineAndItsParquet() throws Exception {
    for (OutputKind<?> kind : OutputKind.values()) {
      roundTrip(kind, EXAMPLES.get(kind));
    }
  }

  @SuppressWarnings("unchecked")
  private <T> void roundTrip(OutputKind<T> kind, Object example) throws Exception {
    T row = (T) example;
    RowCodec<T> codec = kind.codec();
    String line = codec.line(row);
    assertEquals(row, codec.read(line), kind + ": line → row");
    assertEquals(line, codec.line(codec.read(line)), kind + ": the line is canonical");
    assertThrows(IllegalArgumentException.class, () -> codec.read(line + line), kind + ": one object a line");
    if (!kind.hasParquet()) {
      return;
    }
    Path file = tmp.resolve(kind.folder() + ".parquet");
    try (var out = Files.newOutputStream(file)) {
      ParquetShards.write(out, codec, List.of(row, row));
    }
    assertEquals(List.of(row, row), ParquetShards.read(file, codec), kind + ": Parquet");
    List<String> columns = codec.schema().getFields().stream().map(Schema.Field::name).toList();
    List<String> keys = new ArrayList<>();
    JsonLines.MAPPER.readTree(line).fieldNames().forEachRemaining(keys::add);
    assertEquals(keys, columns, kind + ": Parquet columns are the JSON keys");
  }

  @Test
  void aKindInADoFnIsSerialisedAsItsConstant() throws Exception {
    for (OutputKind<?> kind : OutputKind.values()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(kind);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        assertSame(kind, in.readObject());
      }
    }
  }

  @Test
  void countsAreTheManifestKeysUnderTheFolder() {
    Map<String, Long> sums = new TreeMap<>();
    SftRecord sft = Samples.withSplit(Fixtures.sft(), Split.TEST);
    OutputKind.SFT.count(sft, sums);
    OutputKind.CPT.count(Fixtures.manyCpt(1).get(0), sums);
    OutputKind.REJECTED.count((Rejected) EXAMPLES.get(OutputKind.REJECTED), sums);
    OutputKind.FAILED.count((Failed) EXAMPLES.get(OutputKind.FAILED), sums);
    OutputKind.FIM.count(CompletionFixtures.fim(Split.TEST), sums);
    OutputKind.FIM.count(CompletionFixtures.fim(Split.TEST), sums);
    OutputKind.REPO.count(CompletionFixtures.repo(), sums);
    assertEquals(
        Map.ofEntries(
            Map.entry("fim.test.total", 2L),
            Map.entry("fim.test.kind.statement", 2L),
            Map.entry("fim.test.mode.psm", 2L),
            Map.entry("tokens.fim.test", 84L),
            Map.entry("repo.train.total", 1L),
            Map.entry("repo.train.with_fim", 1L),
            Map.entry("tokens.repo.train", 17L),
            Map.entry("sft.test.total", 1L),
            Map.entry("sft.test.task." + sft.meta().task(), 1L),
            Map.entry("cpt.train.total", 1L),
            Map.entry("tokens.cpt.train", (long) Fixtures.manyCpt(1).get(0).meta().tokens()),
            Map.entry("rejected.FilterSamples.refusal", 1L),
            Map.entry("failed.AskTeacher", 1L)),
        sums);
  }

  @Test
  void theOpenAiCopyIsCutFromTheSftLine() {
    SftRecord r = Fixtures.sft();
    assertSame(OutputKind.SFT, OutputKind.OPENAI.source());
    assertEquals(OutputKind.OPENAI.codec().line(r.messages()), OutputKind.OPENAI.derive(OutputKind.SFT.codec().line(r)));
    assertEquals("openai/test.jsonl", OutputKind.OPENAI.derivedFile(Split.TEST));
    assertEquals("sft/train-00002-of-00003.parquet", OutputKind.SFT.shardFile(Split.TRAIN, 2, 3, "parquet"));
  }

  @Test
  void sftRulesReportAWrongSplitAndAFileInBothSplitsOnce() {
    RowRules<SftRecord> rules = OutputKind.SFT.rules();
    List<String> v = new ArrayList<>();
    SftRecord train = Samples.withSplit(Fixtures.sft(), Split.TRAIN);
    SftRecord test = Samples.withSplit(Fixtures.sft(), Split.TEST);
    rules.check("sft/train-00000-of-00001.jsonl:1", Split.TRAIN, train, v);
    assertEquals(List.of(), v);
    rules.check("sft/train-00000-of-00001.jsonl:2", Split.TRAIN, test, v);
    rules.check("sft/test-00000-of-00001.jsonl:1", Split.TEST, test, v);
    assertEquals(
        List.of(
            "sft/train-00000-of-00001.jsonl:2: row " + test.id() + " says split \"test\" but is in the train shard",
            "file " + Fixtures.PATH + " has SFT rows in both train and test"),
        v);
  }

  @Test
  void openAiRulesAreTheUploadersRules() {
    List<String> v = new ArrayList<>();
    OutputKind.OPENAI.rules().check("openai/train.jsonl:4", Split.TRAIN,
        List.of(new Message("human", "hi"), new Message("assistant", " ")), v);
    assertEquals(
        List.of(
            "openai/train.jsonl:4: role \"human\" is not system, user or assistant",
            "openai/train.jsonl:4: a assistant message has empty content",
            "openai/train.jsonl:4: a conversation needs a user message and must end with the assistant's"),
        v);
    assertTrue(OutputKind.OPENAI.codec().read("{\"messages\":[]}").isEmpty());
  }

  @Test
  void onlySftRowsAreReplayedFromTheRowCache() {
    SftRecord r = Fixtures.sft();
    SftRecord moved = OutputKind.SFT.restamp(r, "c2", "chunk-2");
    assertEquals(Samples.restamp(r, "c2", "chunk-2"), moved);
    for (OutputKind<?> k : OutputKind.values()) {
      assertEquals(k == OutputKind.SFT, k.replayable(), k.folder());
    }
    assertThrows(UnsupportedOperationException.class,
        () -> OutputKind.CPT.restamp(Fixtures.manyCpt(1).get(0), "c2", "x"));
  }

  @Test
  void llamaFactoryNamesAndEntries() {
    assertEquals("google_gson_sft", OutputKind.SFT.llamaFactoryName("google/gson", Split.TRAIN));
    assertEquals("google_gson_sft_test", OutputKind.SFT.llamaFactoryName("google/gson", Split.TEST));
    assertEquals("text", ((Map<?, ?>) OutputKind.CPT.llamaFactoryEntry("cpt/x.jsonl").get("columns")).get("prompt"));
    assertEquals(null, OutputKind.REJECTED.llamaFactoryEntry("rejected/x.jsonl"));
  }
}
