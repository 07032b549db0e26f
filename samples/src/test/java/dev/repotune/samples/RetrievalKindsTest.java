package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.retrieval.BeirFolder;
import dev.repotune.extractors.retrieval.Doc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retrieval kinds' rules and counts, the BM25 figures from their tallies, and the beir/ folder's check. */
class RetrievalKindsTest {
  @TempDir Path tmp;

  static TripletRecord triplet(String id, String split, String path) {
    return new TripletRecord(id, "What does `Cart.add(Item)` do?",
        "/** Adds an item to the cart. */\npublic void add(Item item) { items.add(item); }",
        "public void remove(Item item) { items.remove(item); }",
        new TripletRecord.Meta("shop", path, "Cart.add(Item)", "explain", TripletRecord.FROM_SAME_FILE, split));
  }

  static SftRecord raft(String split) {
    return new SftRecord("raft-" + split + "-1",
        List.of(new Message("system", "You are a developer of shop."),
            new Message("user", "Context:\n\n`src/Cart.java` (`Cart.add(Item)`):\n```java\nvoid add(Item i) {}\n```\n\nWhat does"
                + " `Cart.add(Item)` do?"),
            new Message("assistant", "From `src/Cart.java` (`Cart.add(Item)`): it adds an item to the cart.")),
        new SftRecord.Meta("shop", "c0ffee", "src/Cart.java", "Cart.add(Item)", "3-5", "raft", "offline", "v1",
            "chunk-1", split));
  }

  private static List<String> check(OutputKind<TripletRecord> kind, List<TripletRecord> rows, String group) {
    RowRules<TripletRecord> rules = kind.rules();
    List<String> v = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      rules.check("triplets/" + group + ":" + (i + 1), group, rows.get(i), v);
    }
    return v;
  }

  @Test
  void aTripletWhoseNegativeIsItsPositiveOrWhoseFileIsInBothSplitsBreaksTheRules() {
    TripletRecord good = triplet("t1", Split.TRAIN, "src/Cart.java");
    assertEquals(List.of(), check(OutputKind.TRIPLETS, List.of(good), Split.TRAIN));

    TripletRecord same = new TripletRecord("t2", good.anchor(), good.positive(), good.positive(), good.meta());
    List<String> v = check(OutputKind.TRIPLETS, List.of(same), Split.TRAIN);
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).contains("its positive as its negative"), v.toString());

    TripletRecord testOfSameFile = triplet("t3", Split.TEST, "src/Cart.java");
    RowRules<TripletRecord> rules = OutputKind.TRIPLETS.rules();
    List<String> both = new ArrayList<>();
    rules.check("a", Split.TRAIN, good, both);
    rules.check("b", Split.TEST, testOfSameFile, both);
    assertEquals(List.of("file src/Cart.java has triplets in both train and test"), both);

    List<String> wrongShard = check(OutputKind.TRIPLETS, List.of(good), Split.TEST);
    assertTrue(wrongShard.get(0).contains("says split \"train\" but is in the test shard"), wrongShard.toString());
  }

  @Test
  void tripletsCountPerSplitTaskAndNegativeSource() {
    Map<String, Long> sums = new TreeMap<>();
    OutputKind.TRIPLETS.count(triplet("t1", Split.TRAIN, "a"), sums);
    OutputKind.TRIPLETS.count(triplet("t2", Split.TRAIN, "a"), sums);
    OutputKind.RAFT.count(raft(Split.TEST), sums);
    assertEquals(2L, sums.get("triplets.train.total"));
    assertEquals(2L, sums.get("triplets.train.task.explain"));
    assertEquals(2L, sums.get("triplets.train.negative_from.same_file"));
    assertEquals(1L, sums.get("raft.test.total"));
    assertEquals(1L, sums.get("raft.test.task.raft"));
    assertTrue(sums.get("tokens.raft.test") > 0);
  }

  @Test
  void figuresDivideTheAdditiveSumsOnce() {
    // two repositories' tallies added: 3 + 1 queries
    Map<String, Long> counts = Map.of(
        RetrievalFigures.QUERIES, 4L,
        RetrievalFigures.HITS_AT_1, 2L,
        RetrievalFigures.HITS_AT_5, 3L,
        RetrievalFigures.HITS_AT_10, 3L,
        RetrievalFigures.RR_AT_10_MICROS, RetrievalFigures.micros(1) + RetrievalFigures.micros(1)
            + RetrievalFigures.micros(1.0 / 3),
        RetrievalFigures.NDCG_AT_10_MICROS, 2_500_000L);
    RetrievalFigures f = RetrievalFigures.of(counts);
    assertEquals(4, f.queries());
    assertEquals(0.5, f.recallAt1(), 1e-9);
    assertEquals(0.75, f.recallAt5(), 1e-9);
    assertEquals(0.75, f.recallAt10(), 1e-9);
    assertEquals((2 + 1.0 / 3) / 4, f.mrrAt10(), 1e-6);
    assertEquals(0.625, f.ndcgAt10(), 1e-9);
    assertEquals(0.5833, f.asMap().get("mrr_at_10"));
    assertTrue(OutputKind.TRIPLETS.summaryLines(counts).get(0).contains("recall@1 0.500"),
        OutputKind.TRIPLETS.summaryLines(counts).toString());
    assertEquals(new RetrievalFigures(0, 0, 0, 0, 0, 0), RetrievalFigures.of(Map.of()));
    assertTrue(OutputKind.values().stream().noneMatch(k -> RetrievalFigures.PREFIX.startsWith(k.folder() + ".")),
        "no output folder is called retrieval: validate would read the tallies as shard counts");
  }

  @Test
  void aBeirFolderIsCheckedWholeAndForItsJudgements() throws Exception {
    assertEquals(List.of(), BeirFiles.check(tmp), "no beir/ folder: nothing to check");
    assertEquals(List.of(), BeirFiles.present(tmp));
    Path dir = tmp.resolve(BeirFiles.FOLDER);
    BeirFolder.write(dir, new BeirFolder.Dataset(
        List.of(new Doc("d1", "Cart.add(Item)", "void add(Item i) {}"), new Doc("d2", "Cart", "class Cart {}")),
        Map.of("q1", "What does add do?", "q2", "Where is Cart?"),
        Map.of("q1", Set.of("d1")), Map.of("q2", Set.of("d2"))));
    assertEquals(List.of(), BeirFiles.check(tmp));
    assertEquals(BeirFiles.FILES, BeirFiles.present(tmp));

    // q1 judged in both splits, and a document the corpus does not hold
    Files.writeString(dir.resolve(BeirFolder.TEST_QRELS), "query-id\tcorpus-id\tscore\nq2\td2\t1\nq1\td9\t1\n");
    List<String> v = BeirFiles.check(tmp);
    assertEquals(List.of("beir/qrels/test.tsv: document d9 is not in corpus.jsonl",
        "beir/: query q1 is judged in both train and test"), v);

    Files.writeString(dir.resolve("train-00000-of-00001.jsonl"), "{}\n");
    Files.delete(dir.resolve(BeirFolder.QUERIES));
    assertEquals(List.of("beir/queries.jsonl: missing (a beir/ folder holds corpus, queries and both qrels)",
        "beir/train-00000-of-00001.jsonl: not a file of BEIR's layout"), BeirFiles.check(tmp));
  }
}
