package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.extractors.retrieval.BeirFolder;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --retrieval} through the command line: triplets, RAFT rows and the BEIR folder are written, listed
 * in the manifest with the BM25 baseline, accepted by {@code validate}, and a rerun into the same folder
 * replaces it (the guard knows the BEIR files are repotune's); without the flag none of them is there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrievalEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  Path repo;
  Path out;
  String err;

  @BeforeAll
  void run() throws Exception {
    repo = tmp.resolve("calc");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    out = tmp.resolve("out");
    err = generate(out, "--retrieval", "--test-fraction", "0.5", "--raft-k", "2");
  }

  private String generate(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("generate", repo.toString(), "--out", dir.toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--fim-per-file", "0", "--history", "0"));
    args.addAll(List.of(more));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
    assertEquals(0, code, e.toString());
    return o + e.toString();
  }

  private static List<JsonNode> rows(Path dataset, String folder) throws IOException {
    return DeduplicateEndToEndTest.lines(dataset, folder + "/");
  }

  @Test
  void tripletsPairEachQuestionWithItsChunkAndAnotherOne() throws IOException {
    List<JsonNode> triplets = rows(out, "triplets");
    assertFalse(triplets.isEmpty(), err);
    for (JsonNode t : triplets) {
      assertNotEquals(t.get("positive").asText(), t.get("negative").asText(), t.toString());
      assertTrue(Set.of("same_file", "same_name", "bm25").contains(t.at("/meta/negative_from").asText()));
    }
  }

  @Test
  void raftRowsShowKChunksAndQuoteTheOracleWhenItIsThere() throws IOException {
    List<JsonNode> raft = rows(out, "raft");
    assertFalse(raft.isEmpty());
    for (JsonNode r : raft) {
      assertEquals("raft", r.at("/meta/task").asText());
      String user = r.at("/messages/1/content").asText();
      assertTrue(user.contains("[1] `") && user.contains("[2] `") && !user.contains("[3] `"), user);
    }
    assertTrue(raft.stream().anyMatch(r -> r.at("/messages/2/content").asText().startsWith("From `")));
  }

  @Test
  void theBeirFolderIsListedInTheManifestWithTheBm25Baseline() throws IOException {
    JsonNode m = JSON.readTree(out.resolve("manifest.json").toFile());
    Set<String> beir = new TreeSet<>();
    m.at("/files/beir").forEach(f -> beir.add(f.asText()));
    assertEquals(Set.of("beir/corpus.jsonl", "beir/queries.jsonl", "beir/qrels/test.tsv", "beir/qrels/train.tsv"), beir);
    BeirFolder.Dataset d = BeirFolder.read(out.resolve("beir"));
    assertFalse(d.corpus().isEmpty());
    assertFalse(d.testQrels().isEmpty(), "test queries of the SFT test files");
    JsonNode bm25 = m.at("/retrieval/bm25");
    assertEquals(d.testQrels().size(), bm25.get("queries").asInt(), m.toString());
    double r10 = bm25.get("recall_at_10").asDouble();
    assertTrue(r10 > 0 && r10 <= 1, bm25.toString());
    assertTrue(bm25.get("recall_at_1").asDouble() <= bm25.get("recall_at_5").asDouble());
    assertTrue(err.contains("  bm25     " + d.testQrels().size() + " test queries: recall@1 "), err);
  }

  @Test
  void validateAcceptsItAndARerunReplacesIt() throws IOException {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(o), new PrintWriter(e), "validate", out.toString()), o + "\n" + e);
    Path again = tmp.resolve("again");
    generate(again, "--retrieval");
    generate(again, "--retrieval");
    assertTrue(Files.isRegularFile(again.resolve("beir/corpus.jsonl")));
  }

  @Test
  void withoutTheFlagNoRetrievalFolderIsWritten() {
    Path plain = tmp.resolve("plain");
    generate(plain);
    assertFalse(Files.exists(plain.resolve("beir")));
    assertFalse(Files.exists(plain.resolve("triplets")));
    assertFalse(Files.exists(plain.resolve("raft")));
  }
}
