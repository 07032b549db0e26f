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
import dev.repotune.extractors.secrets.TextRedaction;
import dev.repotune.pipeline.StageResult;
import dev.repotune.prompts.CommitQa;
import dev.repotune.prompts.CommitTask;
import dev.repotune.prompts.CommitTeacher;
import dev.repotune.prompts.SystemPrompt;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.CptRecord;
import dev.repotune.extractors.git.Languages;
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 7: history rows of each kept commit. Its message, texts and diffs are redacted first (secrets,
 * e-mail and IP addresses: the same rules as stage 2), then its changed Java declarations are found
 * ({@link ChangedMembers}) and {@link CommitTeacher} states the history kinds of the task catalogue
 * (change, commit-message, why, fix-with-test) from the commit itself. A training commit also gives one
 * CPT document per changed text file in the profile's commit format ({@link ModelProfile#commitText}).
 * A document longer than {@code --context-tokens} is not made (a trainer would cut the file after at the
 * context; counted in {@code commit_documents.over_context}): whole files twice over make most
 * of a history's tokens otherwise (jsoup: 38.8 million, 67 times its CPT).
 * A commit no kind applies to (it touches no main code a task asks about) is a {@link Rejected} row
 * ({@code no_history_task}). No author's name or address is read: {@code meta} has the commit and date.
 * With an LLM teacher ({@link #withTeacher}) each commit that gave a change or fix-with-test row is also
 * rewritten as the issue a user would have filed, which adds a twin of each such row ({@link IssueRows}).
 */
public final class ToHistoryRows extends PTransform<PCollection<ReadHistory.Change>, PCollectionTuple> {
  public static final String STAGE = "ToHistoryRows";
  public static final TupleTag<HistoryRecord> ROWS = new TupleTag<>("history_rows") {};
  public static final TupleTag<CptRecord> DOCUMENTS = new TupleTag<>("commit_documents") {};
  public static final TupleTag<Rejected> REJECTED = new TupleTag<>("history_rejected") {};
  public static final TupleTag<Failed> FAILED = new TupleTag<>("history_failed") {};
  public static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("history_tallies") {};
  /** Under {@code --dry-run}: the issue calls a run would make ({@code estimate.*}). */
  public static final TupleTag<KV<String, Long>> ESTIMATES = new TupleTag<>("history_estimates") {};
  static final TupleTag<IssueRows.Ask> ISSUE_ASKS = new TupleTag<>("history_issue_asks") {};

  /** What decides the rows: the kinds asked, the wordings, the profile of the commit documents. */
  public record Settings(Set<TaskKind> tasks, int variants, long seed, String profile, boolean keepEmails,
      int contextTokens)
      implements Serializable {}

  private final Settings settings;
  private final String cacheDir;
  /** Null for the offline teacher alone. */
  private final TeacherSpec llm;
  /** The run's shared budget and in-flight bound ({@code TeacherCallFn.Shared.forRun}), with {@link #llm}. */
  private final String runId;
  /** The completion test's held-out files, which no commit's rows or documents show; null: none. */
  private final HoldOutFiles.Rule heldOut;

  private ToHistoryRows(Settings settings, String cacheDir, TeacherSpec llm, String runId, HoldOutFiles.Rule heldOut) {
    this.settings = settings;
    this.cacheDir = cacheDir;
    this.llm = llm;
    this.runId = runId;
    this.heldOut = heldOut;
  }

  public static ToHistoryRows of(Settings settings) {
    return new ToHistoryRows(settings, null, null, null, null);
  }

  /**
   * Makes no rows of a commit that changes a file {@code rule} holds out (under its path before or after
   * the change): they would show an older version of the file, and the commit without the file is not
   * the change its message describes (jsoup: 70 of the 1,089 commits that gave rows). Each is a {@link Rejected} commit,
   * {@code held_out_file}.
   */
  public ToHistoryRows withHoldout(HoldOutFiles.Rule rule) {
    return new ToHistoryRows(settings, cacheDir, llm, runId, rule);
  }

  /**
   * Each commit's rows and documents cached under {@code dir} (any Beam file system) by commit, split and
   * settings: a rerun parses no commit's files again (JavaParser on both sides of every changed file is
   * most of this stage's time). Null for none.
   */
  public ToHistoryRows withCache(String dir) {
    return new ToHistoryRows(settings, dir, llm, runId, heldOut);
  }

  /**
   * Also asks {@code spec}'s teacher to rewrite each commit with a change or fix-with-test row as an issue
   * ({@link IssueRows}), calling under {@code runId}: the chunk path's, so one run has one budget and one
   * bound on calls in flight. A dry run asks nothing: it gives the calls it would make in {@link #ESTIMATES}.
   */
  public ToHistoryRows withTeacher(TeacherSpec spec, String runId) {
    java.util.Objects.requireNonNull(spec, "spec");
    java.util.Objects.requireNonNull(runId, "runId");
    return new ToHistoryRows(settings, cacheDir, spec, runId, heldOut);
  }

  @Override
  public PCollectionTuple expand(PCollection<ReadHistory.Change> changes) {
    boolean issues = llm != null;
    TupleTagList more = TupleTagList.of(DOCUMENTS).and(REJECTED).and(FAILED).and(TALLIES);
    PCollectionTuple out =
        changes.apply("Rows", ParDo.of(new RowsFn(settings, cacheDir, issues, heldOut))
            .withOutputTags(ROWS, issues ? more.and(ISSUE_ASKS) : more));
    out.get(ROWS).setCoder(SerializableCoder.of(HistoryRecord.class));
    out.get(DOCUMENTS).setCoder(SerializableCoder.of(CptRecord.class));
    out.get(REJECTED).setCoder(SerializableCoder.of(Rejected.class));
    out.get(FAILED).setCoder(SerializableCoder.of(Failed.class));
    out.get(TALLIES).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    if (!issues) {
      return out;
    }
    out.get(ISSUE_ASKS).setCoder(SerializableCoder.of(IssueRows.Ask.class));
    if (llm.dryRun()) {
      // a dry run calls nothing: it counts the issue calls a run would make, beside the chunk path's
      return out.and(ESTIMATES, IssueRows.estimate(out.get(ISSUE_ASKS), llm));
    }
    PCollectionTuple asked = out.get(ISSUE_ASKS).apply(IssueRows.STAGE, new IssueRows(settings, llm, runId));
    return PCollectionTuple.of(ROWS, Stages.flatten("FlattenRows", out.get(ROWS), asked.get(ROWS)))
        .and(DOCUMENTS, out.get(DOCUMENTS))
        .and(REJECTED, Stages.flatten("FlattenRejected", out.get(REJECTED), asked.get(REJECTED)))
        .and(FAILED, Stages.flatten("FlattenFailed", out.get(FAILED), asked.get(FAILED)))
        .and(TALLIES, Stages.flatten("FlattenTallies", out.get(TALLIES), asked.get(TALLIES)));
  }

  /**
   * The fingerprint of the code that turns a change into rows (the history library, the commit teacher,
   * the row types, this stage), so a changed drafter never replays stale rows from the cache.
   */
  private static final dev.repotune.extractors.CodeFingerprint CODE =
      new dev.repotune.extractors.CodeFingerprint(
          List.of("dev/repotune/prompts/", "dev/repotune/samples/", "dev/repotune/extractors/",
              "dev/repotune/pipeline/stages/"),
          List.of(CommitTeacher.class, HistoryRecord.class, dev.repotune.extractors.Chunk.class, ToHistoryRows.class));

  /** What a cached commit may hold: repotune's records, the JDK's lists and the tallies' map. */
  static final java.io.ObjectInputFilter CACHED = BeamCacheStore.only(java.util.Set.of("java.util.TreeMap"), "dev.repotune.");

  /** The stage's rows, rejected and failed commits and tallies, for the graph's bookkeeping. */
  public static StageResult<HistoryRecord> result(PCollectionTuple out) {
    return StageResult.of(out.get(ROWS), out.get(REJECTED), out.get(FAILED)).withTallies(out.get(TALLIES));
  }

  /**
   * The training texts the history adds, by repository, for the completion test's check that no held-out
   * middle is in training ({@link ToFimExamples#TRAINING_TEXTS}): each training row's question and answer,
   * and each commit document.
   */
  public static PTransform<PCollectionTuple, PCollection<KV<String, String>>> trainingTexts() {
    return new PTransform<>() {
      @Override
      public PCollection<KV<String, String>> expand(PCollectionTuple out) {
        return trainingTexts(out);
      }
    };
  }

  private static PCollection<KV<String, String>> trainingTexts(PCollectionTuple out) {
    PCollection<KV<String, String>> rows = out.get(ROWS).apply("RowTexts", ParDo.of(new DoFn<HistoryRecord, KV<String, String>>() {
      @ProcessElement
      public void process(@Element HistoryRecord r, OutputReceiver<KV<String, String>> texts) {
        if (r.meta().split().equals(Split.TRAIN)) {
          for (Message m : r.messages()) {
            if (!m.role().equals("system")) {
              texts.output(KV.of(r.meta().repo(), m.content()));
            }
          }
        }
      }
    }));
    PCollection<KV<String, String>> documents = out.get(DOCUMENTS).apply("DocumentTexts", ParDo.of(new DoFn<CptRecord, KV<String, String>>() {
      @ProcessElement
      public void process(@Element CptRecord d, OutputReceiver<KV<String, String>> texts) {
        texts.output(KV.of(d.meta().repo(), d.text()));
      }
    }));
    return PCollectionList.of(rows).and(documents).apply("Flatten", Flatten.pCollections())
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
  }

  /**
   * What one commit made, as the cache keeps it: its rows and documents, or why it made none, and its rows
   * too long for the context; with an LLM teacher also the redacted task the rows were asked of (null
   * otherwise), which the issue prompt needs.
   */
  record Made(List<HistoryRecord> rows, List<CptRecord> documents, Rejected rejected, List<Rejected> tooLong,
      TreeMap<String, Long> tallies, CommitTask task)
      implements Serializable {}

  /**
   * Where a row too long for {@code --context-tokens} is recorded: a stage name of its own, outside the
   * commit counts of {@link #STAGE} (the commit still made its other rows).
   */
  public static final String ROW_STAGE = "HistoryRows";

  /** The rejected row of {@code r} when it is longer than {@code contextTokens}; null when it fits. */
  static Rejected overContext(HistoryRecord r, int contextTokens) {
    long chars = 0;
    for (Message m : r.messages()) {
      chars += m.content().length();
    }
    long tokens = -1;
    if (chars <= 6L * contextTokens) {
      tokens = 0;
      for (Message m : r.messages()) {
        tokens += TokenCounter.count(m.content());
      }
    }
    if (tokens >= 0 && tokens <= contextTokens) {
      return null;
    }
    // a trainer cuts a row at its context: the answer, which comes last, would be lost
    return new Rejected(ROW_STAGE, "over_context",
        (tokens < 0 ? chars + " characters" : tokens + " tokens") + ", more than --context-tokens " + contextTokens
            + ": a trainer would cut off its answer",
        Stages.json("id", r.id(), "repo", r.meta().repo(), "commit", r.meta().commit(), "task", r.meta().task()));
  }

  /** One history row of {@code qa} about {@code t}: the offline teacher's and the issue rows alike. */
  static HistoryRecord row(CommitTask t, String split, String system, CommitQa qa) {
    CommitInfo info = t.commit();
    List<Message> messages = List.of(
        new Message("system", system), new Message("user", qa.question()), new Message("assistant", qa.answer()));
    String id = StableIds.of(qa.sourceId(), Integer.toString(qa.variant()), qa.question());
    return new HistoryRecord(id, messages,
        new HistoryRecord.Meta(t.repo(), info.id(), info.parent() == null ? "" : info.parent(),
            Instant.ofEpochSecond(info.epochSecond()).toString(), qa.task().wireName(),
            t.files().stream().map(FileChange::path).toList(), qa.symbol(), qa.teacher(), qa.promptVersion(),
            qa.execCandidate(), split));
  }

  /** Whether the commit's rows include one the issue prompt rewrites. */
  static boolean asksIssue(List<HistoryRecord> rows) {
    return rows.stream().anyMatch(r -> ISSUE_TASKS.contains(r.meta().task()));
  }

  private static final Set<String> ISSUE_TASKS = Set.of(TaskKind.CHANGE.wireName(), TaskKind.FIX_WITH_TEST.wireName());

  private static final class RowsFn extends DoFn<ReadHistory.Change, HistoryRecord> {
    private final Settings s;
    private final BeamCacheStore cache;
    /** Whether the commit's task goes on to the issue prompt (and so into the cache entry). */
    private final boolean issues;
    private final HoldOutFiles.Rule heldOut;
    private final Counter reused = Metrics.counter(ToHistoryRows.class, "reused");
    private final Counter heldOutCommits = Metrics.counter(ToHistoryRows.class, "held_out_commits");
    private final Counter millis = Metrics.counter(ToHistoryRows.class, "millis");
    private transient CommitTeacher teacher;
    private transient ModelProfile profile;
    private transient TextRedaction redaction;
    private transient TreeMap<String, Long> sums;

    RowsFn(Settings s, String cacheDir, boolean issues, HoldOutFiles.Rule heldOut) {
      this.s = s;
      this.issues = issues;
      this.heldOut = heldOut;
      this.cache = cacheDir == null || cacheDir.isEmpty() ? null : new BeamCacheStore(cacheDir, ".rows");
    }

    @Setup
    public void setup() {
      teacher = CommitTeacher.create(s.tasks(), s.variants(), s.seed());
      profile = ModelProfile.named(s.profile());
      redaction = new TextRedaction(s.keepEmails());
    }

    @StartBundle
    public void start() {
      sums = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element ReadHistory.Change c, MultiOutputReceiver out) {
      CommitInfo info = c.change().commit();
      sums.merge("stages." + STAGE + ".in", 1L, Long::sum);
      long t0 = System.nanoTime();
      try {
        emit(made(c, info), c.split(), out);
      } catch (RuntimeException | StackOverflowError e) {
        out.get(FAILED).output(new Failed(STAGE, Stages.oneLine(e), info.id(), 1));
      } finally {
        millis.inc((System.nanoTime() - t0) / 1_000_000);
      }
    }

    /** The commit's rows from the cache, else made and cached. */
    private Made made(ReadHistory.Change c, CommitInfo info) {
      String key = cache == null ? null
          : StableIds.of("history-rows", CODE.value(), teacher.promptVersion(), s.toString(), c.repo(),
              info.id(), c.split(), heldOut == null || !heldOut.holdsOut(c.repo()) ? "" : heldOut.toString());
      if (key != null) {
        Optional<Made> hit = cache.readObject(key, Made.class, CACHED);
        // an entry an offline run wrote has no task for the issue prompt: made again, with it
        if (hit.isPresent() && (!issues || hit.get().rejected() != null || hit.get().task() != null
            || !asksIssue(hit.get().rows()))) {
          reused.inc();
          return hit.get();
        }
      }
      Made m = make(c, info);
      if (key != null) {
        cache.writeObject(key, m);
      }
      return m;
    }

    private void emit(Made m, String split, MultiOutputReceiver out) {
      m.tallies().forEach((k, v) -> sums.merge(k, v, Long::sum));
      m.tooLong().forEach(out.get(REJECTED)::output);
      if (m.rejected() != null) {
        out.get(REJECTED).output(m.rejected());
        return;
      }
      sums.merge("stages." + STAGE + ".out", 1L, Long::sum);
      m.rows().forEach(out.get(ROWS)::output);
      m.documents().forEach(out.get(DOCUMENTS)::output);
      if (issues && asksIssue(m.rows())) {
        out.get(ISSUE_ASKS).output(new IssueRows.Ask(m.task(), split));
      }
    }

    private boolean isHeldOut(String repo, String path) {
      return path != null && heldOut.isHeldOut(repo, path, Languages.of(path));
    }

    private Made make(ReadHistory.Change c, CommitInfo raw) {
      TreeMap<String, Long> tallies = new TreeMap<>();
      TreeMap<String, Long> outer = sums;
      sums = tallies; // redact() and documents() count into this commit's own tallies, which the cache keeps
      try {
        return makeRows(c, raw);
      } finally {
        sums = outer;
      }
    }

    private Made makeRows(ReadHistory.Change c, CommitInfo raw) {
      String message = redact(raw.message());
      CommitInfo info = new CommitInfo(raw.id(), raw.parent(), raw.epochSecond(), message, raw.parents(), raw.botAuthor());
      List<FileChange> files = new ArrayList<>();
      List<MemberChange> members = new ArrayList<>();
      for (FileChange f : c.change().files()) {
        if (heldOut != null && (isHeldOut(c.repo(), f.oldPath()) || isHeldOut(c.repo(), f.newPath()))) {
          heldOutCommits.inc();
          return new Made(List.of(), List.of(), new Rejected(STAGE, "held_out_file",
              "the commit changes " + f.path() + ", a file held out for the completion test: its rows would show"
                  + " the file, and its diff without the file would not be the change its message describes",
              Stages.json("repo", c.repo(), "commit", info.id(), "subject", CommitMessages.subject(message),
                  "path", f.path())), List.of(), sums, null);
        }
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
        return new Made(List.of(), List.of(), new Rejected(STAGE, "no_history_task",
            "no history task applies: the change touches no main code a task asks about",
            Stages.json("repo", c.repo(), "commit", info.id(), "subject", task.subject())), List.of(), sums, null);
      }
      List<Rejected> tooLong = new ArrayList<>();
      List<HistoryRecord> rows = new ArrayList<>();
      List<CptRecord> documents = new ArrayList<>();
      String system = SystemPrompt.forRepo(c.repo());
      for (CommitQa qa : asked) {
        HistoryRecord r = row(task, c.split(), system, qa);
        Rejected over = overContext(r, s.contextTokens());
        if (over != null) {
          tooLong.add(over);
          continue;
        }
        rows.add(r);
      }
      if (Split.TRAIN.equals(c.split())) {
        documents(c.repo(), info, message, files, documents);
      }
      return new Made(rows, documents, null, tooLong, sums, issues && asksIssue(rows) ? task : null);
    }

    /** One CPT document per changed text file of a training commit, in the profile's commit format. */
    private void documents(String repo, CommitInfo info, String message, List<FileChange> files, List<CptRecord> out) {
      String msg = CommitMessages.subject(message)
          + (CommitMessages.body(message).isBlank() ? "" : "\n\n" + CommitMessages.body(message));
      for (FileChange f : files) {
        if (f.binary() || f.before() == null && f.after() == null) {
          continue;
        }
        long chars = (f.before() == null ? 0 : f.before().length()) + (f.after() == null ? 0 : f.after().length());
        if (chars > 6L * s.contextTokens()) {
          // code runs 3 to 4.5 characters a token in o200k_base: a text this long does not fit, and
          // counting it costs more than all the rest (jsoup: 1,500 such files, tens of millions of tokens)
          sums.merge("commit_documents.over_context", 1L, Long::sum);
          continue;
        }
        String text = profile.commitText(f.path(), f.before(), msg, f.after());
        int tokens = profile.tokens(text, TokenCounter::count);
        if (tokens > s.contextTokens()) {
          sums.merge("commit_documents.over_context", 1L, Long::sum);
          continue;
        }
        out.add(new CptRecord(StableIds.of(repo, info.id(), "commit", f.path(), s.profile()), text,
            new CptRecord.Meta(repo, info.id(), f.path(), Languages.of(f.path()), tokens)));
      }
    }

    private String redact(String text) {
      if (text == null || text.isEmpty()) {
        return text;
      }
      TextRedaction.Redacted r = redaction.redactCounted(text);
      if (r.total() > 0) {
        sums.merge("history_texts.redacted", (long) r.total(), Long::sum);
      }
      return r.text();
    }

    @FinishBundle
    public void finish(FinishBundleContext ctx) {
      sums.forEach((k, v) -> ctx.output(TALLIES, KV.of(k, v), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
      sums = null;
    }
  }
}
