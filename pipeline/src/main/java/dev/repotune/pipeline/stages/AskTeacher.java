package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.pipeline.StageResult;
import dev.repotune.prompts.OfflineTeacher;
import dev.repotune.prompts.QaPair;
import dev.repotune.prompts.QaPrompt;
import dev.repotune.prompts.SystemPrompt;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.Samples;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Partition;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Stage 7: questions and answers about each chunk, as SFT rows (split not yet assigned). The offline
 * teacher states facts JavaParser read, so it needs no model and no cache. A chunk no task applies to is
 * a {@link Rejected} ({@code no_applicable_task}); a chunk past {@code --max-chunks} is one too
 * ({@code over_max_chunks}), chosen by id so the same run always keeps the same chunks.
 */
public final class AskTeacher
    extends PTransform<PCollection<IndexedChunk>, StageResult<SftRecord>> {
  static final String STAGE = "AskTeacher";

  private final Set<TaskKind> tasks;
  private final int variants;
  private final long seed;
  private final int maxChunks;
  /** Null for the offline teacher. */
  private final TeacherSpec llm;
  /** Names this run's shared in-flight bound and budget (one per JVM, across DoFn instances). */
  private final String runId;
  /** The LLM path's call and token tallies, set by {@link #expand}; see {@link #teacherTallies()}. */
  private transient PCollection<KV<String, Long>> tallies;

  private AskTeacher(
      Set<TaskKind> tasks, int variants, long seed, int maxChunks, TeacherSpec llm, String runId) {
    this.tasks = tasks;
    this.variants = variants;
    this.seed = seed;
    this.maxChunks = maxChunks;
    this.llm = llm;
    this.runId = runId;
  }

  public static AskTeacher offline(Set<TaskKind> tasks) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no task kinds: name at least one with --tasks");
    }
    return new AskTeacher(Set.copyOf(tasks), 3, 0L, 0, null, null);
  }

  /** The LLM teacher asking only the general question/answer template ({@code explain}). */
  public static AskTeacher llm(TeacherSpec spec) {
    return llm(spec, Set.of(TaskKind.EXPLAIN));
  }

  /**
   * The LLM teacher behind an OpenAI-compatible endpoint: per chunk, one prompt for each of {@code tasks}
   * whose template applies, each asking for {@link TeacherSpec#pairsPerChunk()} question/answer pairs,
   * cached, called with bounded concurrency within a budget, and grounded before any row is kept.
   */
  public static AskTeacher llm(TeacherSpec spec, Set<TaskKind> tasks) {
    java.util.Objects.requireNonNull(spec, "spec");
    Set<TaskKind> kinds = new TreeSet<>(tasks);
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("no task kinds: name at least one with --tasks");
    }
    for (TaskKind k : kinds) {
      QaPrompt.load(k); // an unknown kind or a broken template fails here, at construction
    }
    return new AskTeacher(kinds, 1, 0L, 0, spec, java.util.UUID.randomUUID().toString());
  }

  public AskTeacher withVariants(int variants) {
    if (variants < 1) {
      throw new IllegalArgumentException("--variants must be at least 1, got " + variants);
    }
    return new AskTeacher(tasks, variants, seed, maxChunks, llm, runId);
  }

  public AskTeacher withSeed(long seed) {
    return new AskTeacher(tasks, variants, seed, maxChunks, llm, runId);
  }

  /** Ask about at most {@code n} chunks (0 = all). */
  public AskTeacher withMaxChunks(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("--max-chunks must be 0 (all) or more, got " + n);
    }
    return new AskTeacher(tasks, variants, seed, n, llm, runId);
  }

  @Override
  public StageResult<SftRecord> expand(PCollection<IndexedChunk> chunks) {
    TupleTag<SftRecord> records = new TupleTag<>() {};
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    TupleTag<Failed> failed = new TupleTag<>() {};
    Selection selection = select(chunks);
    PCollection<IndexedChunk> asked = selection.asked();
    PCollection<Rejected> overMax = selection.overMax();
    if (llm != null) {
      return expandLlm(chunks, asked, overMax);
    }
    PCollectionTuple out =
        asked.apply(
            "Ask",
            ParDo.of(new AskFn(offlineAsker(), records, rejected, failed))
                .withOutputTags(records, TupleTagList.of(rejected).and(failed)));
    if (overMax == null) {
      return StageResult.of(out, records, rejected, failed);
    }
    return StageResult.of(
        out.get(records), Stages.flatten("FlattenRejected", overMax, out.get(rejected)), out.get(failed));
  }

  /** The chunks to ask about, and (under --max-chunks) the rest as Rejected rows; {@code overMax} may be null. */
  public record Selection(PCollection<IndexedChunk> asked, PCollection<Rejected> overMax) {}

  /** --max-chunks: one SelectChunks step for both teachers; the other chunks become Rejected rows. */
  public Selection select(PCollection<IndexedChunk> chunks) {
    if (maxChunks == 0) {
      return new Selection(chunks, null);
    }
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    PCollectionView<List<String>> kept =
        chunks
            .apply("ChunkIds", MapElements.into(TypeDescriptors.strings()).via(c -> c.chunk().id()))
            .apply("FirstIdsUpToMax", Top.smallest(maxChunks))
            .apply("AsView", View.asSingleton());
    TupleTag<IndexedChunk> selectedTag = new TupleTag<>() {};
    PCollectionTuple selected =
        chunks.apply(
            "SelectChunks",
            ParDo.of(new SelectFn(kept, selectedTag, rejected))
                .withSideInputs(kept)
                .withOutputTags(selectedTag, TupleTagList.of(rejected)));
    return new Selection(selected.get(selectedTag), selected.get(rejected));
  }

  /** The offline teacher as a plain function of a chunk, for a step that makes rows and uses them at once. */
  public OfflineAsker offlineAsker() {
    if (llm != null) {
      throw new IllegalStateException("the LLM teacher is a multi-step transform, not a function of a chunk");
    }
    return new OfflineAsker(
        OfflineTeacher.create(tasks, variants, seed),
        "tasks=" + new TreeSet<>(tasks) + " variants=" + variants + " seed=" + seed);
  }

  /** Where a chunk's rows, rejection or failure go. */
  public interface Emit {
    void row(SftRecord row);

    void rejected(Rejected rejected);

    void failed(Failed failed);
  }

  /** One chunk's rows from the offline teacher; a chunk no task applies to is rejected. */
  public static final class OfflineAsker implements java.io.Serializable {
    private final OfflineTeacher teacher;
    private final String options;
    private final Counter samples = Metrics.counter(AskTeacher.class, "samples");
    // Chunks of several repositories can share a bundle; each repository has its own system prompt.
    private transient Map<String, String> systemPrompts;

    OfflineAsker(OfflineTeacher teacher, String options) {
      this.teacher = teacher;
      this.options = options;
    }

    /** The teacher's options that shape rows (for the row cache's key). */
    String options() {
      return options;
    }

    public void ask(IndexedChunk ic, Emit out) {
      Chunk chunk = ic.chunk();
      List<QaPair> pairs;
      try {
        pairs = teacher.generate(ic);
      } catch (RuntimeException e) {
        out.failed(new Failed(STAGE, Stages.oneLine(e), chunk.id(), 1));
        return;
      }
      if (pairs.isEmpty()) {
        out.rejected(
            chunkRejected(
                chunk, "no_applicable_task", "no task kind has a non-trivial answer for this " + chunk.kind()));
        return;
      }
      for (QaPair qa : pairs) {
        samples.inc();
        out.row(Samples.sft(qa, chunk, systemPrompt(chunk.repo()), Split.UNASSIGNED));
      }
    }

    private String systemPrompt(String repo) {
      if (systemPrompts == null) {
        systemPrompts = new TreeMap<>();
      }
      return systemPrompts.computeIfAbsent(repo, SystemPrompt::forRepo);
    }
  }

  /**
   * The LLM path as named steps: SelectChunks (--max-chunks), RenderPrompts, CacheRead, PartitionHits,
   * Call (misses only; replies are cached as they arrive, inside Call, so a killed run keeps them),
   * Flatten, then ParseReplies (truncated, refused, unparseable and ungrounded become Rejected rows).
   * The repository's declared names reach ParseReplies as a side input built off the main path.
   */
  private StageResult<SftRecord> expandLlm(
      PCollection<IndexedChunk> chunks, PCollection<IndexedChunk> selected, PCollection<Rejected> overMax) {
    // chunks: all of them, for the repository's declared names; selected: those to ask about
    TupleTag<LlmSteps.Asked> askedTag = new TupleTag<>() {};
    TupleTag<SftRecord> records = new TupleTag<>() {};
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    TupleTag<Failed> failed = new TupleTag<>() {};
    TupleTag<KV<String, Long>> tallyTag = new TupleTag<>() {};

    PCollectionTuple rendered =
        selected
            .apply("RenderPrompts",
                ParDo.of(new LlmSteps.RenderFn(llm, tasks, askedTag, rejected))
                    .withOutputTags(askedTag, TupleTagList.of(rejected)));
    PCollection<Rejected> notAsked =
        overMax == null
            ? rendered.get(rejected)
            : Stages.flatten("FlattenNotAsked", overMax, rendered.get(rejected));
    PCollection<LlmSteps.Asked> looked =
        rendered.get(askedTag).apply("CacheRead", ParDo.of(new LlmSteps.CacheReadFn(llm.responseCacheDir())));

    if (llm.dryRun()) {
      tallies = looked.apply("Estimate", ParDo.of(new LlmSteps.EstimateFn(llm)));
      PCollection<SftRecord> none =
          looked.apply("NoRows", ParDo.of(new DoFn<LlmSteps.Asked, SftRecord>() {
            @ProcessElement
            public void process() {}
          }));
      PCollection<Failed> noFailures =
          looked.apply("NoFailures", ParDo.of(new DoFn<LlmSteps.Asked, Failed>() {
            @ProcessElement
            public void process() {}
          }));
      return StageResult.of(none, notAsked, noFailures);
    }

    PCollectionList<LlmSteps.Asked> parts =
        looked.apply("PartitionHits", Partition.of(2, (LlmSteps.Asked a, int n) -> a.complete() ? 0 : 1));
    PCollection<LlmSteps.Asked> called = parts.get(1).apply("Call", ParDo.of(new LlmSteps.CallFn(runId, llm)));
    PCollection<LlmSteps.Asked> replies = Stages.flatten("Flatten", parts.get(0), called);

    PCollectionView<List<String>> names =
        chunks
            .apply("DeclaredNames", ParDo.of(new LlmSteps.DeclaredNamesFn()))
            .apply("AllNames", Combine.globally(new LlmSteps.UnionFn()))
            .apply("NamesView", View.asSingleton());
    PCollectionTuple parsed =
        replies.apply("ParseReplies",
            ParDo.of(new LlmSteps.ParseFn(llm, names, records, rejected, failed, tallyTag))
                .withSideInputs(names)
                .withOutputTags(records, TupleTagList.of(rejected).and(failed).and(tallyTag)));
    tallies = parsed.get(tallyTag);
    return StageResult.of(
        parsed.get(records),
        Stages.flatten("FlattenRejected", notAsked, parsed.get(rejected)),
        parsed.get(failed));
  }

  /**
   * The LLM path's tallies ({@code teacher.calls.cached}, {@code teacher.calls.fresh},
   * {@code teacher.tokens.in/out}, {@code teacher.cost_microusd}, {@code teacher.pairs.grounded/ungrounded},
   * or {@code estimate.*} under dry run), for the manifest; null for the offline teacher or before the
   * transform is applied. A getter rather than a fourth output, so StageResult stays the same for every stage.
   */
  public PCollection<KV<String, Long>> teacherTallies() {
    return tallies;
  }

  public boolean isLlm() {
    return llm != null;
  }

  /** Passes the first --max-chunks chunks by id; the rest are rejected ({@code over_max_chunks}). */
  private static final class SelectFn extends DoFn<IndexedChunk, IndexedChunk> {
    private final PCollectionView<List<String>> kept;
    private final TupleTag<IndexedChunk> selected;
    private final TupleTag<Rejected> rejected;
    private transient Set<String> keptIds;

    SelectFn(PCollectionView<List<String>> kept, TupleTag<IndexedChunk> selected, TupleTag<Rejected> rejected) {
      this.kept = kept;
      this.selected = selected;
      this.rejected = rejected;
    }

    @ProcessElement
    public void process(ProcessContext context, MultiOutputReceiver out) {
      IndexedChunk ic = context.element();
      if (keptIds == null) {
        keptIds = new HashSet<>(context.sideInput(kept));
      }
      if (!keptIds.contains(ic.chunk().id())) {
        out.get(rejected).output(chunkRejected(ic.chunk(), "over_max_chunks", "past --max-chunks"));
        return;
      }
      out.get(selected).output(ic);
    }
  }

  private static final class AskFn extends DoFn<IndexedChunk, SftRecord> {
    private final OfflineAsker asker;
    private final TupleTag<SftRecord> records;
    private final TupleTag<Rejected> rejected;
    private final TupleTag<Failed> failed;

    AskFn(
        OfflineAsker asker,
        TupleTag<SftRecord> records,
        TupleTag<Rejected> rejected,
        TupleTag<Failed> failed) {
      this.asker = asker;
      this.records = records;
      this.rejected = rejected;
      this.failed = failed;
    }

    @ProcessElement
    public void process(@Element IndexedChunk ic, MultiOutputReceiver out) {
      asker.ask(
          ic,
          new Emit() {
            @Override
            public void row(SftRecord row) {
              out.get(records).output(row);
            }

            @Override
            public void rejected(Rejected r) {
              out.get(rejected).output(r);
            }

            @Override
            public void failed(Failed f) {
              out.get(failed).output(f);
            }
          });
    }
  }

  static Rejected chunkRejected(Chunk chunk, String reason, String detail) {
    return chunkRejected(chunk, reason, detail, new Object[0]);
  }

  /** A chunk's row in {@code rejected/}, with {@code more} key/value pairs after the chunk's own. */
  static Rejected chunkRejected(Chunk chunk, String reason, String detail, Object... more) {
    Object[] fields = {
      "chunk_id", chunk.id(),
      "repo", chunk.repo(),
      "path", chunk.path(),
      "symbol", chunk.symbol(),
      "kind", chunk.kind().name(),
      "lines", chunk.startLine() + "-" + chunk.endLine()
    };
    Object[] all = java.util.Arrays.copyOf(fields, fields.length + more.length);
    System.arraycopy(more, 0, all, fields.length, more.length);
    return new Rejected(STAGE, reason, detail, Stages.json(all));
  }

  /** The task kinds the LLM teacher asks: {@link TaskKind#parseLlmList}. */
  public static Set<TaskKind> parseLlmTasks(String csv) {
    return TaskKind.parseLlmList(csv);
  }

  /** The task kinds named on the command line: {@link TaskKind#parseList}. */
  public static Set<TaskKind> parseTasks(String csv) {
    return TaskKind.parseList(csv);
  }
}
