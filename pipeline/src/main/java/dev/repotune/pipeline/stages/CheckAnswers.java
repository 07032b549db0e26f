package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.exec.AnswerPatch;
import dev.repotune.extractors.exec.BuiltCopy;
import dev.repotune.extractors.exec.SourceTrial;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.index.TestRef;
import dev.repotune.extractors.secrets.TextRedaction;
import dev.repotune.pipeline.coders.Packed;
import dev.repotune.prompts.TaskKind;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Message;
import dev.repotune.samples.PreferenceRecord;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.Split;
import dev.repotune.samples.SplitByFile;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 14: (with {@code --exec} and an LLM teacher) the repository's compiler and tests check the
 * teacher's code. An implement answer replaces the real method in its file and is compiled alone against
 * the built classes and run by the method's linked passing tests; a write-test answer is added to the
 * class of one of those tests, compiled and run, and must pass at the ref. An answer that does not
 * compile or fails is a rejected row ({@code does_not_compile}, {@code fails_tests}, with the error) and
 * the rejected side of a preference pair whose chosen side is the same answer with the repository's own
 * code (the real method, or the real test that passes). Other rows, and rows of repositories that did not
 * build, go on unchanged. Verdicts are cached by commit and answer.
 */
public final class CheckAnswers extends PTransform<PCollectionTuple, PCollectionTuple> {
  public static final String STAGE = "CheckAnswers";
  /** Input: the answered rows, and the indexed chunks they are about. */
  public static final TupleTag<SftRecord> ROWS = new TupleTag<>("answered_rows") {};
  public static final TupleTag<IndexedChunk> CHUNKS = new TupleTag<>("indexed_chunks") {};
  /** Output: the rows that go on (checked and passed, or not checkable), pairs, rejected rows. */
  public static final TupleTag<SftRecord> KEPT = new TupleTag<>("checked_rows") {};
  public static final TupleTag<PreferenceRecord> PAIRS = new TupleTag<>("answer_pairs") {};
  public static final TupleTag<Rejected> REJECTED = new TupleTag<>("answers_rejected") {};
  public static final TupleTag<Failed> FAILED = new TupleTag<>("answers_failed") {};
  public static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("answers_tallies") {};

  static final String VERSION = "answers-1";
  private static final Set<String> CHECKED_TASKS = Set.of(TaskKind.IMPLEMENT.wireName(), TaskKind.WRITE_TEST.wireName());

  public record Settings(long seed, int timeoutSeconds, boolean keepEmails) implements Serializable {}

  /** One packed element of a repository's group: a row to check or a chunk rows may be about. */
  record Item(SftRecord row, IndexedChunk chunk) implements Serializable {
    String repo() {
      return row != null ? row.meta().repo() : chunk.chunk().repo();
    }
  }

  private final List<TestMutants.Spec> specs;
  private final Settings settings;
  private final String execCacheDir;

  private CheckAnswers(List<TestMutants.Spec> specs, Settings settings, String execCacheDir) {
    if (!specs.isEmpty() && execCacheDir == null) {
      throw new IllegalArgumentException("repositories to check but no execution cache folder");
    }
    this.specs = List.copyOf(specs);
    this.settings = settings;
    this.execCacheDir = execCacheDir;
  }

  public static CheckAnswers of(List<TestMutants.Spec> specs, Settings settings, String execCacheDir) {
    return new CheckAnswers(specs, settings, execCacheDir);
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple in) {
    Set<String> repos = new TreeSet<>();
    specs.forEach(s -> repos.add(s.name()));
    TupleTag<Item> toCheck = new TupleTag<>() {};
    PCollectionTuple routed = in.get(ROWS).apply("RouteRows",
        ParDo.of(new RouteFn(repos, toCheck)).withOutputTags(KEPT, TupleTagList.of(toCheck)));
    routed.get(KEPT).setCoder(SerializableCoder.of(SftRecord.class));
    PCollection<Item> rows = routed.get(toCheck).setCoder(SerializableCoder.of(Item.class));
    PCollection<Item> chunks = in.get(CHUNKS).apply("MethodChunks", ParDo.of(new ChunkFn(repos)))
        .setCoder(SerializableCoder.of(Item.class));
    PCollectionTuple out =
        PCollectionList.of(rows).and(chunks).apply("FlattenItems", Flatten.pCollections())
            .apply("PackItems", ParDo.of(new Packed.PerKey<>(SerializableCoder.of(Item.class), Item::repo)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
            .apply("GroupRepo", GroupByKey.create())
            .apply("CompileAndTest", ParDo.of(new CheckFn(specs, settings, execCacheDir))
                .withOutputTags(KEPT, TupleTagList.of(PAIRS).and(REJECTED).and(FAILED).and(TALLIES)));
    out.get(KEPT).setCoder(SerializableCoder.of(SftRecord.class));
    out.get(PAIRS).setCoder(SerializableCoder.of(PreferenceRecord.class));
    out.get(REJECTED).setCoder(SerializableCoder.of(Rejected.class));
    out.get(FAILED).setCoder(SerializableCoder.of(Failed.class));
    out.get(TALLIES).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    PCollection<SftRecord> kept = PCollectionList.of(routed.get(KEPT)).and(out.get(KEPT))
        .apply("FlattenKept", Flatten.pCollections());
    return PCollectionTuple.of(KEPT, kept).and(PAIRS, out.get(PAIRS)).and(REJECTED, out.get(REJECTED))
        .and(FAILED, out.get(FAILED)).and(TALLIES, out.get(TALLIES));
  }

  private static final class RouteFn extends DoFn<SftRecord, SftRecord> {
    private final Set<String> repos;
    private final TupleTag<Item> toCheck;

    RouteFn(Set<String> repos, TupleTag<Item> toCheck) {
      this.repos = repos;
      this.toCheck = toCheck;
    }

    @ProcessElement
    public void process(@Element SftRecord r, MultiOutputReceiver out) {
      // every row of a checked repository, so the group sees all of a chunk's rows (see CheckFn#check)
      if (repos.contains(r.meta().repo())) {
        out.get(toCheck).output(new Item(r, null));
      } else {
        out.get(KEPT).output(r);
      }
    }
  }

  private static final class ChunkFn extends DoFn<IndexedChunk, Item> {
    private final Set<String> repos;

    ChunkFn(Set<String> repos) {
      this.repos = repos;
    }

    @ProcessElement
    public void process(@Element IndexedChunk ic, OutputReceiver<Item> out) {
      if (repos.contains(ic.chunk().repo()) && TaskKind.IMPLEMENT.llmApplies(ic)) {
        out.output(new Item(null, ic));
      }
    }
  }

  /** A check's verdict as the cache keeps it. */
  record Verdict(String verdict, String detail) implements Serializable {}

  static final ObjectInputFilter CACHED = BeamCacheStore.only(Set.of(), "dev.repotune.pipeline.stages.CheckAnswers$");

  private static final class CheckFn extends DoFn<KV<String, Iterable<byte[]>>, SftRecord> {
    private final Map<String, TestMutants.Spec> specs = new TreeMap<>();
    private final Settings s;
    private final String execCacheDir;
    private final BeamCacheStore cache;
    private final Counter checked = Metrics.counter(CheckAnswers.class, "checked");
    private final Counter reused = Metrics.counter(CheckAnswers.class, "reused");
    private transient TextRedaction redaction;

    CheckFn(List<TestMutants.Spec> specs, Settings s, String execCacheDir) {
      specs.forEach(x -> this.specs.put(x.name(), x));
      this.s = s;
      this.execCacheDir = execCacheDir;
      this.cache = execCacheDir == null ? null : new BeamCacheStore(Path.of(execCacheDir, "answers").toString(), ".verdict");
    }

    @Setup
    public void setup() {
      redaction = new TextRedaction(s.keepEmails());
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<byte[]>> repo, MultiOutputReceiver out) {
      TreeMap<String, Long> sums = new TreeMap<>();
      Map<String, IndexedChunk> chunks = new HashMap<>();
      List<SftRecord> rows = new ArrayList<>();
      for (Item i : Packed.unpackAll(SerializableCoder.of(Item.class), repo.getValue())) {
        if (i.row() != null) {
          rows.add(i.row());
        } else {
          chunks.put(i.chunk().chunk().id(), i.chunk());
        }
      }
      rows.sort(Comparator.comparing(SftRecord::id));
      try {
        check(specs.get(repo.getKey()), rows, chunks, out, sums);
      } finally {
        sums.forEach((k, v) -> out.get(TALLIES).output(KV.of(k, v)));
      }
    }

    private void check(TestMutants.Spec spec, List<SftRecord> rows, Map<String, IndexedChunk> chunks,
        MultiOutputReceiver out, TreeMap<String, Long> sums) {
      BuiltCopy.Settings settings = BuiltCopy.Settings.standard(Duration.ofSeconds(s.timeoutSeconds()));
      BuiltCopy.State state = BuiltCopy.ensure(BuiltCopy.folder(Path.of(execCacheDir), spec.name(), spec.commit()),
          Path.of(WorkerGit.localGitDir(spec.gitDir())), spec.commit(), settings);
      if (!state.ok()) {
        rows.forEach(out.get(KEPT)::output);
        sums.merge("answers.unchecked", (long) rows.size(), Long::sum);
        return;
      }
      SourceTrial trial = new SourceTrial(state.workCopy(), state.build(), BuiltCopy.testRun(state, settings));
      Set<String> answered = new TreeSet<>();
      Set<String> kept = new TreeSet<>();
      for (SftRecord r : rows) {
        answered.add(r.meta().chunkId());
        if (!CHECKED_TASKS.contains(r.meta().task())) {
          kept.add(r.meta().chunkId());
          out.get(KEPT).output(r);
          continue;
        }
        sums.merge("stages." + STAGE + ".in", 1L, Long::sum);
        IndexedChunk ic = chunks.get(r.meta().chunkId());
        try {
          Trial t = ic == null ? null : trial(r, ic, state);
          if (t == null) {
            // nothing to run it against (no code block, no method, no test class): it goes on as answered
            kept.add(r.meta().chunkId());
            sums.merge("stages." + STAGE + ".out", 1L, Long::sum);
            sums.merge("answers.unchecked", 1L, Long::sum);
            out.get(KEPT).output(r);
            continue;
          }
          Verdict v = verdict(spec, r, t, trial, settings);
          if (v.verdict().equals("PASSES")) {
            kept.add(r.meta().chunkId());
            sums.merge("stages." + STAGE + ".out", 1L, Long::sum);
            sums.merge("answers.passed." + r.meta().task(), 1L, Long::sum);
            out.get(KEPT).output(r);
            continue;
          }
          String reason = v.verdict().equals("DOES_NOT_COMPILE") ? "does_not_compile" : "fails_tests";
          sums.merge("answers." + reason + "." + r.meta().task(), 1L, Long::sum);
          out.get(REJECTED).output(new Rejected(STAGE, reason, redact(v.detail()),
              Stages.json("id", r.id(), "chunk", r.meta().chunkId(), "task", r.meta().task())));
          if (t.chosenCode() != null) {
            out.get(PAIRS).output(pair(r, t.chosenCode(), reason));
          }
        } catch (RuntimeException e) {
          out.get(FAILED).output(new Failed(STAGE, Stages.oneLine(e), r.id(), 1));
        }
      }
      // SftRows counts a chunk as answered when a row of it reaches it; one whose every row was rejected
      // here was answered too (the manifest holds chunks = answered + rejected + failed by AskTeacher)
      answered.removeAll(kept);
      if (!answered.isEmpty()) {
        sums.merge("chunks.answered", (long) answered.size(), Long::sum);
      }
    }

    /** What to run for a row: the path and new text of the file, the tests, and the repository's own code for it. */
    private Trial trial(SftRecord r, IndexedChunk ic, BuiltCopy.State state) {
      String answer = r.messages().get(r.messages().size() - 1).content();
      Optional<String> code = AnswerPatch.code(answer);
      if (code.isEmpty()) {
        return null;
      }
      Chunk chunk = ic.chunk();
      List<String> tests = TestMutants.linkedTests(ic, state.baseline().passing());
      if (r.meta().task().equals(TaskKind.IMPLEMENT.wireName())) {
        String file = read(state.workCopy(), chunk.path());
        if (file == null || !TestMutants.asWritten(file, chunk)) {
          return null;
        }
        Optional<String> patched = AnswerPatch.replaceMethod(file, chunk.startLine(), chunk.endLine(), code.get());
        return patched.map(p -> new Trial(chunk.path(), p, tests, chunk.text())).orElse(null);
      }
      // write-test: into the class of the first linked passing test, which is also the chosen answer
      for (TestRef t : ic.index().tests()) {
        String top = TestMutants.topLevelClass(t.path());
        String method = TestMutants.methodName(t.symbol());
        if (top == null || method == null || !tests.contains(top + "#" + method)) {
          continue;
        }
        String file = read(state.workCopy(), t.path());
        if (file == null) {
          continue;
        }
        Optional<AnswerPatch.AddedTest> added = AnswerPatch.addTest(file, code.get());
        if (added.isEmpty()) {
          return null;
        }
        return new Trial(t.path(), added.get().fileText(), List.of(top + "#" + added.get().methodName()), t.text());
      }
      return null;
    }

    private Verdict verdict(TestMutants.Spec spec, SftRecord r, Trial t, SourceTrial trial, BuiltCopy.Settings settings) {
      String key = StableIds.of(VERSION, spec.name(), spec.commit(), t.path(), t.fileText(), String.join(",", t.tests()),
          Integer.toString(s.timeoutSeconds()));
      Optional<Verdict> hit = cache.readObject(key, Verdict.class, CACHED);
      if (hit.isPresent()) {
        reused.inc();
        return hit.get();
      }
      SourceTrial.Outcome o = t.tests().isEmpty()
          ? trial.compileOnly(t.path(), t.fileText())
          : trial.run(t.path(), t.fileText(), t.tests(), settings.testLimits());
      String detail = switch (o.verdict()) {
        case DOES_NOT_COMPILE -> String.join("\n", o.compileErrors().subList(0, Math.min(3, o.compileErrors().size())));
        case FAILS_TESTS -> o.firstFailure().map(f -> f.key() + ": " + f.message()).orElse("a linked test did not run");
        case TIMED_OUT -> "its tests ran past --exec-timeout " + s.timeoutSeconds() + " s";
        case PASSES -> "";
      };
      Verdict v = new Verdict(o.verdict() == SourceTrial.Verdict.TIMED_OUT ? "FAILS_TESTS" : o.verdict().name(), detail);
      cache.writeObject(key, v);
      checked.inc();
      return v;
    }

    /** The row's prompt; chosen: its answer with the repository's own code in place of the teacher's. */
    private PreferenceRecord pair(SftRecord r, String realCode, String reason) {
      List<Message> prompt = r.messages().subList(0, r.messages().size() - 1);
      String answer = r.messages().get(r.messages().size() - 1).content();
      String chosen = replaceLastBlock(answer, realCode);
      SftRecord.Meta m = r.meta();
      return new PreferenceRecord(StableIds.of(r.id(), "preference", reason), prompt,
          List.of(new Message("assistant", chosen)), List.of(new Message("assistant", answer)),
          new PreferenceRecord.Meta(m.repo(), m.commit(), m.path(), m.symbol(), m.lines(), m.task(), reason, "", "",
              m.split()));
    }

    private String redact(String text) {
      return redaction.redact(text);
    }
  }

  /**
   * The pairs {@link #PAIRS} gave, split as the SFT rows of their file: the answered rows this step sees
   * have no split yet ({@link SftRows} decides it), so the pairs take it from the same plan afterwards.
   */
  public static ParDo.SingleOutput<PreferenceRecord, PreferenceRecord> split(PCollectionView<SplitByFile.Plan> plan) {
    return ParDo.of(new SplitFn(plan)).withSideInputs(plan);
  }

  private static final class SplitFn extends DoFn<PreferenceRecord, PreferenceRecord> {
    private final PCollectionView<SplitByFile.Plan> plan;

    SplitFn(PCollectionView<SplitByFile.Plan> plan) {
      this.plan = plan;
    }

    @ProcessElement
    public void process(@Element PreferenceRecord p, ProcessContext c) {
      PreferenceRecord.Meta m = p.meta();
      boolean test = c.sideInput(plan).testFiles().contains(SplitByFile.fileKey(m.repo(), m.path()));
      c.output(new PreferenceRecord(p.id(), p.prompt(), p.chosen(), p.rejected(),
          new PreferenceRecord.Meta(m.repo(), m.commit(), m.path(), m.symbol(), m.lines(), m.task(), m.rejectedBy(),
              m.mutation(), m.failingTest(), test ? Split.TEST : Split.TRAIN)));
    }
  }

  /** One answer's check: the file it changes, that file's new text, the tests, and the real code for it. */
  record Trial(String path, String fileText, List<String> tests, String chosenCode) {}

  private static String read(Path workCopy, String path) {
    try {
      return Files.readString(workCopy.resolve(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code answer} with its last fenced block's code replaced by {@code code}. */
  static String replaceLastBlock(String answer, String code) {
    int close = answer.lastIndexOf("```");
    int open = close > 0 ? answer.lastIndexOf("```", close - 1) : -1;
    if (open < 0) {
      return answer;
    }
    int body = answer.indexOf('\n', open);
    if (body < 0 || body > close) {
      return answer;
    }
    return answer.substring(0, body + 1) + code.strip() + "\n" + answer.substring(close);
  }
}
