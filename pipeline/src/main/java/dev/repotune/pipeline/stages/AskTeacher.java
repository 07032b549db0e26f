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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 13: questions and answers about each chunk, as SFT rows (split not yet assigned). The offline
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

  /** Differently worded questions per fact unless set ({@code --variants}' default). */
  public static final int DEFAULT_VARIANTS = 3;

  public static AskTeacher offline(Set<TaskKind> tasks) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no task kinds: name at least one with --tasks");
    }
    return new AskTeacher(Set.copyOf(tasks), DEFAULT_VARIANTS, 0L, 0, null, null);
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

  /**
   * Calls under {@code runId} ({@code TeacherCallFn.Shared.forRun}): the history's issue calls name the
   * same, so one run has one budget and one bound on calls in flight. The offline teacher has none.
   */
  public AskTeacher withRunId(String runId) {
    if (llm == null) {
      throw new IllegalStateException("the offline teacher makes no calls");
    }
    return new AskTeacher(tasks, variants, seed, maxChunks, llm, java.util.Objects.requireNonNull(runId, "runId"));
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
      // chunks: all of them, for the repository's declared names; asked: those to ask about
      LlmSteps.Output llmOut = LlmSteps.expand(llm, tasks, runId, chunks, asked, overMax);
      tallies = llmOut.tallies();
      return llmOut.result();
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
    return SelectChunks.select(chunks, maxChunks);
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
      ask(ic, out, true);
    }

    /** The same rows, not counted as asked: for a pass that only counts them (the split's plan). */
    public void draft(IndexedChunk ic, Emit out) {
      ask(ic, out, false);
    }

    private void ask(IndexedChunk ic, Emit out, boolean counted) {
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
        if (counted) {
          samples.inc();
        }
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
}
