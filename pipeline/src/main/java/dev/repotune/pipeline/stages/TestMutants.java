package dev.repotune.pipeline.stages;

import dev.repotune.extractors.Chunk;
import dev.repotune.extractors.ChunkKind;
import dev.repotune.extractors.CodeFacts;
import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.exec.BuiltCopy;
import dev.repotune.extractors.exec.Mutant;
import dev.repotune.extractors.exec.MutantCheck;
import dev.repotune.extractors.exec.MutationKind;
import dev.repotune.extractors.exec.Mutator;
import dev.repotune.extractors.exec.ShellCommands;
import dev.repotune.extractors.exec.SourceTrial;
import dev.repotune.extractors.exec.TestOutcome;
import dev.repotune.extractors.exec.TestRun;
import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.extractors.index.TestRef;
import dev.repotune.extractors.secrets.TextRedaction;
import dev.repotune.extractors.text.Lines;
import dev.repotune.pipeline.coders.Packed;
import dev.repotune.prompts.ExecTeacher;
import dev.repotune.prompts.FixBugTask;
import dev.repotune.prompts.QaPair;
import dev.repotune.prompts.SystemPrompt;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Message;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.PreferenceRecord;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.RlTask;
import dev.repotune.samples.Samples;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 16: (with {@code --exec}) the repository's own tests judge mutants of its methods. For each main
 * method whose index links it to tests that pass at the ref (the driver's baseline), a few
 * behaviour-breaking edits of its JavaParser tree ({@code extractors/exec/Mutator}) are compiled alone
 * against the built classes and checked by only those tests, on two threads. A mutant that compiles and
 * makes a test fail gives a {@code fix-bug} row ({@code exec/}) and a preference pair ({@code preference/}:
 * the implement question, the real method chosen, the mutant rejected); every method with passing tests
 * gives an RL task ({@code rl/}) whose reward is those tests. A mutant that survives, does not compile or
 * times out is a rejected row with its reason. Verdicts are cached by commit, file text and tests, so a
 * rerun runs nothing it ran before; rows split as the SFT rows of their file do.
 *
 * <p>One group per repository, its candidates packed (the DirectRunner copies a group's bag at every
 * bundle that touches it; see docs/architecture.md): the build is one folder, its checks one pool.
 */
public final class TestMutants extends PTransform<PCollection<IndexedChunk>, PCollectionTuple> {
  public static final String STAGE = "TestMutants";
  public static final TupleTag<SftRecord> ROWS = new TupleTag<>("exec_rows") {};
  public static final TupleTag<PreferenceRecord> PAIRS = new TupleTag<>("preference_pairs") {};
  public static final TupleTag<RlTask> TASKS = new TupleTag<>("rl_tasks") {};
  public static final TupleTag<Rejected> REJECTED = new TupleTag<>("mutants_rejected") {};
  public static final TupleTag<Failed> FAILED = new TupleTag<>("mutants_failed") {};
  public static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("mutants_tallies") {};

  /** Mutants of one method at most: more from one method teach one bug many times. */
  static final int PER_METHOD = 2;

  /** The version of how mutants are made and judged, in every verdict's cache key. */
  static final String VERSION = "mutants-1";

  /** A repository to check: where its git folder is and the commit its built copy is of. */
  public record Spec(String name, String gitDir, String commit) implements Serializable {}

  public record Settings(int maxMutants, long seed, int timeoutSeconds, int threads, boolean keepEmails)
      implements Serializable {}

  private final List<Spec> specs;
  private final Settings settings;
  private final String execCacheDir;
  private final PCollectionView<SplitByFile.Plan> plan;

  private TestMutants(List<Spec> specs, Settings settings, String execCacheDir, PCollectionView<SplitByFile.Plan> plan) {
    if (!specs.isEmpty() && execCacheDir == null) {
      throw new IllegalArgumentException("repositories to check but no execution cache folder");
    }
    this.specs = List.copyOf(specs);
    this.settings = settings;
    this.execCacheDir = execCacheDir;
    this.plan = plan;
  }

  /** Checks the repositories in {@code specs} (those whose build the driver saw succeed); rows split by {@code plan}. */
  public static TestMutants of(List<Spec> specs, Settings settings, String execCacheDir,
      PCollectionView<SplitByFile.Plan> plan) {
    return new TestMutants(specs, settings, execCacheDir, plan);
  }

  @Override
  public PCollectionTuple expand(PCollection<IndexedChunk> input) {
    Set<String> repos = new TreeSet<>();
    specs.forEach(s -> repos.add(s.name()));
    PCollectionTuple out =
        input
            .apply("Candidates", ParDo.of(new CandidateFn(repos)))
            .setCoder(SerializableCoder.of(IndexedChunk.class))
            .apply("PackCandidates",
                ParDo.of(new Packed.PerKey<>(SerializableCoder.of(IndexedChunk.class), ic -> ic.chunk().repo())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), org.apache.beam.sdk.coders.ByteArrayCoder.of()))
            .apply("GroupRepo", GroupByKey.create())
            .apply("MutateAndTest",
                ParDo.of(new RepoFn(specs, settings, execCacheDir, plan))
                    .withSideInputs(plan)
                    .withOutputTags(ROWS, TupleTagList.of(PAIRS).and(TASKS).and(REJECTED).and(FAILED).and(TALLIES)));
    out.get(ROWS).setCoder(SerializableCoder.of(SftRecord.class));
    out.get(PAIRS).setCoder(SerializableCoder.of(PreferenceRecord.class));
    out.get(TASKS).setCoder(SerializableCoder.of(RlTask.class));
    out.get(REJECTED).setCoder(SerializableCoder.of(Rejected.class));
    out.get(FAILED).setCoder(SerializableCoder.of(Failed.class));
    out.get(TALLIES).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return out;
  }

  /** Whether a chunk is a main method with a body and linked tests: what a mutant and an RL task need. */
  static boolean isCandidate(IndexedChunk ic) {
    Chunk c = ic.chunk();
    CodeFacts f = c.facts();
    return c.kind() == ChunkKind.METHOD && "java".equals(c.language()) && !f.isEmpty() && !f.isTest()
        && f.bodyLines() > 0 && !ic.index().tests().isEmpty()
        && (f.declarationKind().equals("method") || f.declarationKind().equals("constructor"));
  }

  private static final class CandidateFn extends DoFn<IndexedChunk, IndexedChunk> {
    private final Set<String> repos;

    CandidateFn(Set<String> repos) {
      this.repos = repos;
    }

    @ProcessElement
    public void process(@Element IndexedChunk ic, OutputReceiver<IndexedChunk> out) {
      if (repos.contains(ic.chunk().repo()) && isCandidate(ic)) {
        out.output(ic);
      }
    }
  }

  /** What a check found, as the cache keeps it: the verdict's name and the failing test, or the error. */
  /** The linked tests of a method that pass by themselves on the file as written (a cache entry). */
  record Alone(List<String> passing) implements Serializable {
    Alone {
      passing = List.copyOf(passing);
    }
  }

  record Verdict(String verdict, String killedBy, String message, String compileError, long millis)
      implements Serializable {
    boolean killed() {
      return "FAILS_TESTS".equals(verdict) && !killedBy.isEmpty();
    }

    /** The rejected row's reason for a mutant that was not killed. */
    String reason() {
      return switch (verdict) {
        case "DOES_NOT_COMPILE" -> "does_not_compile";
        case "TIMED_OUT" -> "timed_out";
        case "PASSES" -> "survived";
        default -> "no_failing_test";
      };
    }
  }

  static final ObjectInputFilter CACHED = BeamCacheStore.only(Set.of(), "dev.repotune.pipeline.stages.TestMutants$");

  /** The passing tests a chunk's index links it to, as launcher selectors ({@code pkg.Class#method}), in order. */
  static List<String> linkedTests(IndexedChunk ic, Set<String> passing) {
    Set<String> out = new LinkedHashSet<>();
    for (TestRef t : ic.index().tests()) {
      String method = methodName(t.symbol());
      String top = topLevelClass(t.path());
      if (method == null || top == null) {
        continue;
      }
      for (String key : passing) {
        int hash = key.indexOf('#');
        String cls = key.substring(0, hash);
        String name = key.substring(hash + 1);
        int paren = name.indexOf('(');
        String m = paren >= 0 ? name.substring(0, paren) : name;
        int bracket = m.indexOf('[');
        m = bracket >= 0 ? m.substring(0, bracket) : m;
        boolean sameClass = cls.equals(top) || cls.startsWith(top + "$")
            || cls.equals(top + "." + simpleClassOf(t.symbol()));
        if (sameClass && m.equals(method)) {
          out.add(cls + "#" + m);
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** {@code bar} of {@code FooTest.bar()} or {@code FooTest.Inner.bar(int)}. */
  static String methodName(String symbol) {
    int paren = symbol.indexOf('(');
    String head = paren >= 0 ? symbol.substring(0, paren) : symbol;
    int dot = head.lastIndexOf('.');
    return dot >= 0 ? head.substring(dot + 1) : null;
  }

  private static String simpleClassOf(String symbol) {
    int paren = symbol.indexOf('(');
    String head = paren >= 0 ? symbol.substring(0, paren) : symbol;
    int dot = head.lastIndexOf('.');
    String cls = dot >= 0 ? head.substring(0, dot) : head;
    int inner = cls.lastIndexOf('.');
    return inner >= 0 ? cls.substring(inner + 1) : cls;
  }

  /**
   * The top-level class a test file declares, from its path under a Java source root ({@code
   * src/test/java/org/x/FooTest.java} gives {@code org.x.FooTest}); null for a path not under one.
   */
  static String topLevelClass(String path) {
    if (!path.endsWith(".java")) {
      return null;
    }
    String p = path.substring(0, path.length() - ".java".length());
    int root = p.lastIndexOf("/java/");
    if (root >= 0) {
      return p.substring(root + "/java/".length()).replace('/', '.');
    }
    if (p.startsWith("src/") || p.startsWith("test/")) {
      return p.substring(p.indexOf('/') + 1).replace('/', '.');
    }
    return null;
  }

  /**
   * Whether the method's lines in the work copy are the chunk's text: nothing in them was redacted. Lines
   * as JavaParser numbers them ({@link Lines}), which the chunk's span is in.
   */
  static boolean asWritten(String fileText, Chunk c) {
    String[] lines = Lines.split(fileText);
    if (c.endLine() > lines.length || c.startLine() < 1) {
      return false;
    }
    return Lines.join(lines, c.startLine(), c.endLine()).strip().equals(c.text().strip());
  }

  private static final class RepoFn extends DoFn<KV<String, Iterable<byte[]>>, SftRecord> {
    private final Map<String, Spec> specs = new TreeMap<>();
    private final Settings s;
    private final String execCacheDir;
    private final PCollectionView<SplitByFile.Plan> planView;
    private final BeamCacheStore cache;
    private final Counter checked = Metrics.counter(TestMutants.class, "checked");
    private final Counter judged = Metrics.counter(TestMutants.class, "mutants");
    private final Counter reused = Metrics.counter(TestMutants.class, "reused");
    private final Counter millis = Metrics.counter(TestMutants.class, "millis");
    private transient ExecTeacher teacher;
    private transient TextRedaction redaction;

    RepoFn(List<Spec> specs, Settings s, String execCacheDir, PCollectionView<SplitByFile.Plan> planView) {
      specs.forEach(x -> this.specs.put(x.name(), x));
      this.s = s;
      this.execCacheDir = execCacheDir;
      this.planView = planView;
      this.cache = execCacheDir == null ? null : new BeamCacheStore(Path.of(execCacheDir, "verdicts").toString(), ".verdict");
    }

    @Setup
    public void setup() {
      teacher = ExecTeacher.create(s.seed());
      redaction = new TextRedaction(s.keepEmails());
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<byte[]>> repo, ProcessContext c) {
      long t0 = System.nanoTime();
      TreeMap<String, Long> sums = new TreeMap<>();
      Spec spec = specs.get(repo.getKey());
      List<IndexedChunk> candidates = new ArrayList<>(
          Packed.unpackAll(SerializableCoder.of(IndexedChunk.class), repo.getValue()));
      candidates.sort(Comparator.comparing(ic -> ic.chunk().id()));
      try {
        check(spec, candidates, c.sideInput(planView), c, sums);
      } catch (RuntimeException e) {
        c.output(FAILED, new Failed(STAGE, Stages.oneLine(e), repo.getKey(), 1));
        sums.merge("stages." + STAGE + ".in", 1L, Long::sum);
      } finally {
        millis.inc((System.nanoTime() - t0) / 1_000_000);
        sums.forEach((k, v) -> c.output(TALLIES, KV.of(k, v)));
      }
    }

    private void check(Spec spec, List<IndexedChunk> candidates, SplitByFile.Plan plan, ProcessContext c,
        TreeMap<String, Long> sums) {
      BuiltCopy.Settings settings = BuiltCopy.Settings.standard(Duration.ofSeconds(s.timeoutSeconds()));
      BuiltCopy.State state = BuiltCopy.ensure(BuiltCopy.folder(Path.of(execCacheDir), spec.name(), spec.commit()),
          Path.of(WorkerGit.localGitDir(spec.gitDir())), spec.commit(), settings);
      if (!state.ok()) {
        sums.merge("mutants.repositories_not_built", 1L, Long::sum);
        return;
      }
      Set<String> passing = state.baseline().passing();
      TestRun run = BuiltCopy.testRun(state, settings);
      SourceTrial trial = new SourceTrial(state.workCopy(), state.build(), run);
      int budget = s.maxMutants();
      Map<MutationKind, Integer> used = new java.util.EnumMap<>(MutationKind.class);
      List<Tested> tested = new ArrayList<>();
      for (IndexedChunk ic : candidates) {
        Chunk chunk = ic.chunk();
        List<String> tests = linkedTests(ic, passing);
        if (tests.isEmpty()) {
          sums.merge("mutants.methods_without_passing_tests", 1L, Long::sum);
          continue;
        }
        String file;
        try {
          file = Files.readString(state.workCopy().resolve(chunk.path()), StandardCharsets.UTF_8);
        } catch (IOException e) {
          sums.merge("mutants.methods_unreadable", 1L, Long::sum);
          continue;
        }
        if (!asWritten(file, chunk)) {
          // a redacted method is not the code the tests ran: no row may show it
          sums.merge("mutants.methods_redacted", 1L, Long::sum);
          continue;
        }
        tested.add(new Tested(ic, file, tests));
      }
      List<List<String>> alone = passingAlone(spec, tested, trial, settings);
      for (int t = 0; t < tested.size(); t++) {
        IndexedChunk ic = tested.get(t).ic();
        String file = tested.get(t).file();
        Chunk chunk = ic.chunk();
        List<String> tests = alone.get(t);
        if (tests.isEmpty()) {
          // they pass in the whole suite, not by themselves (an order-dependent static, say): a reward
          // function runs them by themselves, so they judge nothing here
          sums.merge("mutants.methods_whose_tests_fail_alone", 1L, Long::sum);
          continue;
        }
        if (tests.size() < tested.get(t).tests().size()) {
          sums.merge("mutants.tests_failing_alone", (long) (tested.get(t).tests().size() - tests.size()), Long::sum);
        }
        sums.merge("mutants.methods_with_tests", 1L, Long::sum);
        String split = plan.testFiles().contains(SplitByFile.fileKey(chunk.repo(), chunk.path())) ? Split.TEST : Split.TRAIN;
        QaPair implement = teacher.implementPair(ic);
        if (implement != null) {
          c.output(TASKS, rlTask(ic, implement, tests, state, split));
        }
        if (budget <= 0) {
          continue;
        }
        List<Mutant> all = Mutator.mutants(file, chunk.startLine(), chunk.endLine());
        sums.merge("mutants.made", (long) all.size(), Long::sum);
        List<Mutant> chosen = spread(all, Math.min(PER_METHOD, budget), s.seed() ^ chunk.id().hashCode(), used);
        chosen.forEach(m -> used.merge(m.kind(), 1, Integer::sum));
        budget -= chosen.size();
        List<Verdict> verdicts = verdicts(spec, chunk.path(), chosen, tests, trial, settings, sums);
        for (int i = 0; i < chosen.size(); i++) {
          emit(ic, implement, chosen.get(i), verdicts.get(i), split, c, sums);
        }
      }
    }

    /** A method with linked passing tests, and its file as written. */
    private record Tested(IndexedChunk ic, String file, List<String> tests) {}

    /**
     * Of each method's linked tests, those that pass when only they run against the unchanged file: the
     * baseline ran the whole suite, and a test can pass there only because another one ran first. An rl
     * task's reward and a mutant's kill are judged by the method's tests alone, so only those count.
     * Cached like the verdicts; checked on {@code threads} threads.
     */
    private List<List<String>> passingAlone(Spec spec, List<Tested> tested, SourceTrial trial,
        BuiltCopy.Settings settings) {
      List<List<String>> out = new ArrayList<>();
      java.util.Map<Integer, java.util.concurrent.Future<SourceTrial.Outcome>> running = new java.util.TreeMap<>();
      String[] keys = new String[tested.size()];
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
          Math.max(1, s.threads()), r -> {
            Thread th = new Thread(r, "repotune-tests-alone");
            th.setDaemon(true);
            return th;
          });
      try {
        for (int i = 0; i < tested.size(); i++) {
          Tested t = tested.get(i);
          keys[i] = StableIds.of(VERSION, "alone", spec.name(), spec.commit(), t.ic().chunk().path(), t.file(),
              String.join(",", t.tests()), Integer.toString(s.timeoutSeconds()));
          Optional<Alone> hit = cache.readObject(keys[i], Alone.class, CACHED);
          if (hit.isPresent()) {
            out.add(hit.get().passing());
            reused.inc();
          } else {
            out.add(null);
            running.put(i, pool.submit(() -> trial.run(t.ic().chunk().path(), t.file(), t.tests(), settings.testLimits())));
          }
        }
        for (java.util.Map.Entry<Integer, java.util.concurrent.Future<SourceTrial.Outcome>> e : running.entrySet()) {
          SourceTrial.Outcome o = e.getValue().get();
          List<String> passing = new ArrayList<>();
          if (o.verdict() == SourceTrial.Verdict.PASSES || o.verdict() == SourceTrial.Verdict.FAILS_TESTS) {
            Set<String> failed = new java.util.HashSet<>();
            Set<String> ran = new java.util.HashSet<>();
            for (TestOutcome r : o.tests()) {
              ran.add(r.selector());
              if (r.status() == TestOutcome.Status.FAILED || r.status() == TestOutcome.Status.ERRORED) {
                failed.add(r.selector());
              }
            }
            for (String test : tested.get(e.getKey()).tests()) {
              if (ran.contains(test) && !failed.contains(test)) {
                passing.add(test);
              }
            }
          }
          out.set(e.getKey(), List.copyOf(passing));
          if (o.verdict() != SourceTrial.Verdict.TIMED_OUT) {
            cache.writeObject(keys[e.getKey()], new Alone(List.copyOf(passing)));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while running tests alone", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
      return out;
    }

    /** The verdict of each mutant, from the cache or checked now (on {@code threads} threads). */
    private List<Verdict> verdicts(Spec spec, String path, List<Mutant> mutants, List<String> tests, SourceTrial trial,
        BuiltCopy.Settings settings, TreeMap<String, Long> sums) {
      Verdict[] out = new Verdict[mutants.size()];
      List<Mutant> toCheck = new ArrayList<>();
      List<Integer> where = new ArrayList<>();
      String[] keys = new String[mutants.size()];
      for (int i = 0; i < mutants.size(); i++) {
        keys[i] = StableIds.of(VERSION, spec.name(), spec.commit(), path, mutants.get(i).fileText(), String.join(",", tests),
            Integer.toString(s.timeoutSeconds()));
        Optional<Verdict> hit = cache.readObject(keys[i], Verdict.class, CACHED);
        if (hit.isPresent()) {
          out[i] = hit.get();
          reused.inc();
        } else {
          toCheck.add(mutants.get(i));
          where.add(i);
        }
      }
      if (!toCheck.isEmpty()) {
        List<MutantCheck.Checked> done =
            MutantCheck.checkAll(trial, path, toCheck, tests, settings.testLimits(), s.threads());
        for (int j = 0; j < done.size(); j++) {
          MutantCheck.Checked ch = done.get(j);
          SourceTrial.Outcome o = ch.outcome();
          Verdict v = new Verdict(o.verdict().name(), ch.killed() ? ch.killedBy() : "",
              ch.killed() ? ch.message() : "", String.join("\n", o.compileErrors()), o.millis());
          out[where.get(j)] = v;
          cache.writeObject(keys[where.get(j)], v);
          checked.inc();
        }
      }
      for (Verdict v : out) {
        sums.merge("mutants.checked", 1L, Long::sum);
        if (!"DOES_NOT_COMPILE".equals(v.verdict())) {
          sums.merge("mutants.compiled", 1L, Long::sum);
        }
      }
      return List.of(out);
    }

    private void emit(IndexedChunk ic, QaPair implement, Mutant m, Verdict v, String split, ProcessContext c,
        TreeMap<String, Long> sums) {
      Chunk chunk = ic.chunk();
      sums.merge("stages." + STAGE + ".in", 1L, Long::sum);
      judged.inc();
      String record = Stages.json("chunk", chunk.id(), "repo", chunk.repo(), "path", chunk.path(), "symbol",
          chunk.symbol(), "mutation", m.kind().wireName(), "line", m.line());
      if (!v.killed()) {
        String detail = switch (v.reason()) {
          case "survived" -> "the method's linked tests all pass with " + m.description();
          case "does_not_compile" -> redact(firstLines(v.compileError(), 3));
          case "timed_out" -> "its tests ran past --exec-timeout " + s.timeoutSeconds() + " s";
          default -> "no test failed";
        };
        c.output(REJECTED, new Rejected(STAGE, v.reason(), detail, record));
        return;
      }
      sums.merge("stages." + STAGE + ".out", 1L, Long::sum);
      sums.merge("mutants.killed", 1L, Long::sum);
      sums.merge("mutants.killed_by_kind." + m.kind().wireName(), 1L, Long::sum);
      String message = redact(v.message());
      String testText = testText(ic, v.killedBy());
      FixBugTask task = new FixBugTask(chunk.repo(), chunk.path(), chunk.symbol(), chunk.facts().enclosingType(),
          chunk.text(), m.methodText(), m.kind().wireName(), v.killedBy(), message, testText);
      QaPair asked = teacher.fixBug(task);
      // the row is the chunk's, as every SFT-shaped row is (its id and the nothing-lost accounting)
      QaPair fix = new QaPair(chunk.id(), asked.taskKind(), asked.question(), asked.answer(), asked.teacher(),
          asked.promptVersion());
      c.output(ROWS, Samples.sft(fix, chunk, SystemPrompt.forRepo(chunk.repo()), split));
      String rejected = implement == null ? null : teacher.implementAnswer(ic, m.methodText());
      if (rejected != null) {
        c.output(PAIRS, pair(ic, implement, rejected, m, v, split));
      }
    }

    private PreferenceRecord pair(IndexedChunk ic, QaPair implement, String rejectedAnswer, Mutant m, Verdict v,
        String split) {
      Chunk chunk = ic.chunk();
      List<Message> prompt = List.of(new Message("system", SystemPrompt.forRepo(chunk.repo())),
          new Message("user", implement.question()));
      List<Message> chosen = List.of(new Message("assistant", implement.answer()));
      List<Message> rejected = List.of(new Message("assistant", rejectedAnswer));
      String id = StableIds.of(chunk.id(), "preference", m.fileText());
      return new PreferenceRecord(id, prompt, chosen, rejected,
          new PreferenceRecord.Meta(chunk.repo(), chunk.commit(), chunk.path(), chunk.symbol(),
              chunk.startLine() + "-" + chunk.endLine(), implement.taskKind().wireName(), PreferenceRecord.BY_MUTANT,
              m.kind().wireName(),
              v.killedBy(), split));
    }

    private RlTask rlTask(IndexedChunk ic, QaPair implement, List<String> tests, BuiltCopy.State state, String split) {
      Chunk chunk = ic.chunk();
      List<Message> prompt = List.of(new Message("system", SystemPrompt.forRepo(chunk.repo())),
          new Message("user", implement.question()));
      String id = StableIds.of(chunk.id(), "rl");
      RlTask.GroundTruth truth = new RlTask.GroundTruth(chunk.repo(), chunk.commit(), chunk.path(), chunk.symbol(),
          chunk.startLine(), chunk.endLine(), tests, ShellCommands.build(state.workCopy()),
          ShellCommands.test(ShellCommands.launcherVersion(state.build()), List.of(), tests));
      // verl numbers rows; a number of the id is distinct across repositories and workers alike
      long index = Long.parseLong(id.substring(0, 15), 16);
      return new RlTask(id, RlTask.dataSource(chunk.repo()), prompt, RlTask.ABILITY, RlTask.STYLE, truth.json(),
          new RlTask.ExtraInfo(split, index, chunk.repo(), chunk.commit(), chunk.path(), chunk.symbol(), chunk.text()));
    }

    private String redact(String text) {
      return redaction.redact(text);
    }
  }

  /**
   * At most {@code max} mutants of one method, of different kinds, the kinds this repository has had least
   * first (ties in {@link Mutator#choose}'s seeded order): otherwise the kind almost every method allows
   * (a different return constant) fills the rows. A return of a constant in a method whose body is that
   * one statement is left out: its fix is the whole body, which the request does not show.
   */
  static List<Mutant> spread(List<Mutant> all, int max, long seed, Map<MutationKind, Integer> used) {
    List<Mutant> order = new ArrayList<>(Mutator.choose(all, all.size(), seed));
    order.removeIf(Mutator::replacesWholeBody);
    order.sort(Comparator.comparingInt(m -> used.getOrDefault(m.kind(), 0)));
    List<Mutant> out = new ArrayList<>();
    Set<MutationKind> kinds = java.util.EnumSet.noneOf(MutationKind.class);
    for (Mutant m : order) {
      if (out.size() < max && kinds.add(m.kind())) {
        out.add(m);
      }
    }
    return out;
  }

  /** The failing test's source as the index holds it (already redacted), or empty. */
  static String testText(IndexedChunk ic, String key) {
    if (key == null || key.isEmpty()) {
      return "";
    }
    String cls = key.substring(0, key.indexOf('#'));
    String name = key.substring(key.indexOf('#') + 1);
    int paren = name.indexOf('(');
    String method = paren >= 0 ? name.substring(0, paren) : name;
    for (TestRef t : ic.index().tests()) {
      String top = topLevelClass(t.path());
      if (method.equals(methodName(t.symbol())) && top != null && (cls.equals(top) || cls.startsWith(top + "$"))) {
        return t.text();
      }
    }
    return "";
  }

  private static String firstLines(String text, int n) {
    String[] lines = text.split("\n");
    return String.join("\n", java.util.Arrays.asList(lines).subList(0, Math.min(n, lines.length)));
  }
}
