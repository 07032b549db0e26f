package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.pipeline.StageResult;
import dev.repotune.prompts.QaPrompt;
import dev.repotune.prompts.ResponseCache;
import dev.repotune.prompts.SamplingParams;
import dev.repotune.prompts.TaskKind;
import dev.repotune.prompts.TeacherRequest;
import dev.repotune.prompts.TeacherResponse;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Partition;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * AskTeacher's LLM path: {@link #expand} wires its steps, and the small ones are here in the order it
 * applies them (render a prompt per chunk and task, read the response cache, estimate under dry run).
 * The call with its budget and in-flight bound is {@link TeacherCallFn}; the reply rules are prompts'
 * {@code ReplyRules}, applied by {@link ParseRepliesFn}; the repository's names come from
 * {@link RepoNames}.
 */
final class LlmSteps {
  private LlmSteps() {}

  /**
   * One task's call for a chunk: its request, then either the reply or the error that ended it (a
   * {@code Failed} row later). Attempts count the tries made (0 for a cached reply or a budget stop).
   */
  record Call(TeacherRequest request, TeacherResponse response, int attempts, String error)
      implements Serializable {
    boolean pending() {
      return response == null && error == null;
    }

    Call answered(TeacherResponse r, int n) {
      return new Call(request, r, n, null);
    }

    Call failed(String why, int n) {
      return new Call(request, null, n, why);
    }
  }

  /**
   * A chunk on its way through the LLM path with one call per task that applies to it. The calls of one
   * chunk travel together so that the chunk gets exactly one outcome (rows, or one Rejected/Failed)
   * without a per-chunk GroupByKey, which the DirectRunner makes quadratic.
   */
  record Asked(IndexedChunk chunk, List<Call> calls) implements Serializable {
    Asked {
      calls = List.copyOf(calls);
    }

    boolean complete() {
      return calls.stream().noneMatch(Call::pending);
    }

    Asked with(int i, Call c) {
      List<Call> next = new ArrayList<>(calls);
      next.set(i, c);
      return new Asked(chunk, next);
    }
  }

  /**
   * Where a task's problem goes when its chunk has another outcome already (rows from another task, or
   * the first problem): a row of its own, so nothing is silently dropped, outside the per-chunk counts.
   */
  static final String TASK = "TeacherTask";
  static final String GROUNDING = "Grounding";

  /** Chunk kinds and sizes worth a call: smaller chunks give questions the code cannot support. */
  static final int MIN_TOKENS = 24;

  static SamplingParams params(TeacherSpec spec, QaPrompt prompt) {
    return new SamplingParams(spec.endpoint().model(), spec.temperature(), spec.maxTokens(), prompt.jsonSchema());
  }

  /** The LLM path's rows, Rejected and Failed, and its tallies for the manifest. */
  record Output(StageResult<SftRecord> result, PCollection<KV<String, Long>> tallies) {}

  /**
   * The LLM path as named steps: RenderPrompts, CacheRead, PartitionHits, Call (misses only; replies
   * are cached as they arrive, inside Call, so a killed run keeps them), Flatten, then ParseReplies
   * (truncated, refused, unparseable and ungrounded become Rejected rows). The repository's declared
   * names reach ParseReplies as a side input built off the main path. {@code chunks} are all of them,
   * for those names; {@code selected} those to ask about; {@code overMax} (may be null) the rest.
   */
  static Output expand(TeacherSpec llm, Set<TaskKind> tasks, String runId,
      PCollection<IndexedChunk> chunks, PCollection<IndexedChunk> selected, PCollection<Rejected> overMax) {
    TupleTag<Asked> askedTag = new TupleTag<>() {};
    TupleTag<SftRecord> records = new TupleTag<>() {};
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    TupleTag<Failed> failed = new TupleTag<>() {};
    TupleTag<KV<String, Long>> tallyTag = new TupleTag<>() {};

    PCollectionTuple rendered =
        selected
            .apply("RenderPrompts",
                ParDo.of(new RenderFn(llm, tasks, askedTag, rejected))
                    .withOutputTags(askedTag, TupleTagList.of(rejected)));
    PCollection<Rejected> notAsked =
        overMax == null
            ? rendered.get(rejected)
            : Stages.flatten("FlattenNotAsked", overMax, rendered.get(rejected));
    PCollection<Asked> looked =
        rendered.get(askedTag).apply("CacheRead", ParDo.of(new CacheReadFn(llm.responseCacheDir())));

    if (llm.dryRun()) {
      PCollection<KV<String, Long>> estimates = looked.apply("Estimate", ParDo.of(new EstimateFn(llm)));
      PCollection<SftRecord> none =
          looked.apply("NoRows", ParDo.of(new DoFn<Asked, SftRecord>() {
            @ProcessElement
            public void process() {}
          }));
      PCollection<Failed> noFailures =
          looked.apply("NoFailures", ParDo.of(new DoFn<Asked, Failed>() {
            @ProcessElement
            public void process() {}
          }));
      return new Output(StageResult.of(none, notAsked, noFailures), estimates);
    }

    PCollectionList<Asked> parts =
        looked.apply("PartitionHits", Partition.of(2, (Asked a, int n) -> a.complete() ? 0 : 1));
    PCollection<Asked> called = parts.get(1).apply("Call", ParDo.of(new TeacherCallFn(runId, llm)));
    PCollection<Asked> replies = Stages.flatten("Flatten", parts.get(0), called);

    PCollectionView<List<String>> names = RepoNames.view(chunks);
    PCollectionTuple parsed =
        replies.apply("ParseReplies",
            ParDo.of(new ParseRepliesFn(llm, names, records, rejected, failed, tallyTag))
                .withSideInputs(names)
                .withOutputTags(records, TupleTagList.of(rejected).and(failed).and(tallyTag)));
    return new Output(
        StageResult.of(
            parsed.get(records),
            Stages.flatten("FlattenRejected", notAsked, parsed.get(rejected)),
            parsed.get(failed)),
        parsed.get(tallyTag));
  }

  /**
   * Renders one request per selected task whose template applies to the chunk; a chunk too small to ask
   * about is rejected ({@code too_small}), one no selected task applies to {@code no_applicable_task}.
   */
  static final class RenderFn extends DoFn<IndexedChunk, Asked> {
    private final TeacherSpec spec;
    private final Set<TaskKind> tasks;
    private final TupleTag<Asked> asked;
    private final TupleTag<Rejected> rejected;
    private transient List<QaPrompt> prompts;

    RenderFn(TeacherSpec spec, Set<TaskKind> tasks, TupleTag<Asked> asked, TupleTag<Rejected> rejected) {
      this.spec = spec;
      this.tasks = tasks;
      this.asked = asked;
      this.rejected = rejected;
    }

    @Setup
    public void setup() {
      prompts = new ArrayList<>();
      for (TaskKind k : new TreeSet<>(tasks)) {
        prompts.add(QaPrompt.load(k));
      }
    }

    @ProcessElement
    public void process(@Element IndexedChunk ic, MultiOutputReceiver out) {
      Chunk c = ic.chunk();
      if (c.tokens() < MIN_TOKENS) {
        out.get(rejected)
            .output(AskTeacher.chunkRejected(c, "too_small", c.tokens() + " tokens; an LLM question needs at least " + MIN_TOKENS));
        return;
      }
      List<Call> calls = new ArrayList<>();
      for (QaPrompt prompt : prompts) {
        if (prompt.applies(ic)) {
          calls.add(new Call(prompt.render(c.repo(), ic, spec.pairsPerChunk(), params(spec, prompt)), null, 0, null));
        }
      }
      if (calls.isEmpty()) {
        out.get(rejected)
            .output(AskTeacher.chunkRejected(c, "no_applicable_task",
                "no task of --tasks " + wireNames(tasks) + " applies to this " + c.kind()
                    + " (" + TaskKind.llmNeeds(tasks) + ")"));
        return;
      }
      out.get(asked).output(new Asked(ic, calls));
    }
  }

  static String wireNames(Set<TaskKind> tasks) {
    return String.join(",", new TreeSet<>(tasks).stream().map(TaskKind::wireName).toList());
  }

  /** Looks each request up in the response cache; a hit carries its reply (marked cached) on. */
  static final class CacheReadFn extends DoFn<Asked, Asked> {
    private final String cacheDir;
    private transient ResponseCache cache;

    CacheReadFn(String cacheDir) {
      this.cacheDir = cacheDir;
    }

    @Setup
    public void setup() {
      cache = new ResponseCache(new BeamCacheStore(cacheDir));
    }

    @ProcessElement
    public void process(@Element Asked a, OutputReceiver<Asked> out) {
      Asked looked = a;
      for (int i = 0; i < a.calls().size(); i++) {
        TeacherResponse hit = null;
        try {
          hit = cache.get(a.calls().get(i).request()).orElse(null);
        } catch (IOException e) {
          // An unreadable entry is a miss: the call is made again and the entry rewritten.
        }
        if (hit != null) {
          looked = looked.with(i, looked.calls().get(i).answered(hit, 0));
        }
      }
      out.output(looked);
    }
  }

  /** {@code --dry-run}: tallies what the calls would be, calling nothing. */
  static final class EstimateFn extends DoFn<Asked, KV<String, Long>> {
    private final TeacherSpec spec;
    private transient Map<String, Long> sums;

    EstimateFn(TeacherSpec spec) {
      this.spec = spec;
    }

    @StartBundle
    public void start() {
      sums = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element Asked a) {
      for (Call c : a.calls()) {
        count(c);
      }
    }

    private void count(Call c) {
      countEstimate(spec, c.request(), c.request().taskKind().wireName(), c.response() != null, sums);
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      sums.forEach((k, v) -> c.output(KV.of(k, v), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      sums = null;
    }
  }

  /**
   * One call of {@code --dry-run}'s estimate: counted as cached, or as fresh with its prompt tokens, the
   * most it may answer and the most it may cost. The chunk path's and the history's issue calls alike.
   */
  static void countEstimate(TeacherSpec spec, TeacherRequest request, String task, boolean cached, Map<String, Long> sums) {
    if (cached) {
      sums.merge("estimate.calls.cached", 1L, Long::sum);
      sums.merge("estimate.tasks." + task + ".cached", 1L, Long::sum);
      return;
    }
    long in = CallBudget.promptTokens(request);
    sums.merge("estimate.calls.fresh", 1L, Long::sum);
    sums.merge("estimate.tasks." + task + ".fresh", 1L, Long::sum);
    sums.merge("estimate.tokens.in", in, Long::sum);
    sums.merge("estimate.tokens.out_max", (long) spec.maxTokens(), Long::sum);
    sums.merge("estimate.cost_microusd_max",
        Math.round(1e6 * spec.prices().cost(spec.endpoint().model(), in, spec.maxTokens())), Long::sum);
  }

  /** A reply's problem as a row naming the chunk and the task. */
  static Rejected taskRejected(Chunk chunk, String task, String reason, String detail) {
    return AskTeacher.chunkRejected(chunk, reason, detail, "task", task);
  }
}
