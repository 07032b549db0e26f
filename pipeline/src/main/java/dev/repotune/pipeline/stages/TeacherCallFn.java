package dev.repotune.pipeline.stages;

import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.pipeline.stages.LlmSteps.Asked;
import dev.repotune.pipeline.stages.LlmSteps.Call;
import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.ResponseCache;
import dev.repotune.prompts.TeacherAuthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * AskTeacher's "Call" step: calls the teacher for the cache misses with at most {@code --concurrency}
 * requests in flight per JVM (the shared {@link Shared#inFlight} permits): each pending call of an
 * element is queued on the pool at once, and the elements are output, with their replies or errors,
 * when the bundle finishes. Each call first reserves its worst case against the {@link CallBudget}; a
 * call that would pass the budget is not made ({@code budget: ...}). Retries follow the error's type
 * (the call itself is {@link TeacherCalls}, which the history's issue prompt shares).
 * Each reply is written to the cache the moment it arrives, so a killed run keeps what it paid for.
 */
final class TeacherCallFn extends DoFn<Asked, Asked> {
  private final String runId;
  private final TeacherSpec spec;
  private final Counter calls = Metrics.counter(AskTeacher.class, "teacher_calls");
  private final Counter retries = Metrics.counter(AskTeacher.class, "teacher_retries");
  private transient TeacherCalls teacher;
  private transient List<Pending> pending;

  private record Pending(Asked asked, List<Future<Call>> results, Instant timestamp, BoundedWindow window) {}

  TeacherCallFn(String runId, TeacherSpec spec) {
    this.runId = runId;
    this.spec = spec;
  }

  /** What one JVM shares across its DoFn instances for one run: the in-flight bound, the budget, the client. */
  static final class Shared {
    private static final Map<String, Shared> BY_RUN = new ConcurrentHashMap<>();

    /**
     * A 401/403 on a completion after the model list answered: a key without access to the model, or one
     * revoked mid-run. Once it is systematic (refused this many times in a row, nothing answered in
     * between) every further call would fail the same way, so the run stops instead of writing a dataset of
     * Failed rows.
     */
    static final int AUTH_REFUSALS_TO_STOP = 3;

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
    final CallBudget budget;
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
      budget = new CallBudget(spec.budgetUsd());
      this.spec = spec;
    }

    static Shared forRun(String runId, TeacherSpec spec) {
      return BY_RUN.computeIfAbsent(runId, k -> new Shared(spec));
    }

    synchronized void noteAnswered() {
      authRefusalsInARow = 0;
    }

    synchronized void noteAuthRefused(TeacherAuthException e) {
      if (++authRefusalsInARow >= AUTH_REFUSALS_TO_STOP && authStop == null) {
        authStop = "the teacher at " + RepositoryReader.redactUrl(spec.endpoint().baseUrl())
            + " refused " + authRefusalsInARow + " calls in a row (" + e.getMessage().replaceAll("\\s+", " ").strip()
            + ") though it listed its models; check $" + spec.endpoint().apiKeyEnv() + " and that the key may use "
            + spec.endpoint().model() + "; no dataset was written, and the replies already received are cached";
      }
    }

    String authStop() {
      return authStop;
    }
  }

  @Setup
  public void setup() {
    teacher = new TeacherCalls(spec, Shared.forRun(runId, spec),
        new ResponseCache(new BeamCacheStore(spec.responseCacheDir())), calls, retries);
  }

  @StartBundle
  public void start() {
    pending = new ArrayList<>();
  }

  @ProcessElement
  public void process(@Element Asked a, @DoFn.Timestamp Instant ts, BoundedWindow w) {
    List<Future<Call>> results = new ArrayList<>();
    for (Call c : a.calls()) {
      results.add(c.pending() ? teacher.submit(c) : null);
    }
    pending.add(new Pending(a, results, ts, w));
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
        done = done.with(i, TeacherCalls.await(f));
      }
      answered.add(done);
    }
    teacher.stopIfRefused();
    for (int i = 0; i < answered.size(); i++) {
      ctx.output(answered.get(i), pending.get(i).timestamp(), pending.get(i).window());
    }
    pending = null;
  }
}
