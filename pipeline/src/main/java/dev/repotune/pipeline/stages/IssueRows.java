package dev.repotune.pipeline.stages;

import dev.repotune.prompts.TeacherRequest;
import dev.repotune.extractors.secrets.TextRedaction;
import dev.repotune.pipeline.stages.LlmSteps.Call;
import dev.repotune.prompts.CommitQa;
import dev.repotune.prompts.CommitTask;
import dev.repotune.prompts.CommitTeacher;
import dev.repotune.prompts.IssuePrompt;
import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.ResponseCache;
import dev.repotune.prompts.SamplingParams;
import dev.repotune.prompts.SystemPrompt;
import dev.repotune.prompts.TeacherResponse;
import dev.repotune.samples.Failed;
import dev.repotune.samples.HistoryRecord;
import dev.repotune.samples.Rejected;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Stage 7's LLM part ({@code --teacher openai}): each commit that gave a change or fix-with-test row is
 * sent once to the teacher with {@link IssuePrompt}, which rewrites it as the issue a user would have
 * filed (as SWE-smith and R2E-Gym do), and each of those rows gets a twin whose request is the issue
 * instead of the commit message ({@link CommitTeacher#askAsIssue}): same code shown, same answer. The
 * call is the chunk path's ({@link TeacherCalls}: the run's budget, in-flight bound, retries, auth stop
 * and response cache). The offline rows stay as they are; a reply that gives no issue, or a call that
 * fails, is one {@value #STAGE} row, counted as that stage's ({@code stages.TeacherIssue.in = out +
 * rejected + failed}), so ToHistoryRows' own counts do not change with the teacher.
 */
public final class IssueRows extends PTransform<PCollection<IssueRows.Ask>, PCollectionTuple> {
  static final String STAGE = "TeacherIssue";

  /** A commit to rewrite as an issue: its redacted task, as ToHistoryRows asked it, and its split. */
  record Ask(CommitTask task, String split) implements Serializable {}

  /** An {@link Ask} with its call, answered from the cache, by the teacher, or ended by an error. */
  record Asked(Ask ask, Call call) implements Serializable {}

  private final ToHistoryRows.Settings settings;
  private final TeacherSpec spec;
  private final String runId;

  IssueRows(ToHistoryRows.Settings settings, TeacherSpec spec, String runId) {
    this.settings = settings;
    this.spec = spec;
    this.runId = runId;
  }

  /** The request for one commit, as the call step and a test render it. */
  static SamplingParams params(TeacherSpec spec, IssuePrompt prompt) {
    return new SamplingParams(spec.endpoint().model(), spec.temperature(), spec.maxTokens(), prompt.jsonSchema());
  }

  @Override
  public PCollectionTuple expand(PCollection<Ask> asks) {
    PCollection<Asked> asked = asks.apply("Call", ParDo.of(new CallFn(runId, spec)))
        .setCoder(SerializableCoder.of(Asked.class));
    PCollectionTuple out = asked.apply("Parse", ParDo.of(new ParseFn(settings, spec))
        .withOutputTags(ToHistoryRows.ROWS,
            TupleTagList.of(ToHistoryRows.REJECTED).and(ToHistoryRows.FAILED).and(ToHistoryRows.TALLIES)));
    out.get(ToHistoryRows.ROWS).setCoder(SerializableCoder.of(HistoryRecord.class));
    out.get(ToHistoryRows.REJECTED).setCoder(SerializableCoder.of(Rejected.class));
    out.get(ToHistoryRows.FAILED).setCoder(SerializableCoder.of(Failed.class));
    out.get(ToHistoryRows.TALLIES).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return out;
  }

  /**
   * {@code --dry-run}: each commit's request rendered and looked up in the response cache, counted as the
   * chunk path's estimate counts ({@code estimate.*}, the task named {@code issue}); nothing is called.
   */
  static PCollection<KV<String, Long>> estimate(PCollection<Ask> asks, TeacherSpec spec) {
    return asks.apply("EstimateIssues", ParDo.of(new EstimateFn(spec)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
  }

  static final class EstimateFn extends DoFn<Ask, KV<String, Long>> {
    private final TeacherSpec spec;
    private transient IssuePrompt prompt;
    private transient ResponseCache cache;
    private transient java.util.Map<String, Long> sums;

    EstimateFn(TeacherSpec spec) {
      this.spec = spec;
    }

    @Setup
    public void setup() {
      prompt = IssuePrompt.load();
      cache = new ResponseCache(new BeamCacheStore(spec.responseCacheDir()));
    }

    @StartBundle
    public void start() {
      sums = new java.util.TreeMap<>();
    }

    @ProcessElement
    public void process(@Element Ask a) {
      TeacherRequest request = prompt.render(a.task(), params(spec, prompt));
      boolean hit;
      try {
        hit = cache.get(request).isPresent();
      } catch (IOException e) {
        hit = false;
      }
      LlmSteps.countEstimate(spec, request, TASK, hit, sums);
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      sums.forEach((k, v) -> c.output(KV.of(k, v), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
      sums = null;
    }
  }

  /** The name the estimate and the dry run's report give the issue calls. */
  public static final String TASK = "issue";

  /**
   * Renders each commit's request and reads the response cache; a miss is queued on the run's pool
   * at once and the bundle's calls are waited for when it finishes, as {@link TeacherCallFn} does, so
   * {@code --concurrency} bounds these calls together with the chunk path's.
   */
  static final class CallFn extends DoFn<Ask, Asked> {
    private final String runId;
    private final TeacherSpec spec;
    private final Counter calls = Metrics.counter(AskTeacher.class, "teacher_calls");
    private final Counter retries = Metrics.counter(AskTeacher.class, "teacher_retries");
    private transient IssuePrompt prompt;
    private transient ResponseCache cache;
    private transient TeacherCalls teacher;
    private transient List<Pending> pending;

    private record Pending(Ask ask, Future<Call> call, Instant timestamp, BoundedWindow window) {}

    CallFn(String runId, TeacherSpec spec) {
      this.runId = runId;
      this.spec = spec;
    }

    @Setup
    public void setup() {
      prompt = IssuePrompt.load();
      cache = new ResponseCache(new BeamCacheStore(spec.responseCacheDir()));
      teacher = new TeacherCalls(spec, TeacherCallFn.Shared.forRun(runId, spec), cache, calls, retries);
    }

    @StartBundle
    public void start() {
      pending = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element Ask a, @DoFn.Timestamp Instant ts, BoundedWindow w, OutputReceiver<Asked> out) {
      Call c = new Call(prompt.render(a.task(), params(spec, prompt)), null, 0, null);
      TeacherResponse hit = null;
      try {
        hit = cache.get(c.request()).orElse(null);
      } catch (IOException e) {
        // an unreadable entry is a miss: the call is made again and the entry rewritten
      }
      if (hit != null) {
        out.output(new Asked(a, c.answered(hit, 0)));
        return;
      }
      pending.add(new Pending(a, teacher.submit(c), ts, w));
    }

    @FinishBundle
    public void finish(FinishBundleContext ctx) throws InterruptedException {
      List<Asked> done = new ArrayList<>(pending.size());
      for (Pending p : pending) {
        done.add(new Asked(p.ask(), TeacherCalls.await(p.call())));
      }
      teacher.stopIfRefused();
      for (int i = 0; i < done.size(); i++) {
        ctx.output(done.get(i), pending.get(i).timestamp(), pending.get(i).window());
      }
      pending = null;
    }
  }

  /** Each answered commit's issue rows, or its one Rejected or Failed row; tallies the calls as AskTeacher does. */
  static final class ParseFn extends DoFn<Asked, HistoryRecord> {
    private final ToHistoryRows.Settings s;
    private final TeacherSpec spec;
    private transient CommitTeacher teacher;
    private transient String version;
    private transient TextRedaction redaction;
    private transient TreeMap<String, Long> sums;

    ParseFn(ToHistoryRows.Settings s, TeacherSpec spec) {
      this.s = s;
      this.spec = spec;
    }

    @Setup
    public void setup() {
      teacher = CommitTeacher.create(s.tasks(), s.variants(), s.seed());
      version = IssuePrompt.load().version();
      redaction = new TextRedaction(s.keepEmails());
    }

    @StartBundle
    public void start() {
      sums = new TreeMap<>();
    }

    private void add(String key, long n) {
      sums.merge(key, n, Long::sum);
    }

    @ProcessElement
    public void process(@Element Asked a, MultiOutputReceiver out) {
      CommitTask t = a.ask().task();
      Call c = a.call();
      add("stages." + STAGE + ".in", 1);
      if (c.error() != null) {
        add(c.error().startsWith("budget:") ? "teacher.calls.budget_stopped" : "teacher.calls.failed", 1);
        out.get(ToHistoryRows.FAILED).output(new Failed(STAGE, c.error(), t.commit().id(), c.attempts()));
        return;
      }
      TeacherResponse r = c.response();
      if (r.cached()) {
        add("teacher.calls.cached", 1);
      } else {
        add("teacher.calls.fresh", 1);
        add("teacher.tokens.in", r.usage().promptTokens());
        add("teacher.tokens.out", r.usage().completionTokens());
        add("teacher.cost_microusd", Math.round(1e6 * spec.prices().cost(spec.endpoint().model(),
            r.usage().promptTokens(), r.usage().completionTokens())));
      }
      IssuePrompt.Issue issue = IssuePrompt.read(r);
      if (issue.problem() != null) {
        out.get(ToHistoryRows.REJECTED).output(rejected(t, issue.problem().reason(), issue.problem().detail()));
        return;
      }
      List<CommitQa> asked = teacher.askAsIssue(t, redact(issue.text()), spec.endpoint().model(), version);
      if (asked.isEmpty()) {
        out.get(ToHistoryRows.REJECTED).output(rejected(t, "no_issue_row",
            "the issue gives no change or fix-with-test request (blank, or it cites line numbers): "
                + OpenAiTeacher.snippet(issue.text())));
        return;
      }
      add("stages." + STAGE + ".out", 1);
      String system = SystemPrompt.forRepo(t.repo());
      for (CommitQa qa : asked) {
        HistoryRecord row = ToHistoryRows.row(t, a.ask().split(), system, qa);
        Rejected over = ToHistoryRows.overContext(row, s.contextTokens());
        if (over != null) {
          out.get(ToHistoryRows.REJECTED).output(over);
          continue;
        }
        add("issue_rows.made", 1);
        out.get(ToHistoryRows.ROWS).output(row);
      }
    }

    private static Rejected rejected(CommitTask t, String reason, String detail) {
      return new Rejected(STAGE, reason, detail,
          Stages.json("repo", t.repo(), "commit", t.commit().id(), "subject", t.subject(), "task", "issue"));
    }

    /** The model saw redacted text only, but may still write an address: the same rules as the commit's. */
    private String redact(String text) {
      TextRedaction.Redacted r = redaction.redactCounted(text);
      if (r.total() > 0) {
        add("history_texts.redacted", (long) r.total());
      }
      return r.text();
    }

    @FinishBundle
    public void finish(FinishBundleContext ctx) {
      sums.forEach((k, v) -> ctx.output(ToHistoryRows.TALLIES, KV.of(k, v), GlobalWindow.INSTANCE.maxTimestamp(),
          GlobalWindow.INSTANCE));
      sums = null;
    }
  }
}
