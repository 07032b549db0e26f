package dev.repotune.pipeline.stages;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.java.JavaChunker;
import dev.repotune.extractors.retrieval.BeirFolder;
import dev.repotune.extractors.retrieval.Bm25Index;
import dev.repotune.extractors.retrieval.Doc;
import dev.repotune.extractors.retrieval.RetrievalMetrics;
import dev.repotune.prompts.OfflineTeacher;
import dev.repotune.samples.BeirFiles;
import dev.repotune.samples.Message;
import dev.repotune.samples.RetrievalFigures;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import dev.repotune.samples.SplitByFile;
import dev.repotune.samples.TripletRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The retrieval stage on three small classes through the real chunker, one of them a file of the SFT
 * test split: triplets with a real negative, the BM25 baseline's tallies against RetrievalMetrics on the
 * same queries, RAFT rows with the oracle in exactly round(P * n) of them, and the beir/ folder read back.
 */
@RunWith(JUnit4.class)
public class ToRetrievalDataTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  static final String REPO = "shop";
  static final String CART_PATH = "src/main/java/org/shop/Cart.java";
  static final String ITEM_PATH = "src/main/java/org/shop/Item.java";
  static final String STORE_PATH = "src/main/java/org/shop/Store.java";

  static final String CART = """
      package org.shop;

      import java.util.ArrayList;
      import java.util.List;

      /** The items a customer is about to buy, in the order they were added. */
      public class Cart {
        private final List<Item> items = new ArrayList<>();

        /** Adds an item to the cart; adding the same item twice keeps both. */
        public void add(Item item) {
          if (item == null) {
            throw new IllegalArgumentException("item");
          }
          items.add(item);
        }

        /** The sum of the items' prices, in cents. */
        public long totalCents() {
          long sum = 0;
          for (Item i : items) {
            sum += i.priceCents();
          }
          return sum;
        }

        @Override
        public String toString() {
          return "Cart" + items;
        }
      }
      """;

  static final String ITEM = """
      package org.shop;

      /** Something the store sells: a name and a price in cents. */
      public class Item {
        private final String name;
        private final long priceCents;

        /** An item of the given name and price; the price must not be negative. */
        public Item(String name, long priceCents) {
          if (priceCents < 0) {
            throw new IllegalArgumentException("price must be >= 0");
          }
          this.name = name;
          this.priceCents = priceCents;
        }

        /** The price in cents. */
        public long priceCents() {
          return priceCents;
        }

        @Override
        public String toString() {
          return name + " " + priceCents;
        }
      }
      """;

  static final String STORE = """
      package org.shop;

      import java.util.HashMap;
      import java.util.Map;

      /** A store's stock: how many of each item are left. */
      public class Store {
        private final Map<Item, Integer> stock = new HashMap<>();

        /** Adds {@code count} items to the stock. */
        public void restock(Item item, int count) {
          stock.merge(item, count, Integer::sum);
        }

        /** Takes the cart's items out of the stock; fails when one is sold out. */
        public void checkout(Cart cart, Item item) {
          int left = stock.getOrDefault(item, 0);
          if (left == 0) {
            throw new IllegalStateException("sold out: " + item);
          }
          stock.put(item, left - 1);
          cart.add(item);
        }
      }
      """;

  static List<Chunk> chunks() {
    JavaChunker chunker = new JavaChunker();
    List<Chunk> out = new ArrayList<>();
    out.addAll(chunker.chunk(new SourceFile(REPO, "c0ffee", CART_PATH, "java", "s1", CART)));
    out.addAll(chunker.chunk(new SourceFile(REPO, "c0ffee", ITEM_PATH, "java", "s2", ITEM)));
    out.addAll(chunker.chunk(new SourceFile(REPO, "c0ffee", STORE_PATH, "java", "s3", STORE)));
    return out;
  }

  static SplitByFile.Plan plan() {
    TreeSet<String> test = new TreeSet<>();
    test.add(SplitByFile.fileKey(REPO, ITEM_PATH));
    return new SplitByFile.Plan(test, List.of());
  }

  // Rows leave the pipeline through these, keyed by the test's run id (tests may share a JVM).
  static final Map<String, ConcurrentLinkedQueue<Object>> SEEN = new ConcurrentHashMap<>();

  private static final class Keep<T> extends DoFn<T, Void> {
    private final String run;

    Keep(String run) {
      this.run = run;
    }

    @ProcessElement
    public void process(@Element T row) {
      SEEN.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>()).add(row);
    }
  }

  record Out(List<TripletRecord> triplets, List<SftRecord> raft, Map<String, Long> tallies, Path work) {}

  private Out run(ToRetrievalData.Settings settings) throws Exception {
    Path work = tmp.newFolder("work").toPath();
    List<IndexedChunk> input = chunks().stream().map(c -> new IndexedChunk(c, null)).toList();
    PCollectionView<SplitByFile.Plan> view =
        p.apply("Plan", Create.of(plan()).withCoder(SerializableCoder.of(SplitByFile.Plan.class)))
            .apply(View.asSingleton());
    PCollection<IndexedChunk> in =
        p.apply("Chunks", Create.of(input).withCoder(SerializableCoder.of(IndexedChunk.class)));
    PCollectionTuple out = in.apply(ToRetrievalData.of(settings, work.toString(), view));
    String id = Long.toString(System.nanoTime());
    out.get(ToRetrievalData.TRIPLETS).apply("KeepTriplets", ParDo.of(new Keep<>(id + "t")));
    out.get(ToRetrievalData.RAFT).apply("KeepRaft", ParDo.of(new Keep<>(id + "r")));
    out.get(ToRetrievalData.TALLIES).apply(Sum.longsPerKey()).apply("KeepTallies", ParDo.of(new Keep<>(id + "c")));
    out.get(ToRetrievalData.FAILED).apply("KeepFailed", ParDo.of(new Keep<>(id + "f")));
    p.run().waitUntilFinish();
    assertTrue("no repository failed: " + SEEN.get(id + "f"), SEEN.get(id + "f") == null);
    List<TripletRecord> triplets = new ArrayList<>();
    SEEN.getOrDefault(id + "t", new ConcurrentLinkedQueue<>()).forEach(o -> triplets.add((TripletRecord) o));
    List<SftRecord> raft = new ArrayList<>();
    SEEN.getOrDefault(id + "r", new ConcurrentLinkedQueue<>()).forEach(o -> raft.add((SftRecord) o));
    Map<String, Long> tallies = new TreeMap<>();
    SEEN.get(id + "c").forEach(o -> {
      @SuppressWarnings("unchecked") KV<String, Long> kv = (KV<String, Long>) o;
      tallies.put(kv.getKey(), kv.getValue());
    });
    return new Out(triplets, raft, tallies, work);
  }

  /** The queries the stage asks, as the offline teacher words them (first variant). */
  private static List<ToRetrievalData.Query> expectedQueries(long seed) {
    OfflineTeacher teacher = OfflineTeacher.create(ToRetrievalData.QUERY_KINDS, 1, seed);
    List<ToRetrievalData.Query> out = new ArrayList<>();
    for (Chunk c : chunks()) {
      out.addAll(ToRetrievalData.queries(teacher, new IndexedChunk(c, null), plan()));
    }
    return out;
  }

  @Test
  public void tripletsHaveARealNegativeAndSplitByTheSftPlan() throws Exception {
    Out out = run(ToRetrievalData.Settings.defaults(7));
    List<ToRetrievalData.Query> queries = expectedQueries(7);
    assertFalse(out.triplets().isEmpty());
    assertEquals("one triplet per query: every query of this fixture has a negative",
        queries.size(), out.triplets().size());
    Set<String> kinds = new TreeSet<>();
    for (TripletRecord t : out.triplets()) {
      assertNotEquals(t.id(), t.positive(), t.negative());
      assertTrue(t.meta().negativeFrom(),
          Set.of(TripletRecord.FROM_SAME_FILE, TripletRecord.FROM_SAME_NAME, TripletRecord.FROM_BM25)
              .contains(t.meta().negativeFrom()));
      assertEquals(t.meta().path(), ITEM_PATH.equals(t.meta().path()) ? Split.TEST : Split.TRAIN, t.meta().split());
      kinds.add(t.meta().task());
    }
    assertTrue("several kinds of question: " + kinds, kinds.containsAll(Set.of("explain", "locate", "implement", "document")));
    assertTrue("every triplet's anchor is one of the queries",
        queries.stream().map(q -> q.qa().question()).collect(Collectors.toSet())
            .containsAll(out.triplets().stream().map(TripletRecord::anchor).toList()));
    assertEquals((long) queries.size(), (long) out.tallies().get("stages." + ToRetrievalData.STAGE + ".in"));
    assertEquals(out.tallies().get("stages." + ToRetrievalData.STAGE + ".in"),
        out.tallies().get("stages." + ToRetrievalData.STAGE + ".out"));
  }

  @Test
  public void theBm25TalliesAreRetrievalMetricsOfTheTestQueries() throws Exception {
    Out out = run(ToRetrievalData.Settings.defaults(7));
    Map<String, Set<String>> qrels = new TreeMap<>();
    Map<String, String> texts = new TreeMap<>();
    for (ToRetrievalData.Query q : expectedQueries(7)) {
      if (Split.TEST.equals(q.split())) {
        qrels.put(q.id(), Set.of(q.chunk().id()));
        texts.put(q.id(), q.qa().question());
      }
    }
    assertFalse(qrels.isEmpty());
    RetrievalMetrics.Scores expected;
    try (Bm25Index index = Bm25Index.build(chunks().stream().map(Doc::of).toList())) {
      expected = RetrievalMetrics.score(qrels, index.run(texts, 10));
    }
    RetrievalFigures got = RetrievalFigures.of(out.tallies());
    assertEquals(expected.queries(), got.queries());
    assertEquals(expected.recallAt1(), got.recallAt1(), 1e-9);
    assertEquals(expected.recallAt5(), got.recallAt5(), 1e-9);
    assertEquals(expected.recallAt10(), got.recallAt10(), 1e-9);
    assertEquals(expected.mrrAt10(), got.mrrAt10(), 1e-5);
    assertEquals(expected.ndcgAt10(), got.ndcgAt10(), 1e-5);
    assertTrue("BM25 finds most answers in its top 10 on this fixture: " + got, got.recallAt10() > 0.5);
  }

  @Test
  public void raftRowsShowTheOracleInExactlyTheShareP_andKChunksEach() throws Exception {
    int k = 3;
    Out out = run(new ToRetrievalData.Settings(11, k, 0.8));
    Map<String, Chunk> byId = chunks().stream().collect(Collectors.toMap(Chunk::id, c -> c));
    List<SftRecord> rows = out.raft();
    assertFalse(rows.isEmpty());
    assertEquals("one RAFT row per query: the fixture has enough chunks", expectedQueries(11).size(), rows.size());
    int shown = 0;
    for (SftRecord r : rows) {
      assertEquals(ToRetrievalData.RAFT_TASK, r.meta().task());
      String user = r.messages().get(1).content();
      String answer = r.messages().get(2).content();
      long blocks = user.lines().filter(l -> l.matches("\\[\\d+\\] `.*")).count();
      assertEquals(user, k, blocks);
      Chunk oracle = byId.get(r.meta().chunkId());
      boolean inContext = user.contains("`" + oracle.path() + "` (`" + oracle.symbol() + "`)\n```java\n"
          + oracle.text().replaceFirst("\n+$", "") + "\n```");
      boolean quoted = answer.startsWith("From `" + oracle.path() + "` (`" + oracle.symbol() + "`):");
      assertEquals(answer, inContext, quoted);
      shown += inContext ? 1 : 0;
      assertEquals(r.meta().path().equals(ITEM_PATH) ? Split.TEST : Split.TRAIN, r.meta().split());
      for (Message m : r.messages()) {
        assertFalse(m.content().isBlank());
      }
    }
    assertEquals(Math.round(0.8 * rows.size()), shown);
    assertEquals((long) shown, (long) out.tallies().get("retrieval.raft.with_oracle"));
    assertEquals((long) (rows.size() - shown), (long) out.tallies().get("retrieval.raft.distractors_only"));
  }

  @Test
  public void theBeirFolderHoldsEveryChunkAndTheTestQueriesAreThoseOfTestFiles() throws Exception {
    Out out = run(ToRetrievalData.Settings.defaults(7));
    assertEquals(BeirFiles.FILES, BeirFiles.present(out.work()));
    assertEquals(List.of(), BeirFiles.check(out.work()));
    BeirFolder.Dataset data = BeirFolder.read(out.work().resolve(BeirFiles.FOLDER));
    assertEquals(chunks().stream().map(Chunk::id).sorted().toList(), data.corpus().stream().map(Doc::id).toList());
    Map<String, Set<String>> test = new TreeMap<>();
    Map<String, Set<String>> train = new TreeMap<>();
    for (ToRetrievalData.Query q : expectedQueries(7)) {
      (ITEM_PATH.equals(q.chunk().path()) ? test : train).put(q.id(), Set.of(q.chunk().id()));
      assertEquals(q.qa().question(), data.queries().get(q.id()));
    }
    assertFalse(test.isEmpty());
    assertEquals(test, data.testQrels());
    assertEquals(train, data.trainQrels());
    assertEquals(test.size() + train.size(), data.queries().size());
    assertEquals((long) test.size(), (long) out.tallies().get("retrieval.beir.test_queries"));
    assertEquals((long) test.size(), (long) out.tallies().get(RetrievalFigures.QUERIES));
  }
}
