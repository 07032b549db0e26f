package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.pipeline.stages.LlmSteps.Asked;
import dev.repotune.pipeline.stages.LlmSteps.Call;
import dev.repotune.prompts.QaPair;
import dev.repotune.prompts.ReplyRules;
import dev.repotune.prompts.SystemPrompt;
import dev.repotune.prompts.TeacherResponse;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.Samples;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * AskTeacher's "ParseReplies" step: turns each reply into SFT rows, or a Rejected with the reason the
 * {@link ReplyRules} give ({@code truncated}, {@code refused}, {@code unparseable}, {@code ungrounded});
 * each pair whose answer names nothing known is a {@code Grounding/ungrounded} row. A chunk ends once:
 * as rows if any task gave some, else as its first failed call or first rejected reply (AskTeacher
 * rows); every other task's problem is a {@value LlmSteps#TASK} row. Also tallies calls, tokens and
 * cost for the manifest.
 */
final class ParseRepliesFn extends DoFn<Asked, SftRecord> {
  private final TeacherSpec spec;
  private final PCollectionView<List<String>> repoNames;
  private final TupleTag<SftRecord> records;
  private final TupleTag<Rejected> rejected;
  private final TupleTag<Failed> failed;
  private final TupleTag<KV<String, Long>> tallies;
  /** Built on the first element, once the repository's names are at hand (a side input). */
  private transient ReplyRules rules;
  private transient Map<String, Long> sums;

  ParseRepliesFn(TeacherSpec spec, PCollectionView<List<String>> repoNames, TupleTag<SftRecord> records,
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
    if (rules == null) {
      rules = new ReplyRules(spec.endpoint().model(), new HashSet<>(ctx.sideInput(repoNames)));
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
      out.get(failed).output(chunkDone ? new Failed(LlmSteps.TASK, f.error(), f.chunkId(), f.attempts()) : f);
      chunkDone = true;
    }
    for (Rejected r : rejections) {
      out.get(rejected).output(chunkDone ? new Rejected(LlmSteps.TASK, r.reason(), r.detail(), r.record()) : r);
      chunkDone = true;
    }
  }

  /** One task's reply: its grounded rows go to {@code rows}; returns the problem when it gave none. */
  private Rejected parse(IndexedChunk ic, Call c, MultiOutputReceiver out, List<SftRecord> rows) {
    Chunk chunk = ic.chunk();
    TeacherResponse r = c.response();
    String task = c.request().taskKind().wireName();
    add("teacher.tasks." + task + ".calls", 1);
    if (r.cached()) {
      add("teacher.calls.cached", 1);
    } else {
      add("teacher.calls.fresh", 1);
      add("teacher.tokens.in", r.usage().promptTokens());
      add("teacher.tokens.out", r.usage().completionTokens());
      add("teacher.cost_microusd",
          Math.round(1e6 * spec.prices().cost(spec.endpoint().model(), r.usage().promptTokens(), r.usage().completionTokens())));
    }
    ReplyRules.Verdict verdict = rules.judge(ic, c.request(), r);
    for (ReplyRules.Ungrounded u : verdict.ungrounded()) {
      add("teacher.pairs.ungrounded", 1);
      out.get(rejected).output(new Rejected(LlmSteps.GROUNDING, "ungrounded", u.detail(),
          Stages.json("chunk_id", chunk.id(), "path", chunk.path(), "symbol", chunk.symbol(), "task", task,
              "question", u.question(), "answer", u.answer())));
    }
    if (!verdict.kept().isEmpty()) {
      String system = SystemPrompt.forRepo(chunk.repo());
      for (QaPair qa : verdict.kept()) {
        add("teacher.pairs.grounded", 1);
        rows.add(Samples.sft(qa, chunk, system, Split.UNASSIGNED));
      }
    }
    ReplyRules.Problem problem = verdict.problem();
    return problem == null ? null : LlmSteps.taskRejected(chunk, task, problem.reason(), problem.detail());
  }

  @FinishBundle
  public void finish(FinishBundleContext c) {
    sums.forEach((k, v) -> c.output(tallies, KV.of(k, v), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE));
    sums = null;
  }
}
