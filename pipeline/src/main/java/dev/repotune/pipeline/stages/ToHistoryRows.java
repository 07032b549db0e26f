package dev.repotune.pipeline.stages;

import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.TokenCounter;
import dev.repotune.extractors.git.Languages;
import dev.repotune.extractors.history.ChangedMembers;
import dev.repotune.extractors.history.CommitChange;
import dev.repotune.extractors.history.CommitInfo;
import dev.repotune.extractors.history.CommitMessages;
import dev.repotune.extractors.history.FileChange;
import dev.repotune.extractors.history.MemberChange;
import dev.repotune.extractors.secrets.PiiRedactor;
import dev.repotune.extractors.secrets.SecretRedactor;
import dev.repotune.pipeline.StageResult;
import dev.repotune.prompts.CommitQa;
import dev.repotune.prompts.CommitTask;
import dev.repotune.prompts.CommitTeacher;
import dev.repotune.prompts.SystemPrompt;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.HistoryRecord;
import dev.repotune.samples.Message;
import dev.repotune.samples.ModelProfile;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.Split;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 9: history rows of each kept commit. Its message, texts and diffs are redacted first (secrets,
 * e-mail and IP addresses: the same rules as stage 2), then its changed Java declarations are found
 * ({@link ChangedMembers}) and {@link CommitTeacher} states the history kinds of the task catalogue
 * (change, commit-message, why, fix-with-test) from the commit itself. A training commit also gives one
 * CPT document per changed text file in the profile's commit format ({@link ModelProfile#commitText}).
 * A document longer than {@code --context-tokens} is not made (a trainer would cut the file after at the
 * context; counted in {@code history.commit_documents.over_context}): whole files twice over make most
 * of a history's tokens otherwise (jsoup: 38.8 million, 67 times its CPT).
 * A commit no kind applies to (it touches no main code a task asks about) is a {@link Rejected} row
 * ({@code no_history_task}). No author's name or address is read: {@code meta} has the commit and date.
 */
public final class ToHistoryRows extends PTransform<PCollection<ReadHistory.Change>, PCollectionTuple> {
  public static final String STAGE = "ToHistoryRows";
  public static final TupleTag<HistoryRecord> ROWS = new TupleTag<>("history_rows") {};
  public static final TupleTag<CptRecord> DOCUMENTS = new TupleTag<>("commit_documents") {};
  public static final TupleTag<Rejected> REJECTED = new TupleTag<>("history_rejected") {};
  public static final TupleTag<Failed> FAILED = new TupleTag<>("history_failed") {};
  public static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("history_tallies") {};

  /** What decides the rows: the kinds asked, the wordings, the profile of the commit documents. */
  public record Settings(Set<TaskKind> tasks, int variants, long seed, String profile, boolean keepEmails,
      int contextTokens)
      implements Serializable {}

  private final Settings settings;

  private ToHistoryRows(Settings settings) {
    this.settings = settings;
  }

  public static ToHistoryRows of(Settings settings) {
    return new ToHistoryRows(settings);
  }

  @Override
  public PCollectionTuple expand(PCollection<ReadHistory.Change> changes) {
    PCollectionTuple out =
        changes.apply("Rows", ParDo.of(new RowsFn(settings))
            .withOutputTags(ROWS, TupleTagList.of(DOCUMENTS).and(REJECTED).and(FAILED).and(TALLIES)));
    out.get(ROWS).setCoder(SerializableCoder.of(HistoryRecord.class));
    out.get(DOCUMENTS).setCoder(SerializableCoder.of(CptRecord.class));
    out.get(REJECTED).setCoder(SerializableCoder.of(Rejected.class));
    out.get(FAILED).setCoder(SerializableCoder.of(Failed.class));
    out.get(TALLIES).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return out;
  }

  /** The stage's rows, rejected and failed commits and tallies, for the graph's bookkeeping. */
  public static StageResult<HistoryRecord> result(PCollectionTuple out) {
    return StageResult.of(out.get(ROWS), out.get(REJECTED), out.get(FAILED)).withTallies(out.get(TALLIES));
  }

  private static final class RowsFn extends DoFn<ReadHistory.Change, HistoryRecord> {
    private final Settings s;
    private transient CommitTeacher teacher;
    private transient ModelProfile profile;
    private transient SecretRedactor secrets;
    private transient PiiRedactor pii;
    private transient TreeMap<String, Long> sums;

    RowsFn(Settings s) {
      this.s = s;
    }

    @Setup
    public void setup() {
      teacher = CommitTeacher.create(s.tasks(), s.variants(), s.seed());
      profile = ModelProfile.named(s.profile());
      secrets = new SecretRedactor();
      pii = new PiiRedactor(!s.keepEmails(), true);
    }

    @StartBundle
    public void start() {
      sums = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element ReadHistory.Change c, MultiOutputReceiver out) {
      CommitInfo info = c.change().commit();
      sums.merge("stages." + STAGE + ".in", 1L, Long::sum);
      try {
        make(c, info, out);
      } catch (RuntimeException | StackOverflowError e) {
        out.get(FAILED).output(new Failed(STAGE, Stages.oneLine(e), info.id(), 1));
      }
    }

    private void make(ReadHistory.Change c, CommitInfo raw, MultiOutputReceiver out) {
      String message = redact(raw.message());
      CommitInfo info = new CommitInfo(raw.id(), raw.parent(), raw.epochSecond(), message, raw.parents(), raw.botAuthor());
      List<FileChange> files = new ArrayList<>();
      List<MemberChange> members = new ArrayList<>();
      for (FileChange f : c.change().files()) {
        FileChange r = new FileChange(f.type(), f.oldPath(), f.newPath(), f.binary(), redact(f.before()),
            redact(f.after()), redact(f.diff()), f.added(), f.removed());
        files.add(r);
        if (!r.binary() && r.path().endsWith(".java")) {
          members.addAll(ChangedMembers.of(r));
        }
      }
      CommitTask task = new CommitTask(c.repo(), info, CommitMessages.subject(message), CommitMessages.body(message),
          files, members);
      List<CommitQa> asked = teacher.ask(task);
      if (asked.isEmpty()) {
        out.get(REJECTED).output(new Rejected(STAGE, "no_history_task",
            "no history task applies: the change touches no main code a task asks about",
            Stages.json("repo", c.repo(), "commit", info.id(), "subject", task.subject())));
        return;
      }
      sums.merge("stages." + STAGE + ".out", 1L, Long::sum);
      String date = Instant.ofEpochSecond(info.epochSecond()).toString();
      List<String> paths = files.stream().map(FileChange::path).toList();
      String system = SystemPrompt.forRepo(c.repo());
      for (CommitQa qa : asked) {
        List<Message> messages = List.of(
            new Message("system", system), new Message("user", qa.question()), new Message("assistant", qa.answer()));
        String id = StableIds.of(qa.sourceId(), Integer.toString(qa.variant()), qa.question());
        out.get(ROWS).output(new HistoryRecord(id, messages,
            new HistoryRecord.Meta(c.repo(), info.id(), info.parent() == null ? "" : info.parent(), date,
                qa.task().wireName(), paths, qa.symbol(), qa.teacher(), qa.promptVersion(), qa.execCandidate(),
                c.split())));
      }
      if (Split.TRAIN.equals(c.split())) {
        documents(c.repo(), info, message, files, out);
      }
    }

    /** One CPT document per changed text file of a training commit, in the profile's commit format. */
    private void documents(String repo, CommitInfo info, String message, List<FileChange> files, MultiOutputReceiver out) {
      String msg = CommitMessages.subject(message)
          + (CommitMessages.body(message).isBlank() ? "" : "\n\n" + CommitMessages.body(message));
      for (FileChange f : files) {
        if (f.binary() || f.before() == null && f.after() == null) {
          continue;
        }
        long chars = (f.before() == null ? 0 : f.before().length()) + (f.after() == null ? 0 : f.after().length());
        if (chars > 16L * s.contextTokens()) {
          // no text of that length fits (more than 16 characters a token is not code): not even counted
          sums.merge("history.commit_documents.over_context", 1L, Long::sum);
          continue;
        }
        String text = profile.commitText(f.path(), f.before(), msg, f.after());
        int tokens = profile.tokens(text, TokenCounter::count);
        if (tokens > s.contextTokens()) {
          sums.merge("history.commit_documents.over_context", 1L, Long::sum);
          continue;
        }
        out.get(DOCUMENTS).output(new CptRecord(StableIds.of(repo, info.id(), "commit", f.path(), s.profile()), text,
            new CptRecord.Meta(repo, info.id(), f.path(), Languages.of(f.path()), tokens)));
      }
    }

    private String redact(String text) {
      if (text == null || text.isEmpty()) {
        return text;
      }
      SecretRedactor.Result r = secrets.redact(text);
      SecretRedactor.Result p = pii.redact(r.text());
      if (r.total() + p.total() > 0) {
        sums.merge("history.redacted", (long) (r.total() + p.total()), Long::sum);
      }
      return p.text();
    }

    @FinishBundle
    public void finish(FinishBundleContext ctx) {
      sums.forEach((k, v) -> ctx.output(TALLIES, KV.of(k, v), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
      sums = null;
    }
  }
}
