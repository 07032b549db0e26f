package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.retrieval.BeirFolder;
import dev.repotune.extractors.retrieval.Bm25Index;
import dev.repotune.extractors.retrieval.Doc;
import dev.repotune.extractors.retrieval.HardNegatives;
import dev.repotune.extractors.retrieval.Hit;
import dev.repotune.extractors.retrieval.RetrievalMetrics;
import dev.repotune.pipeline.coders.Packed;
import dev.repotune.prompts.OfflineTeacher;
import dev.repotune.prompts.QaPair;
import dev.repotune.prompts.SystemPrompt;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.BeirFiles;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Message;
import dev.repotune.samples.RetrievalFigures;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import dev.repotune.samples.SplitByFile;
import dev.repotune.samples.TripletRecord;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 17: (with {@code --retrieval}) retrieval data: each chunk's own questions (the offline teacher's first wording of the kinds a chunk
 * answers by itself) become queries whose answer is that chunk, and give
 *
 * <ul>
 *   <li>{@code triplets/}: (question, the chunk, a hard negative from {@link HardNegatives}), for
 *       sentence-transformers;
 *   <li>{@code beir/}: the repositories' chunks as BEIR's corpus, the questions as its queries, each judged
 *       to its chunk in the train or test qrels ({@link BeirFolder}), written whole by this stage;
 *   <li>the BM25 baseline on the test queries (top 10 of {@link Bm25Index} over the query's repository),
 *       as additive tallies that {@link RetrievalFigures} turns into recall, MRR and nDCG;
 *   <li>{@code raft/}: RAFT rows (Zhang et al. 2024): the question with k chunks as context, the answer's
 *       chunk among them for a share P of a repository's questions and only distractors (BM25's best hits
 *       that are not the answer) for the others, so a model learns both to use the right document and to
 *       ignore wrong ones.
 * </ul>
 *
 * Rows split by the SFT plan: a question about a file of the SFT test split is a test query, so a
 * retriever is scored on the files a fine-tuned model never saw.
 *
 * <p>One group per repository, its chunks packed (the DirectRunner copies a group's bag at every bundle
 * that touches it; see docs/architecture.md): a BM25 index is of one repository. The BEIR files are one
 * group of one key at the end, packed as well, because BEIR's layout is one corpus and one queries file.
 */
public final class ToRetrievalData extends PTransform<PCollection<IndexedChunk>, PCollectionTuple> {
  public static final String STAGE = "ToRetrievalData";
  public static final TupleTag<TripletRecord> TRIPLETS = new TupleTag<>("retrieval_triplets") {};
  public static final TupleTag<SftRecord> RAFT = new TupleTag<>("raft_rows") {};
  public static final TupleTag<Failed> FAILED = new TupleTag<>("retrieval_failed") {};
  public static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("retrieval_tallies") {};

  /** The task kinds whose question the chunk itself answers (not its callers, tests or implementers). */
  public static final Set<TaskKind> QUERY_KINDS = Collections.unmodifiableSet(EnumSet.of(
      TaskKind.EXPLAIN, TaskKind.SIGNATURE, TaskKind.LOCATE, TaskKind.IMPLEMENT, TaskKind.DOCUMENT,
      TaskKind.DOC_SECTION));

  /** {@code meta.task} of a RAFT row; not a {@link TaskKind}: the question is one of theirs, with context. */
  public static final String RAFT_TASK = "raft";
  /** Hard-negative candidates looked at per triplet, so each source (file, name, BM25) can be among them. */
  static final int SPREAD_CANDIDATES = 30;

  /** The BM25 baseline's cut: BEIR reports nDCG@10. */
  static final int EVAL_K = 10;

  private static final TupleTag<BeirEntry> BEIR = new TupleTag<>("beir_entries") {};

  /**
   * @param seed chooses the offline teacher's wording, the RAFT rows that show the answer and the order
   *     of their context
   * @param raftK chunks in a RAFT row's context ({@code --raft-k}), at least 1
   * @param raftOracle the share of a repository's RAFT rows whose context holds the answer's chunk
   *     ({@code --raft-oracle}), in [0, 1]
   */
  public record Settings(long seed, int raftK, double raftOracle) implements Serializable {
    public static final int DEFAULT_K = 4;
    public static final double DEFAULT_ORACLE = 0.8;

    public Settings {
      if (raftK < 1) {
        throw new IllegalArgumentException("--raft-k must be at least 1, got " + raftK);
      }
      if (!(raftOracle >= 0 && raftOracle <= 1)) {
        throw new IllegalArgumentException("--raft-oracle must be between 0 and 1, got " + raftOracle);
      }
    }

    public static Settings defaults(long seed) {
      return new Settings(seed, DEFAULT_K, DEFAULT_ORACLE);
    }
  }

  private final Settings settings;
  private final String workDir;
  private final PCollectionView<SplitByFile.Plan> plan;
  private final boolean enabled;

  private ToRetrievalData(Settings settings, String workDir, PCollectionView<SplitByFile.Plan> plan, boolean enabled) {
    this.settings = settings;
    this.workDir = workDir;
    this.plan = plan;
    this.enabled = enabled;
  }

  /** Writes {@code beir/} under {@code workDir}; rows split by {@code plan}. */
  public static ToRetrievalData of(Settings settings, String workDir, PCollectionView<SplitByFile.Plan> plan) {
    if (workDir == null) {
      throw new IllegalArgumentException("no work folder to write beir/ into");
    }
    return new ToRetrievalData(settings, workDir, plan, true);
  }

  /**
   * The same step, made of nothing when {@code on} is false ({@code --retrieval} not given): the graph is
   * the same for every setting, and a run without it writes no triplets, RAFT rows or beir/ folder.
   */
  public ToRetrievalData enabled(boolean on) {
    return new ToRetrievalData(settings, workDir, plan, on);
  }

  @Override
  public PCollectionTuple expand(PCollection<IndexedChunk> input) {
    boolean on = enabled;
    PCollectionTuple repos =
        input
            .apply("OnlyWithRetrieval", org.apache.beam.sdk.transforms.Filter.by(ic -> on))
            .apply("PackRepo",
                ParDo.of(new Packed.PerKey<>(SerializableCoder.of(IndexedChunk.class), ic -> ic.chunk().repo())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
            .apply("GroupRepo", GroupByKey.create())
            .apply("QueriesOfRepo",
                ParDo.of(new RepoFn(settings, plan))
                    .withSideInputs(plan)
                    .withOutputTags(TRIPLETS, TupleTagList.of(RAFT).and(BEIR).and(FAILED).and(TALLIES)));
    repos.get(TRIPLETS).setCoder(SerializableCoder.of(TripletRecord.class));
    repos.get(RAFT).setCoder(SerializableCoder.of(SftRecord.class));
    repos.get(BEIR).setCoder(SerializableCoder.of(BeirEntry.class));
    repos.get(FAILED).setCoder(SerializableCoder.of(Failed.class));
    repos.get(TALLIES).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    PCollection<KV<String, Long>> written =
        repos.get(BEIR)
            .apply("PackBeir", ParDo.of(new Packed.PerKey<>(SerializableCoder.of(BeirEntry.class), e -> BeirFiles.FOLDER)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
            .apply("GroupBeir", GroupByKey.create())
            .apply("WriteBeir", ParDo.of(new WriteBeirFn(workDir)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    PCollection<KV<String, Long>> tallies =
        PCollectionList.of(repos.get(TALLIES)).and(written).apply("FlattenTallies", Flatten.pCollections());
    return PCollectionTuple.of(TRIPLETS, repos.get(TRIPLETS))
        .and(RAFT, repos.get(RAFT))
        .and(FAILED, repos.get(FAILED))
        .and(TALLIES, tallies);
  }

  /** One query: its stable id, the question and the teacher's answer, its chunk and split. */
  record Query(String id, QaPair qa, Chunk chunk, String split) {}

  /** A corpus document (BEIR's {@code _id}, title, text) that can travel in a Beam collection. */
  record BeirDoc(String id, String title, String text) implements Serializable {}

  /** A query as the BEIR files hold it. */
  record BeirQuery(String id, String text, String split, String chunkId) implements Serializable {}

  /** One chunk's part of the BEIR folder: the chunk as a document and the queries it answers. */
  record BeirEntry(BeirDoc doc, List<BeirQuery> queries) implements Serializable {}

  /** A query's id: a hash of the chunk and the question, not the SFT row's id (another namespace). */
  static String queryId(Chunk c, TaskKind task, String question) {
    return StableIds.of("retrieval-query", c.id(), task.wireName(), question);
  }

  /** The queries of one chunk: the first wording of each kind it answers itself, none for other chunks. */
  static List<Query> queries(OfflineTeacher teacher, IndexedChunk ic, SplitByFile.Plan plan) {
    Chunk c = ic.chunk();
    String split = plan.testFiles().contains(SplitByFile.fileKey(c.repo(), c.path())) ? Split.TEST : Split.TRAIN;
    List<Query> out = new ArrayList<>();
    Set<TaskKind> seen = EnumSet.noneOf(TaskKind.class);
    for (QaPair qa : teacher.generate(ic)) {
      if (QUERY_KINDS.contains(qa.taskKind()) && seen.add(qa.taskKind())) {
        out.add(new Query(queryId(c, qa.taskKind(), qa.question()), qa, c, split));
      }
    }
    return out;
  }

  /** Where a hard negative came from: the answer's file, the same simple name, else a BM25 hit. */
  static String negativeFrom(Chunk positive, Chunk negative) {
    if (negative.path().equals(positive.path())) {
      return TripletRecord.FROM_SAME_FILE;
    }
    String a = simpleName(positive);
    return a != null && a.equals(simpleName(negative)) ? TripletRecord.FROM_SAME_NAME : TripletRecord.FROM_BM25;
  }

  /** As {@link HardNegatives} names a declaration: {@code add} of {@code Cart.add(Item)}. */
  private static String simpleName(Chunk c) {
    if (c.kind() != ChunkKind.METHOD && c.kind() != ChunkKind.TYPE) {
      return null;
    }
    String s = c.symbol();
    int paren = s.indexOf('(');
    s = paren >= 0 ? s.substring(0, paren) : s;
    return s.substring(s.lastIndexOf('.') + 1);
  }

  /**
   * The queries of a repository whose RAFT context shows the answer: exactly {@code round(P * n)} of them,
   * the first in an order hashed from the seed and the query id, so the share is P for every repository
   * and a query's draw does not depend on which other queries there are beyond that count.
   */
  static Set<String> withOracle(List<String> queryIds, double p, long seed) {
    List<String> order = new ArrayList<>(queryIds);
    order.sort(Comparator.comparing((String id) -> StableIds.of("raft-oracle", Long.toString(seed), id))
        .thenComparing(id -> id));
    return new HashSet<>(order.subList(0, (int) Math.round(p * order.size())));
  }

  /** {@code text} in a fence of the chunk's language longer than any backtick run inside it. */
  static String fence(String language, String text) {
    return dev.repotune.prompts.Sources.fence(language, text);
  }

  /** A code span safe for backticks inside. */
  static String code(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.contains("`") ? "`` " + t + " ``" : "`" + t + "`";
  }

  /** How a RAFT row shows one context chunk: its number, path and symbol, then its text fenced. */
  static String contextBlock(int number, Chunk c) {
    return "[" + number + "] " + code(c.path()) + " (" + code(c.symbol()) + ")\n"
        + fence("markdown".equals(c.language()) ? "markdown" : c.language(), c.text());
  }

  /** The RAFT answer: the teacher's, led by the chunk it comes from when the context shows that chunk. */
  static String raftAnswer(Query q, boolean oracleShown) {
    String answer = q.qa().answer();
    if (!oracleShown) {
      return answer;
    }
    String lead = "From " + code(q.chunk().path()) + " (" + code(q.chunk().symbol()) + "):";
    return answer.startsWith("\n") || answer.startsWith("```") ? lead + "\n\n" + answer.strip() : lead + " " + answer;
  }

  private static final class RepoFn extends DoFn<KV<String, Iterable<byte[]>>, TripletRecord> {
    private final Settings s;
    private final PCollectionView<SplitByFile.Plan> planView;
    private transient OfflineTeacher teacher;

    RepoFn(Settings s, PCollectionView<SplitByFile.Plan> planView) {
      this.s = s;
      this.planView = planView;
    }

    @Setup
    public void setup() {
      teacher = OfflineTeacher.create(QUERY_KINDS, 1, s.seed());
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<byte[]>> repo, ProcessContext c) {
      List<IndexedChunk> chunks = new ArrayList<>(
          Packed.unpackAll(SerializableCoder.of(IndexedChunk.class), repo.getValue()));
      chunks.sort(Comparator.comparing(ic -> ic.chunk().id()));
      Made made = new Made();
      try {
        make(chunks, c.sideInput(planView), made);
      } catch (RuntimeException e) {
        // nothing of a repository that failed half way: its queries would be judged against half a corpus
        c.output(FAILED, new Failed(STAGE, Stages.oneLine(e), repo.getKey(), 1));
        c.output(TALLIES, KV.of("stages." + STAGE + ".in", 1L));
        return;
      }
      made.triplets.forEach(c::output);
      made.raft.forEach(r -> c.output(RAFT, r));
      made.beir.forEach(b -> c.output(BEIR, b));
      made.sums.forEach((k, v) -> c.output(TALLIES, KV.of(k, v)));
    }

    private void make(List<IndexedChunk> indexed, SplitByFile.Plan plan, Made made) {
      Map<String, Chunk> byId = new LinkedHashMap<>();
      indexed.forEach(ic -> byId.putIfAbsent(ic.chunk().id(), ic.chunk()));
      List<Chunk> chunks = new ArrayList<>(byId.values());
      Map<String, List<Query>> queriesOf = new TreeMap<>();
      List<Query> all = new ArrayList<>();
      for (IndexedChunk ic : indexed) {
        if (!queriesOf.containsKey(ic.chunk().id())) {
          List<Query> qs = queries(teacher, ic, plan);
          queriesOf.put(ic.chunk().id(), qs);
          all.addAll(qs);
        }
      }
      for (Chunk chunk : chunks) {
        List<BeirQuery> qs = new ArrayList<>();
        for (Query q : queriesOf.get(chunk.id())) {
          qs.add(new BeirQuery(q.id(), q.qa().question(), q.split(), chunk.id()));
        }
        made.beir.add(new BeirEntry(new BeirDoc(chunk.id(), Doc.of(chunk).title(), chunk.text()), qs));
      }
      made.add("stages." + STAGE + ".in", all.size());
      made.add("stages." + STAGE + ".out", all.size());
      if (all.isEmpty()) {
        return;
      }
      try (Bm25Index index = Bm25Index.build(chunks.stream().map(Doc::of).toList())) {
        HardNegatives negatives = new HardNegatives(chunks, index);
        int depth = Math.max(EVAL_K, s.raftK() + 1);
        Map<String, List<Hit>> hitsOf = new TreeMap<>();
        List<Query> raftable = new ArrayList<>();
        Map<String, List<Chunk>> distractorsOf = new TreeMap<>();
        for (Query q : all) {
          List<Hit> hits = index.search(q.qa().question(), depth);
          hitsOf.put(q.id(), hits);
          triplet(q, negatives, made);
          if (Split.TEST.equals(q.split())) {
            score(q, hits, made);
          }
          List<Chunk> distractors = distractors(q, hits, byId, negatives);
          if (distractors.size() < s.raftK()) {
            made.add("retrieval.raft.too_few_chunks", 1);
            continue;
          }
          distractorsOf.put(q.id(), distractors);
          raftable.add(q);
        }
        Set<String> oracle = withOracle(raftable.stream().map(Query::id).toList(), s.raftOracle(), s.seed());
        for (Query q : raftable) {
          made.raft.add(raft(q, distractorsOf.get(q.id()), oracle.contains(q.id())));
          made.add(oracle.contains(q.id()) ? "retrieval.raft.with_oracle" : "retrieval.raft.distractors_only", 1);
        }
      }
    }

    private void triplet(Query q, HardNegatives negatives, Made made) {
      Chunk positive = q.chunk();
      List<Chunk> picked = negatives.pick(q.qa().question(), positive, SPREAD_CANDIDATES);
      if (picked.isEmpty()) {
        made.add("retrieval.triplets.without_negative", 1);
        return;
      }
      Chunk negative = spread(q.id(), positive, picked);
      made.triplets.add(new TripletRecord(StableIds.of(q.id(), "triplet", negative.id()), q.qa().question(),
          positive.text(), negative.text(),
          new TripletRecord.Meta(positive.repo(), positive.path(), positive.symbol(), q.qa().taskKind().wireName(),
              negativeFrom(positive, negative), q.split())));
    }

    /**
     * One of the candidates, its source (same file, same name, BM25) chosen by the query's id among those
     * the candidates hold: always the first source, a repository's files being small, would make almost
     * every negative a neighbour in the same file (measured on jsoup: 6,012 of 6,012).
     */
    private static Chunk spread(String queryId, Chunk positive, List<Chunk> candidates) {
      Map<String, Chunk> firstOfSource = new java.util.LinkedHashMap<>();
      for (Chunk c : candidates) {
        firstOfSource.putIfAbsent(negativeFrom(positive, c), c);
      }
      List<Chunk> choices = new ArrayList<>(firstOfSource.values());
      return choices.get(Math.floorMod(queryId.hashCode(), choices.size()));
    }

    /** The query's BM25 scores as additive tallies: one relevant chunk, the top {@link #EVAL_K} hits. */
    private static void score(Query q, List<Hit> hits, Made made) {
      Set<String> relevant = Set.of(q.chunk().id());
      List<String> ranked = hits.stream().map(Hit::id).limit(EVAL_K).toList();
      made.add(RetrievalFigures.QUERIES, 1);
      made.add(RetrievalFigures.HITS_AT_1, Math.round(RetrievalMetrics.recallAt(relevant, ranked, 1)));
      made.add(RetrievalFigures.HITS_AT_5, Math.round(RetrievalMetrics.recallAt(relevant, ranked, 5)));
      made.add(RetrievalFigures.HITS_AT_10, Math.round(RetrievalMetrics.recallAt(relevant, ranked, 10)));
      made.add(RetrievalFigures.RR_AT_10_MICROS,
          RetrievalFigures.micros(RetrievalMetrics.reciprocalRankAt(relevant, ranked, EVAL_K)));
      made.add(RetrievalFigures.NDCG_AT_10_MICROS,
          RetrievalFigures.micros(RetrievalMetrics.ndcgAt(relevant, ranked, EVAL_K)));
    }

    /**
     * Up to k chunks that are not the answer: BM25's best hits first (RAFT's distractors are what a
     * retriever would have returned), then, in a repository too small for k hits, the hard negatives.
     * Never a chunk whose text is the answer's: a copy would be the oracle under another name.
     */
    private List<Chunk> distractors(Query q, List<Hit> hits, Map<String, Chunk> byId, HardNegatives negatives) {
      List<Chunk> out = new ArrayList<>();
      Set<String> texts = new HashSet<>();
      texts.add(q.chunk().text());
      for (Hit h : hits) {
        Chunk c = byId.get(h.id());
        if (out.size() < s.raftK() && c != null && !c.id().equals(q.chunk().id()) && texts.add(c.text())) {
          out.add(c);
        }
      }
      if (out.size() < s.raftK()) {
        for (Chunk c : negatives.pick(q.qa().question(), q.chunk(), s.raftK())) {
          if (out.size() < s.raftK() && out.stream().noneMatch(o -> o.id().equals(c.id())) && texts.add(c.text())) {
            out.add(c);
          }
        }
      }
      return out;
    }

    /** The RAFT row: k chunks (the oracle and k - 1 distractors, or k distractors) in a seeded order. */
    private SftRecord raft(Query q, List<Chunk> distractors, boolean oracleShown) {
      Chunk chunk = q.chunk();
      List<Chunk> context = new ArrayList<>(oracleShown ? distractors.subList(0, s.raftK() - 1) : distractors);
      if (oracleShown) {
        context.add(chunk);
      }
      context.sort(Comparator.comparing(Chunk::id));
      Collections.shuffle(context, new Random(StableIds.prefix64("raft-order", Long.toString(s.seed()), q.id())));
      StringBuilder user = new StringBuilder("Documents from the repository (they may not hold the answer):\n\n");
      for (int i = 0; i < context.size(); i++) {
        user.append(contextBlock(i + 1, context.get(i))).append("\n\n");
      }
      user.append("Question: ").append(q.qa().question());
      List<Message> messages = List.of(new Message("system", SystemPrompt.forRepo(chunk.repo())),
          new Message("user", user.toString()), new Message("assistant", raftAnswer(q, oracleShown)));
      SftRecord.Meta meta = new SftRecord.Meta(chunk.repo(), chunk.commit(), chunk.path(), chunk.symbol(),
          chunk.startLine() + "-" + chunk.endLine(), RAFT_TASK, q.qa().teacher(), q.qa().promptVersion(), chunk.id(),
          q.split());
      return new SftRecord(StableIds.of(chunk.id(), RAFT_TASK, q.qa().question()), messages, meta);
    }
  }

  /** What one repository gave, held until it is all made. */
  private static final class Made {
    final List<TripletRecord> triplets = new ArrayList<>();
    final List<SftRecord> raft = new ArrayList<>();
    final List<BeirEntry> beir = new ArrayList<>();
    final TreeMap<String, Long> sums = new TreeMap<>();

    void add(String key, long n) {
      sums.merge(key, n, Long::sum);
    }
  }

  /** Writes {@code beir/} from every repository's entries: one corpus, one queries file, both qrels. */
  private static final class WriteBeirFn extends DoFn<KV<String, Iterable<byte[]>>, KV<String, Long>> {
    private final String workDir;

    WriteBeirFn(String workDir) {
      this.workDir = workDir;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<byte[]>> all, OutputReceiver<KV<String, Long>> out) {
      List<BeirEntry> entries = Packed.unpackAll(SerializableCoder.of(BeirEntry.class), all.getValue());
      Map<String, Doc> corpus = new TreeMap<>();
      Map<String, String> queries = new TreeMap<>();
      Map<String, Set<String>> train = new TreeMap<>();
      Map<String, Set<String>> test = new TreeMap<>();
      for (BeirEntry e : entries) {
        corpus.putIfAbsent(e.doc().id(), new Doc(e.doc().id(), e.doc().title(), e.doc().text()));
        for (BeirQuery q : e.queries()) {
          queries.put(q.id(), q.text());
          (Split.TEST.equals(q.split()) ? test : train).computeIfAbsent(q.id(), k -> new HashSet<>()).add(q.chunkId());
        }
      }
      // through FileSystems: the work folder may be a bucket
      BeirFolder.write(relative -> java.nio.channels.Channels.newOutputStream(org.apache.beam.sdk.io.FileSystems.create(
              org.apache.beam.sdk.io.FileSystems.matchNewResource(workDir + "/" + BeirFiles.FOLDER + "/" + relative, false),
              org.apache.beam.sdk.util.MimeTypes.BINARY)),
          new BeirFolder.Dataset(new ArrayList<>(corpus.values()), queries, train, test));
      out.output(KV.of("retrieval.beir.documents", (long) corpus.size()));
      out.output(KV.of("retrieval.beir.queries", (long) queries.size()));
      out.output(KV.of("retrieval.beir.test_queries", (long) test.size()));
    }
  }
}
