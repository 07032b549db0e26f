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
import dev.repotune.prompts.TaskKind;
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

  static long promptTokens(TeacherRequest r) {
    long n = 0;
    for (ChatMessage m : r.messages()) {
      n += TokenCounter.count(m.content()) + 4;
    }
    return n;
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
                    + " (callers needs callers in the index, tests and write-test need tests, implement and document a declaration)"));
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

  /** What one JVM shares across its DoFn instances for one run: the in-flight bound, the budget, the client. */
  static final class Shared {
    private static final Map<String, Shared> BY_RUN = new ConcurrentHashMap<>();

    /**
     * The bound on requests in flight: {@code --concurrency} permits, each held only while one HTTP
     * exchange runs. Token counting and the budget check before it, and parsing the reply and writing
     * the cache after it, happen outside, so a slot is handed to the next prepared request the moment a
     * reply arrives.
     */
    final Semaphore inFlight;
    /**
     * Twice {@code --concurrency} threads, so that while some wait on a reply the others prepare the next
     * requests or store replies. Its queue is unbounded on purpose: a bundle hands over all its calls at
     * once and then waits in FinishBundle, so the queue holds the next bundles' calls and never runs dry
     * while the runner's few worker threads are all waiting for their own bundles.
     */
    final ThreadPoolExecutor pool;
    final OpenAiTeacher teacher;
    private final double budgetUsd;
    private double spent;
    private double reserved;
    private final TeacherSpec spec;
    private int authRefusalsInARow;
    /** Set once the endpoint has refused the key {@link #AUTH_REFUSALS_TO_STOP} times in a row; then no call is made. */
    private volatile String authStop;

    private Shared(TeacherSpec spec) {
      inFlight = new Semaphore(spec.concurrency(), true);
      pool =
          new ThreadPoolExecutor(
              2 * spec.concurrency(), 2 * spec.concurrency(), 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "repotune-teacher");
                t.setDaemon(true);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
      teacher = OpenAiTeacher.connect(spec.endpoint(), System::getenv);
      budgetUsd = spec.budgetUsd();
      this.spec = spec;
    }

    /**
     * A 401/403 on a completion after the model list answered: a key without access to the model, or one
     * revoked mid-run. Once it is systematic (refused this many times in a row, nothing answered in
     * between) every further call would fail the same way, so the run stops instead of writing a dataset of
     * Failed rows.
     */
    static final int AUTH_REFUSALS_TO_STOP = 3;

    synchronized void noteAnswered() {
      authRefusalsInARow = 0;
    }

    synchronized void noteAuthRefused(TeacherAuthException e) {
      if (++authRefusalsInARow >= AUTH_REFUSALS_TO_STOP && authStop == null) {
        authStop = "the teacher at " + dev.repotune.extractors.git.RepositoryReader.redactUrl(spec.endpoint().baseUrl())
            + " refused " + authRefusalsInARow + " calls in a row (" + e.getMessage().replaceAll("\\s+", " ").strip()
            + ") though it listed its models; check $" + spec.endpoint().apiKeyEnv() + " and that the key may use "
            + spec.endpoint().model() + "; no dataset was written, and the replies already received are cached";
      }
    }

    String authStop() {
      return authStop;
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
   * Calls the teacher for the cache misses with at most {@code --concurrency} requests in flight per JVM
   * (the shared {@link Shared#inFlight} permits): each pending call of an element is queued on the pool at once, and
   * the elements are output, with their replies or errors, when the bundle finishes. Just before a call
   * starts, its worst-case cost (prompt tokens in, {@code maxTokens} out) is reserved against
   * {@code --budget-usd}, so only calls in flight hold a reservation; a call that would pass the budget
   * is not made ({@code budget: ...}). Retries follow the error's type. Each reply is written to the
   * cache the moment it arrives, so a killed run keeps what it paid for.
   */
  static final class CallFn extends DoFn<Asked, Asked> {
    private final String runId;
    private final TeacherSpec spec;
    private final Counter calls = Metrics.counter(AskTeacher.class, "teacher_calls");
    private final Counter retries = Metrics.counter(AskTeacher.class, "teacher_retries");
    private transient Shared shared;
    private transient ResponseCache cache;
    private transient List<Pending> pending;

    private record Pending(Asked asked, List<Future<Call>> results, Instant timestamp, BoundedWindow window) {}

    CallFn(String runId, TeacherSpec spec) {
      this.runId = runId;
      this.spec = spec;
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
        @Element Asked a, @org.apache.beam.sdk.transforms.DoFn.Timestamp Instant ts, BoundedWindow w) {
      List<Future<Call>> results = new ArrayList<>();
      for (Call c : a.calls()) {
        results.add(c.pending() ? shared.pool.submit(() -> call(c)) : null);
      }
      pending.add(new Pending(a, results, ts, w));
    }

    /** Runs on the pool; never throws: the call with its reply, or with the error that ended it. */
    private Call call(Call c) {
      String model = spec.endpoint().model();
      if (shared.authStop() != null) {
        return c.failed("auth: not called, the endpoint refuses the key", 0);
      }
      double worstCase = spec.prices().cost(model, promptTokens(c.request()), spec.maxTokens());
      if (!shared.reserve(worstCase)) {
        return c.failed("budget: --budget-usd " + spec.budgetUsd() + " reached before this call", 0);
      }
      double actual = 0;
      try {
        calls.inc();
        RetryPolicy.Outcome<TeacherResponse> o =
            spec.retry().run(() -> askInFlight(c.request()), RetryPolicy.Sleeper.SYSTEM, Clock.systemUTC(), new Random());
        if (o.attempts() > 1) {
          retries.inc(o.attempts() - 1);
        }
        if (!o.ok()) {
          if (o.error() instanceof TeacherAuthException auth) {
            shared.noteAuthRefused(auth);
          }
          return c.failed(describe(o.error()), o.attempts());
        }
        shared.noteAnswered();
        TeacherResponse r = o.value();
        actual = spec.prices().cost(model, r.usage().promptTokens(), r.usage().completionTokens());
        try {
          cache.put(c.request(), r);
        } catch (IOException e) {
          // The reply is still used; only a rerun would pay for it again.
        }
        return c.answered(r, o.attempts());
      } catch (RuntimeException e) {
        return c.failed("error: " + Stages.oneLine(e), 1);
      } finally {
        shared.settle(worstCase, actual);
      }
    }

    /** One attempt, holding an in-flight permit for the exchange only (not for retry backoff). */
    private TeacherResponse askInFlight(TeacherRequest request) throws TeacherException {
      try {
        shared.inFlight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TeacherTimeoutException("interrupted while waiting for a free slot", e);
      }
      try {
        if (shared.authStop() != null) { // refused while this call waited for its slot
          throw new TeacherAuthException("not called: the endpoint refuses the key");
        }
        return shared.teacher.ask(request);
      } finally {
        shared.inFlight.release();
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext ctx) throws InterruptedException {
      List<Asked> answered = new ArrayList<>(pending.size());
      for (Pending p : pending) {
        Asked done = p.asked();
        for (int i = 0; i < p.results().size(); i++) {
          Future<Call> f = p.results().get(i);
          if (f == null) {
            continue;
          }
          try {
            done = done.with(i, f.get());
          } catch (ExecutionException e) {
            throw new IllegalStateException("a teacher call escaped its error handling", e.getCause());
          }
        }
        answered.add(done);
      }
      // every call of the bundle has ended: a key refused throughout fails the run rather than its rows
      if (shared.authStop() != null) {
        throw new TeacherRefusedKey(shared.authStop());
      }
      for (int i = 0; i < answered.size(); i++) {
        ctx.output(answered.get(i), pending.get(i).timestamp(), pending.get(i).window());
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
   * {@code Grounding/ungrounded} row, and a task left with no grounded pair is {@code ungrounded}. A chunk
   * ends once: as rows if any task gave some, else as its first failed call or first rejected reply
   * (AskTeacher rows); every other task's problem is a {@value #TASK} row. Also tallies calls, tokens and
   * cost for the manifest.
   */
  static final class ParseFn extends DoFn<Asked, SftRecord> {
    private final TeacherSpec spec;
    private final PCollectionView<List<String>> repoNames;
    private final TupleTag<SftRecord> records;
    private final TupleTag<Rejected> rejected;
    private final TupleTag<Failed> failed;
    private final TupleTag<KV<String, Long>> tallies;
    private transient Set<String> names;
    private transient Map<String, Long> sums;

    ParseFn(TeacherSpec spec, PCollectionView<List<String>> repoNames, TupleTag<SftRecord> records,
        TupleTag<Rejected> rejected, TupleTag<Failed> failed, TupleTag<KV<String, Long>> tallies) {
      this.spec = spec;
      this.repoNames = repoNames;
      this.records = records;
      this.rejected = rejected;
      this.failed = failed;
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
      boolean several = a.calls().size() > 1;
      List<SftRecord> rows = new ArrayList<>();
      List<Failed> failures = new ArrayList<>();
      List<Rejected> rejections = new ArrayList<>();
      for (Call c : a.calls()) {
        String task = c.request().taskKind().wireName();
        if (c.error() != null) {
          add(c.error().startsWith("budget:") ? "teacher.calls.budget_stopped" : "teacher.calls.failed", 1);
          failures.add(new Failed(AskTeacher.STAGE, several ? c.error() + " [task " + task + "]" : c.error(), chunk.id(), c.attempts()));
          continue;
        }
        Rejected problem = parse(a.chunk(), c, out, rows);
        if (problem != null) {
          rejections.add(problem);
        }
      }
      rows.forEach(r -> out.get(records).output(r));
      boolean chunkDone = !rows.isEmpty();
      for (Failed f : failures) {
        out.get(failed).output(chunkDone ? new Failed(TASK, f.error(), f.chunkId(), f.attempts()) : f);
        chunkDone = true;
      }
      for (Rejected r : rejections) {
        out.get(rejected).output(chunkDone ? new Rejected(TASK, r.reason(), r.detail(), r.record()) : r);
        chunkDone = true;
      }
    }

    /** One task's reply: its grounded rows go to {@code rows}; returns the problem when it gave none. */
    private Rejected parse(IndexedChunk ic, Call c, MultiOutputReceiver out, List<SftRecord> rows) {
      Chunk chunk = ic.chunk();
      TeacherResponse r = c.response();
      String task = c.request().taskKind().wireName();
      String model = spec.endpoint().model();
      add("teacher.tasks." + task + ".calls", 1);
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
        return taskRejected(chunk, task, "truncated",
            "the reply was cut off at " + r.usage().completionTokens() + " tokens (finish_reason: length)");
      }
      if (TeacherResponse.REFUSAL.equals(r.finishReason()) || "content_filter".equals(r.finishReason())) {
        return taskRejected(chunk, task, "refused", "the model declined: " + OpenAiTeacher.snippet(r.text()));
      }
      ReplyParser.Parsed parsed = ReplyParser.parse(r.text());
      if (parsed.kind() == ReplyParser.Kind.REFUSED) {
        return taskRejected(chunk, task, "refused", "the model declined: " + parsed.detail());
      }
      if (parsed.kind() == ReplyParser.Kind.UNPARSEABLE) {
        return taskRejected(chunk, task, "unparseable", "no question/answer JSON in the reply: " + parsed.detail());
      }
      String system = SystemPrompt.forRepo(chunk.repo());
      Set<String> questions = new HashSet<>();
      int kept = 0;
      List<String> unknown = new ArrayList<>();
      for (ReplyParser.Pair p : parsed.pairs()) {
        if (!questions.add(p.question())) {
          continue;
        }
        Grounding.Result g = Grounding.check(p.answer(), chunk, ic.index(), names);
        if (!g.grounded()) {
          add("teacher.pairs.ungrounded", 1);
          unknown.addAll(g.unknownSpans());
          out.get(rejected).output(new Rejected(GROUNDING, "ungrounded",
              g.unknownSpans().isEmpty()
                  ? "cites no identifier in backticks and holds no code"
                  : "names nothing in the chunk or the repository: `" + String.join("`, `", g.unknownSpans()) + "`",
              Stages.json("chunk_id", chunk.id(), "path", chunk.path(), "symbol", chunk.symbol(), "task", task,
                  "question", p.question(), "answer", p.answer())));
          continue;
        }
        add("teacher.pairs.grounded", 1);
        QaPair qa = new QaPair(chunk.id(), c.request().taskKind(), p.question(), p.answer(), model, c.request().promptVersion());
        rows.add(Samples.sft(qa, chunk, system, Split.UNASSIGNED));
        kept++;
      }
      if (kept == 0) {
        return taskRejected(chunk, task, "ungrounded",
            "no answer was grounded; unknown: `" + String.join("`, `", new TreeSet<>(unknown)) + "`");
      }
      return null;
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
      for (Call c : a.calls()) {
        count(c);
      }
    }

    private void count(Call c) {
      String task = c.request().taskKind().wireName();
      if (c.response() != null) {
        sums.merge("estimate.calls.cached", 1L, Long::sum);
        sums.merge("estimate.tasks." + task + ".cached", 1L, Long::sum);
        return;
      }
      long in = promptTokens(c.request());
      sums.merge("estimate.calls.fresh", 1L, Long::sum);
      sums.merge("estimate.tasks." + task + ".fresh", 1L, Long::sum);
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

  /** A reply's problem as a row naming the chunk and the task. */
  static Rejected taskRejected(Chunk chunk, String task, String reason, String detail) {
    return AskTeacher.chunkRejected(chunk, reason, detail, "task", task);
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
