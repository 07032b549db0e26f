package dev.repotune.pipeline.stages;

import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.exec.BuiltCopy;
import dev.repotune.extractors.exec.FixReplay;
import dev.repotune.extractors.history.CommitInfo;
import dev.repotune.extractors.history.FileChange;
import dev.repotune.extractors.secrets.TextRedaction;
import dev.repotune.pipeline.coders.Packed;
import dev.repotune.samples.Failed;
import dev.repotune.samples.InstanceRecord;
import dev.repotune.samples.Rejected;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 10: (with {@code --exec}) history commits that change a test and main code, replayed as SWE-bench
 * does: the commit's tests run at its parent with only the test change applied, then at the commit
 * ({@code extractors/exec/FixReplay}); a commit with a test that fails before and passes after is an
 * instance ({@code instances/}, split as its history rows are). The newest {@code --max-instances}
 * candidates of each repository are replayed (each costs two builds); every other outcome is a rejected
 * row with its reason. A replay's result is cached by commit, so a rerun builds nothing twice.
 */
public final class ReplayFixes extends PTransform<PCollection<ReadHistory.Change>, PCollectionTuple> {
  public static final String STAGE = "ReplayFixes";
  public static final TupleTag<InstanceRecord> INSTANCES = new TupleTag<>("instances") {};
  public static final TupleTag<Rejected> REJECTED = new TupleTag<>("replay_rejected") {};
  public static final TupleTag<Failed> FAILED = new TupleTag<>("replay_failed") {};
  public static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("replay_tallies") {};

  static final String VERSION = "replay-1";
  /** Replays at once: each is a Maven build at a time, so two fill the two cores this runs on. */
  static final int THREADS = 2;

  /** A repository to replay: its git folder. */
  public record Spec(String name, String gitDir) implements Serializable {}

  public record Settings(int maxInstances, int timeoutSeconds, boolean keepEmails) implements Serializable {}

  private final List<Spec> specs;
  private final Settings settings;
  private final String execCacheDir;

  private ReplayFixes(List<Spec> specs, Settings settings, String execCacheDir) {
    if (!specs.isEmpty() && execCacheDir == null) {
      throw new IllegalArgumentException("repositories to replay but no execution cache folder");
    }
    this.specs = List.copyOf(specs);
    this.settings = settings;
    this.execCacheDir = execCacheDir;
  }

  public static ReplayFixes of(List<Spec> specs, Settings settings, String execCacheDir) {
    return new ReplayFixes(specs, settings, execCacheDir);
  }

  @Override
  public PCollectionTuple expand(PCollection<ReadHistory.Change> input) {
    Set<String> repos = new TreeSet<>();
    specs.forEach(s -> repos.add(s.name()));
    PCollectionTuple out =
        input
            .apply("Candidates", ParDo.of(new CandidateFn(repos)))
            .setCoder(SerializableCoder.of(ReadHistory.Change.class))
            .apply("PackCandidates",
                ParDo.of(new Packed.PerKey<>(SerializableCoder.of(ReadHistory.Change.class), ReadHistory.Change::repo)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
            .apply("GroupRepo", GroupByKey.create())
            .apply("Replay", ParDo.of(new ReplayFn(specs, settings, execCacheDir))
                .withOutputTags(INSTANCES, TupleTagList.of(REJECTED).and(FAILED).and(TALLIES)));
    out.get(INSTANCES).setCoder(SerializableCoder.of(InstanceRecord.class));
    out.get(REJECTED).setCoder(SerializableCoder.of(Rejected.class));
    out.get(FAILED).setCoder(SerializableCoder.of(Failed.class));
    out.get(TALLIES).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    return out;
  }

  /** A change of a test file and of another file: what a replay needs (FixReplay decides finally). */
  static boolean isCandidate(ReadHistory.Change c) {
    if (c.change().overCap() != null || c.change().commit().parent() == null) {
      return false;
    }
    boolean test = false;
    boolean fix = false;
    for (FileChange f : c.change().files()) {
      if (FixReplay.isTestPath(f.path())) {
        test |= f.path().endsWith(".java");
      } else {
        fix = true;
      }
    }
    return test && fix;
  }

  private static final class CandidateFn extends DoFn<ReadHistory.Change, ReadHistory.Change> {
    private final Set<String> repos;

    CandidateFn(Set<String> repos) {
      this.repos = repos;
    }

    @ProcessElement
    public void process(@Element ReadHistory.Change c, OutputReceiver<ReadHistory.Change> out) {
      if (repos.contains(c.repo()) && isCandidate(c)) {
        out.output(c);
      }
    }
  }

  static final ObjectInputFilter CACHED = BeamCacheStore.only(Set.of(), "dev.repotune.extractors.exec.");

  private static final class ReplayFn extends DoFn<KV<String, Iterable<byte[]>>, InstanceRecord> {
    private final Map<String, Spec> specs = new TreeMap<>();
    private final Settings s;
    private final String execCacheDir;
    private final BeamCacheStore cache;
    private final Counter replayed = Metrics.counter(ReplayFixes.class, "replayed");
    private final Counter commits = Metrics.counter(ReplayFixes.class, "commits");
    private final Counter reused = Metrics.counter(ReplayFixes.class, "reused");
    private final Counter millis = Metrics.counter(ReplayFixes.class, "millis");
    private transient TextRedaction redaction;

    ReplayFn(List<Spec> specs, Settings s, String execCacheDir) {
      specs.forEach(x -> this.specs.put(x.name(), x));
      this.s = s;
      this.execCacheDir = execCacheDir;
      this.cache = execCacheDir == null ? null : new BeamCacheStore(Path.of(execCacheDir, "replays").toString(), ".replay");
    }

    @Setup
    public void setup() {
      redaction = new TextRedaction(s.keepEmails());
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<byte[]>> repo, MultiOutputReceiver out) {
      long t0 = System.nanoTime();
      TreeMap<String, Long> sums = new TreeMap<>();
      Spec spec = specs.get(repo.getKey());
      List<ReadHistory.Change> changes =
          new ArrayList<>(Packed.unpackAll(SerializableCoder.of(ReadHistory.Change.class), repo.getValue()));
      // newest first, then by id: the same --max-instances commits whatever order they came in
      changes.sort(Comparator.comparingLong((ReadHistory.Change c) -> -c.change().commit().epochSecond())
          .thenComparing(c -> c.change().commit().id()));
      sums.merge("replays.candidates", (long) changes.size(), Long::sum);
      BuiltCopy.Settings settings = BuiltCopy.Settings.standard(Duration.ofSeconds(s.timeoutSeconds()));
      FixReplay replay = new FixReplay(settings.maven(), settings.buildLimits(), settings.localRepository());
      List<ReadHistory.Change> chosen = changes.subList(0, Math.min(s.maxInstances(), changes.size()));
      // replays on two threads (each its own scratch folder: two builds at once fill two cores), output in order
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(THREADS);
      try {
        List<java.util.concurrent.Future<Replayed>> results = new ArrayList<>();
        for (ReadHistory.Change c : chosen) {
          results.add(pool.submit(() -> result(spec, c, replay)));
        }
        for (int i = 0; i < chosen.size(); i++) {
          ReadHistory.Change c = chosen.get(i);
          sums.merge("stages." + STAGE + ".in", 1L, Long::sum);
          try {
            Replayed r = results.get(i).get();
            (r.reused() ? reused : replayed).inc();
            emit(c, r.result(), out, sums);
          } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
            out.get(FAILED).output(new Failed(STAGE, Stages.oneLine(e), c.change().commit().id(), 1));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying " + c.change().commit().id(), e);
          } finally {
            commits.inc();
          }
        }
      } finally {
        pool.shutdownNow();
        millis.inc((System.nanoTime() - t0) / 1_000_000);
        sums.forEach((k, v) -> out.get(TALLIES).output(KV.of(k, v)));
      }
    }

    /** A replay's result and whether the cache had it: counted by the caller, on the bundle's thread. */
    private record Replayed(FixReplay.Result result, boolean reused) {}

    /** Runs on a pool thread: no Beam metric is touched here (a counter counts only on the bundle's thread). */
    private Replayed result(Spec spec, ReadHistory.Change c, FixReplay replay) {
      String commit = c.change().commit().id();
      String key = StableIds.of(VERSION, spec.name(), commit, Integer.toString(s.timeoutSeconds()));
      Optional<FixReplay.Result> hit = cache.readObject(key, FixReplay.Result.class, CACHED);
      if (hit.isPresent()) {
        return new Replayed(hit.get(), true);
      }
      Path scratch = Path.of(execCacheDir, "replay", spec.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + commit);
      FixReplay.Result r = replay.replay(Path.of(WorkerGit.localGitDir(spec.gitDir())), commit, scratch);
      cache.writeObject(key, r);
      return new Replayed(r, false);
    }

    private void emit(ReadHistory.Change c, FixReplay.Result r, MultiOutputReceiver out, TreeMap<String, Long> sums) {
      CommitInfo info = c.change().commit();
      String record = Stages.json("repo", c.repo(), "commit", info.id());
      if (r.status() != FixReplay.Status.INSTANCE) {
        out.get(REJECTED).output(new Rejected(STAGE, r.status().wireName(), redact(firstLine(r.detail())), record));
        return;
      }
      String patch = redact(r.patch());
      String testPatch = redact(r.testPatch());
      if (!patch.equals(r.patch()) || !testPatch.equals(r.testPatch())) {
        // a redacted patch no longer applies, and the real one may not be shown
        out.get(REJECTED).output(new Rejected(STAGE, "secret_in_patch",
            "the commit's diff holds a secret or personal data; a redacted patch would not apply", record));
        return;
      }
      sums.merge("stages." + STAGE + ".out", 1L, Long::sum);
      sums.merge("replays.fail_to_pass", (long) r.failToPass().size(), Long::sum);
      sums.merge("replays.pass_to_pass", (long) r.passToPass().size(), Long::sum);
      out.get(INSTANCES).output(new InstanceRecord(c.repo(), InstanceRecord.instanceId(c.repo(), info.id()),
          r.baseCommit(), patch, testPatch, redact(info.message()).strip(),
          "", Instant.ofEpochSecond(info.epochSecond()).toString(), "", r.failToPass(), r.passToPass(), r.baseCommit(),
          r.buildCommand(), r.testCommand(), new InstanceRecord.Meta(info.id(), c.split())));
    }

    private String redact(String text) {
      return redaction.redact(text);
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String t = text.strip();
    int nl = t.indexOf('\n');
    return nl >= 0 ? t.substring(0, nl) : t;
  }
}
