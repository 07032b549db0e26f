package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.TokenCounter;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.prompts.ChatMessage;
import dev.repotune.prompts.Grounding;
import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.QaPair;
import dev.repotune.prompts.QaPrompt;
import dev.repotune.prompts.ReplyParser;
import dev.repotune.prompts.ResponseCache;
import dev.repotune.prompts.RetryPolicy;
import dev.repotune.prompts.SamplingParams;
import dev.repotune.prompts.SystemPrompt;
import dev.repotune.prompts.TeacherAuthException;
import dev.repotune.prompts.TeacherException;
import dev.repotune.prompts.TeacherQuotaException;
import dev.repotune.prompts.TeacherRequest;
import dev.repotune.prompts.TeacherResponse;
import dev.repotune.prompts.TeacherServerException;
import dev.repotune.prompts.TeacherTimeoutException;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.Samples;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;

/**
 * The DoFns of AskTeacher's LLM path, in the order {@link AskTeacher#expand} wires them: render a prompt
 * per chunk, read the response cache, call the teacher for the misses (bounded concurrency, budget,
 * retries by type, each reply cached as it arrives), then parse, ground and account for every reply.
 */
final class LlmSteps {
  private LlmSteps() {}

  /** A chunk on its way through the LLM path: its request, and its reply once there is one. */
  record Asked(IndexedChunk chunk, TeacherRequest request, TeacherResponse response, int attempts)
      implements Serializable {
    Asked withResponse(TeacherResponse r, int n) {
      return new Asked(chunk, request, r, n);
    }
  }

  static final String GROUNDING = "Grounding";

  /** Chunk kinds and sizes worth a call: smaller chunks give questions the code cannot support. */
  static final int MIN_TOKENS = 24;

  static SamplingParams params(TeacherSpec spec, QaPrompt prompt) {
    return new SamplingParams(spec.endpoint().model(), spec.temperature(), spec.maxTokens(), prompt.jsonSchema());
  }

  static long promptTokens(TeacherRequest r) {
    long n = 0;
    for (ChatMessage m : r.messages()) {
      n += TokenCounter.count(m.content()) + 4;
    }
    return n;
  }

  /** Renders each chunk's request; chunks too small to ask about are rejected ({@code too_small}). */
  static final class RenderFn extends DoFn<IndexedChunk, Asked> {
    private final TeacherSpec spec;
    private final TupleTag<Asked> asked;
    private final TupleTag<Rejected> rejected;
    private transient QaPrompt prompt;

    RenderFn(TeacherSpec spec, TupleTag<Asked> asked, TupleTag<Rejected> rejected) {
      this.spec = spec;
      this.asked = asked;
      this.rejected = rejected;
    }

    @Setup
    public void setup() {
      prompt = QaPrompt.load();
    }

    @ProcessElement
    public void process(@Element IndexedChunk ic, MultiOutputReceiver out) {
      Chunk c = ic.chunk();
      if (c.tokens() < MIN_TOKENS) {
        out.get(rejected)
            .output(AskTeacher.chunkRejected(c, "too_small", c.tokens() + " tokens; an LLM question needs at least " + MIN_TOKENS));
        return;
      }
      TeacherRequest r = prompt.render(ic.chunk().repo(), ic, spec.pairsPerChunk(), params(spec, prompt));
      out.get(asked).output(new Asked(ic, r, null, 0));
    }
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
      TeacherResponse hit = null;
      try {
        hit = cache.get(a.request()).orElse(null);
      } catch (IOException e) {
        // An unreadable entry is a miss: the call is made again and the entry rewritten.
      }
      out.output(hit == null ? a : a.withResponse(hit, 0));
    }
  }

  /** What one JVM shares across its DoFn instances for one run: the in-flight bound, the budget, the client. */
  static final class Shared {
    private static final Map<String, Shared> BY_RUN = new ConcurrentHashMap<>();

    /**
     * Calls admitted (running or queued): twice the bound, so a pool thread that finishes a call takes
     * the next one from the queue at once instead of waiting for the DoFn thread to wake and submit it.
     */
    final Semaphore admitted;
    /** Exactly {@code --concurrency} threads: the bound on calls in flight. */
    final ThreadPoolExecutor pool;
    final OpenAiTeacher teacher;
    private final double budgetUsd;
    private double spent;
    private double reserved;

    private Shared(TeacherSpec spec) {
      admitted = new Semaphore(2 * spec.concurrency());
      pool =
          new ThreadPoolExecutor(
              spec.concurrency(), spec.concurrency(), 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "repotune-teacher");
                t.setDaemon(true);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
      teacher = OpenAiTeacher.connect(spec.endpoint(), System::getenv);
      budgetUsd = spec.budgetUsd();
    }

    static Shared forRun(String runId, TeacherSpec spec) {
      return BY_RUN.computeIfAbsent(runId, k -> new Shared(spec));
    }

    /** Reserves the worst case of one call; false when that would pass the budget (0 = none). */
    synchronized boolean reserve(double usd) {
      if (budgetUsd > 0 && spent + reserved + usd > budgetUsd) {
        return false;
      }
      reserved += usd;
      return true;
    }

    synchronized void settle(double reservedUsd, double actualUsd) {
      reserved -= reservedUsd;
      spent += actualUsd;
    }
  }

  /**
   * Calls the teacher for cache misses with at most {@code --concurrency} calls in flight per JVM (the
   * shared pool's thread count): each element takes a permit (blocking when {@code 2 x concurrency} are
   * admitted, so a slow endpoint is kept busy but never flooded), runs on the pool, and is output when the
   * bundle finishes. Before each call the
   * worst-case cost (prompt tokens in, {@code maxTokens} out) is reserved against {@code --budget-usd};
   * a call that would pass it becomes {@code Failed(budget)}. Retries follow the error's type. Each reply
   * is written to the cache the moment it arrives, so a killed run keeps what it paid for.
   */
  static final class CallFn extends DoFn<Asked, Asked> {
    private final String runId;
    private final TeacherSpec spec;
    private final TupleTag<Asked> answered;
    private final TupleTag<Failed> failed;
    private final Counter calls = Metrics.counter(AskTeacher.class, "teacher_calls");
    private final Counter retries = Metrics.counter(AskTeacher.class, "teacher_retries");
    private transient Shared shared;
    private transient ResponseCache cache;
    private transient List<Pending> pending;

    private record Pending(Future<Object> result, Instant timestamp, BoundedWindow window) {}

    CallFn(String runId, TeacherSpec spec, TupleTag<Asked> answered, TupleTag<Failed> failed) {
      this.runId = runId;
      this.spec = spec;
      this.answered = answered;
      this.failed = failed;
    }

    @Setup
    public void setup() {
      shared = Shared.forRun(runId, spec);
      cache = new ResponseCache(new BeamCacheStore(spec.responseCacheDir()));
    }

    @StartBundle
    public void start() {
      pending = new ArrayList<>();
    }

    @ProcessElement
    public void process(
        @Element Asked a, @org.apache.beam.sdk.transforms.DoFn.Timestamp Instant ts, BoundedWindow w,
        MultiOutputReceiver out) throws InterruptedException {
      String model = spec.endpoint().model();
      double worstCase = spec.prices().cost(model, promptTokens(a.request()), spec.maxTokens());
      if (!shared.reserve(worstCase)) {
        out.get(failed)
            .output(new Failed(AskTeacher.STAGE, "budget: --budget-usd " + spec.budgetUsd() + " reached before this call", a.chunk().chunk().id(), 0));
        return;
      }
      shared.admitted.acquire();
      Future<Object> f;
      try {
        f = shared.pool.submit(() -> call(a, worstCase));
      } catch (RuntimeException e) {
        shared.admitted.release();
        shared.settle(worstCase, 0);
        throw e;
      }
      pending.add(new Pending(f, ts, w));
    }

    /** Runs on the pool; never throws: the reply, or a Failed row. */
    private Object call(Asked a, double worstCase) {
      double actual = 0;
      try {
        calls.inc();
        RetryPolicy.Outcome<TeacherResponse> o =
            spec.retry().run(() -> shared.teacher.ask(a.request()), RetryPolicy.Sleeper.SYSTEM, Clock.systemUTC(), new Random());
        if (o.attempts() > 1) {
          retries.inc(o.attempts() - 1);
        }
        if (!o.ok()) {
          return new Failed(AskTeacher.STAGE, describe(o.error()), a.chunk().chunk().id(), o.attempts());
        }
        TeacherResponse r = o.value();
        actual = spec.prices().cost(spec.endpoint().model(), r.usage().promptTokens(), r.usage().completionTokens());
        try {
          cache.put(a.request(), r);
        } catch (IOException e) {
          // The reply is still used; only a rerun would pay for it again.
        }
        return a.withResponse(r, o.attempts());
      } catch (RuntimeException e) {
        return new Failed(AskTeacher.STAGE, "error: " + Stages.oneLine(e), a.chunk().chunk().id(), 1);
      } finally {
        shared.settle(worstCase, actual);
        shared.admitted.release();
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) throws InterruptedException {
      for (Pending p : pending) {
        Object r;
        try {
          r = p.result().get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a teacher call escaped its error handling", e.getCause());
        }
        if (r instanceof Failed f) {
          c.output(failed, f, p.timestamp(), p.window());
        } else {
          c.output(answered, (Asked) r, p.timestamp(), p.window());
        }
      }
      pending = null;
    }
  }

  /** The error's kind (by type) and its one-line message; the key never appears in either. */
  static String describe(TeacherException e) {
    String kind =
        e instanceof TeacherQuotaException ? "rate_limited"
            : e instanceof TeacherTimeoutException ? "timeout"
            : e instanceof TeacherServerException ? "server"
            : e instanceof TeacherAuthException ? "auth"
            : "bad_reply";
    return kind + ": " + e.getMessage().replaceAll("\\s+", " ").strip();
  }

  /**
   * Turns each reply into SFT rows, or a Rejected with the reason: {@code truncated} (finish_reason
   * length), {@code refused}, {@code unparseable}; each pair whose answer names nothing known is a
   * {@code Grounding/ungrounded} row, and a chunk left with no grounded pair is
   * {@code AskTeacher/ungrounded}. Also tallies calls, tokens and cost for the manifest.
   */
  static final class ParseFn extends DoFn<Asked, SftRecord> {
    private final TeacherSpec spec;
    private final PCollectionView<List<String>> repoNames;
    private final TupleTag<SftRecord> records;
    private final TupleTag<Rejected> rejected;
    private final TupleTag<KV<String, Long>> tallies;
    private transient Set<String> names;
    private transient Map<String, Long> sums;

    ParseFn(TeacherSpec spec, PCollectionView<List<String>> repoNames,
        TupleTag<SftRecord> records, TupleTag<Rejected> rejected, TupleTag<KV<String, Long>> tallies) {
      this.spec = spec;
      this.repoNames = repoNames;
      this.records = records;
      this.rejected = rejected;
      this.tallies = tallies;
    }

    @StartBundle
    public void start() {
      sums = new TreeMap<>();
    }

    private void add(String key, long n) {
      sums.merge(key, n, Long::sum);
    }

    @ProcessElement
    public void process(ProcessContext ctx, MultiOutputReceiver out) {
      if (names == null) {
        names = new HashSet<>(ctx.sideInput(repoNames));
      }
      Asked a = ctx.element();
      Chunk chunk = a.chunk().chunk();
      TeacherResponse r = a.response();
      String model = spec.endpoint().model();
      if (r.cached()) {
        add("teacher.calls.cached", 1);
      } else {
        add("teacher.calls.fresh", 1);
        add("teacher.tokens.in", r.usage().promptTokens());
        add("teacher.tokens.out", r.usage().completionTokens());
        add("teacher.cost_microusd",
            Math.round(1e6 * spec.prices().cost(model, r.usage().promptTokens(), r.usage().completionTokens())));
      }
      if ("length".equals(r.finishReason())) {
        out.get(rejected).output(AskTeacher.chunkRejected(chunk, "truncated",
            "the reply was cut off at " + r.usage().completionTokens() + " tokens (finish_reason: length)"));
        return;
      }
      if (TeacherResponse.REFUSAL.equals(r.finishReason()) || "content_filter".equals(r.finishReason())) {
        out.get(rejected).output(AskTeacher.chunkRejected(chunk, "refused", "the model declined: " + OpenAiTeacher.snippet(r.text())));
        return;
      }
      ReplyParser.Parsed parsed = ReplyParser.parse(r.text());
      if (parsed.kind() == ReplyParser.Kind.REFUSED) {
        out.get(rejected).output(AskTeacher.chunkRejected(chunk, "refused", "the model declined: " + parsed.detail()));
        return;
      }
      if (parsed.kind() == ReplyParser.Kind.UNPARSEABLE) {
        out.get(rejected).output(AskTeacher.chunkRejected(chunk, "unparseable", "no question/answer JSON in the reply: " + parsed.detail()));
        return;
      }
      String system = SystemPrompt.forRepo(chunk.repo());
      Set<String> questions = new HashSet<>();
      int kept = 0;
      List<String> unknown = new ArrayList<>();
      for (ReplyParser.Pair p : parsed.pairs()) {
        if (!questions.add(p.question())) {
          continue;
        }
        Grounding.Result g = Grounding.check(p.answer(), chunk, a.chunk().index(), names);
        if (!g.grounded()) {
          add("teacher.pairs.ungrounded", 1);
          unknown.addAll(g.unknownSpans());
          out.get(rejected).output(new Rejected(GROUNDING, "ungrounded",
              "names nothing in the chunk or the repository: `" + String.join("`, `", g.unknownSpans()) + "`",
              Stages.json("chunk_id", chunk.id(), "path", chunk.path(), "symbol", chunk.symbol(),
                  "question", p.question(), "answer", p.answer())));
          continue;
        }
        add("teacher.pairs.grounded", 1);
        QaPair qa = new QaPair(chunk.id(), a.request().taskKind(), p.question(), p.answer(), model, a.request().promptVersion());
        out.get(records).output(Samples.sft(qa, chunk, system, Split.UNASSIGNED));
        kept++;
      }
      if (kept == 0) {
        out.get(rejected).output(AskTeacher.chunkRejected(chunk, "ungrounded",
            "no answer was grounded; unknown: `" + String.join("`, `", new TreeSet<>(unknown)) + "`"));
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      sums.forEach((k, v) -> c.output(tallies, KV.of(k, v), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      sums = null;
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
      if (a.response() != null) {
        sums.merge("estimate.calls.cached", 1L, Long::sum);
        return;
      }
      long in = promptTokens(a.request());
      sums.merge("estimate.calls.fresh", 1L, Long::sum);
      sums.merge("estimate.tokens.in", in, Long::sum);
      sums.merge("estimate.tokens.out_max", (long) spec.maxTokens(), Long::sum);
      sums.merge("estimate.cost_microusd_max",
          Math.round(1e6 * spec.prices().cost(spec.endpoint().model(), in, spec.maxTokens())), Long::sum);
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      sums.forEach((k, v) -> c.output(KV.of(k, v), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      sums = null;
    }
  }

  /** The names a chunk declares (symbol parts, simple name, enclosing type, file name), for grounding. */
  static final class DeclaredNamesFn extends DoFn<IndexedChunk, String> {
    private transient Set<String> seen;

    @StartBundle
    public void start() {
      seen = new TreeSet<>();
    }

    @ProcessElement
    public void process(@Element IndexedChunk ic) {
      Chunk c = ic.chunk();
      Grounding.addIdentifiers(seen, c.symbol());
      Grounding.addIdentifiers(seen, c.facts().name());
      Grounding.addIdentifiers(seen, c.facts().enclosingType());
      Grounding.addIdentifiers(seen, c.path().substring(c.path().lastIndexOf('/') + 1));
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      seen.forEach(n -> c.output(n, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      seen = null;
    }
  }

  /** All names, sorted, in one list: a single small value for a side input. */
  static final class UnionFn extends Combine.CombineFn<String, TreeSet<String>, List<String>> {
    @Override
    public TreeSet<String> createAccumulator() {
      return new TreeSet<>();
    }

    @Override
    public TreeSet<String> addInput(TreeSet<String> acc, String name) {
      acc.add(name);
      return acc;
    }

    @Override
    public TreeSet<String> mergeAccumulators(Iterable<TreeSet<String>> accs) {
      TreeSet<String> all = new TreeSet<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public List<String> extractOutput(TreeSet<String> acc) {
      return new ArrayList<>(acc);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Coder<TreeSet<String>> getAccumulatorCoder(CoderRegistry r, Coder<String> in) {
      return (Coder) SerializableCoder.of(TreeSet.class);
    }

    @Override
    public Coder<List<String>> getDefaultOutputCoder(CoderRegistry r, Coder<String> in) {
      return ListCoder.of(StringUtf8Coder.of());
    }
  }

}
