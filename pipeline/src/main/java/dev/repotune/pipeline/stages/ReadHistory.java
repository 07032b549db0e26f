package dev.repotune.pipeline.stages;

import dev.repotune.extractors.ExtractorVersion;
import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.history.CommitChange;
import dev.repotune.extractors.history.CommitDiffs;
import dev.repotune.extractors.history.CommitFilters;
import dev.repotune.extractors.history.CommitInfo;
import dev.repotune.extractors.history.CommitLog;
import dev.repotune.extractors.history.CommitMessages;
import dev.repotune.extractors.history.FileChange;
import dev.repotune.extractors.secrets.PiiRedactor;
import dev.repotune.extractors.secrets.SecretRedactor;
import dev.repotune.pipeline.StageResult;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.Split;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Stage 6: each repository's history along the first-parent line of its ref, newest first ({@code
 * --history}, {@code --since}). One step lists the commits and cuts them into batches; each batch is read
 * in parallel: a commit whose kind says nothing of intent (a merge, a bot's, a release's, a revert of a
 * revert), whose message does not say why ({@link CommitMessages#reject}) or whose change is over a cap,
 * format-only or binary-only is a {@link Rejected} row with its reason; the rest go on as their change
 * against the first parent (renames detected). A commit's change is cached by its id and the caps, so a
 * rerun after new commits reads only those.
 *
 * <p>The split: the newest {@code heldOut} commits of a repository (the split in time, {@code
 * --holdout-commits}) are test, the rest train; without one, a commit goes where its first changed main
 * file goes ({@link Split#of}), the rule of the other outputs. A shallow clone has no history to read:
 * the driver warns, and this reads none.
 */
public final class ReadHistory extends PTransform<PBegin, StageResult<ReadHistory.Change>> {
  public static final String STAGE = "ReadHistory";
  static final int BATCHES = 16;

  /** One repository's history: where it starts and how many of its newest commits are held out. */
  public record Spec(String name, String gitDir, String head, int heldOut) implements Serializable {}

  /** What bounds the reading, the same for every repository. */
  public record Settings(int max, long sinceEpoch, int maxFiles, int maxDiffLines, long maxFileBytes,
      double testFraction, long seed) implements Serializable {
    CommitDiffs.Limits limits() {
      return new CommitDiffs.Limits(maxFiles, maxDiffLines, maxFileBytes);
    }
  }

  /** A kept commit's change, with its repository and split. */
  public record Change(String repo, String split, CommitChange change) implements Serializable {}

  /** A listed commit and whether it is one of the held-out newest. */
  record Listed(CommitInfo commit, boolean heldOut) implements Serializable {}

  private final List<Spec> specs;
  private final Settings settings;
  private final String cacheDir;

  private ReadHistory(List<Spec> specs, Settings settings, String cacheDir) {
    this.specs = List.copyOf(specs);
    this.settings = settings;
    this.cacheDir = cacheDir;
  }

  public static ReadHistory of(List<Spec> specs, Settings settings) {
    return new ReadHistory(specs, settings, null);
  }

  /** Each commit's change cached under {@code dir} (any Beam file system); null for none. */
  public ReadHistory withCache(String dir) {
    return new ReadHistory(specs, settings, dir);
  }

  @Override
  public StageResult<Change> expand(PBegin begin) {
    TupleTag<KV<Integer, List<Listed>>> batches = new TupleTag<>() {};
    TupleTag<KV<String, Long>> listTallies = new TupleTag<>() {};
    TupleTag<Failed> listFailed = new TupleTag<>() {};
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      indexes.add(i);
    }
    PCollectionTuple listed =
        begin
            .apply("Repositories", Create.of(indexes).withCoder(VarIntCoder.of()))
            .apply("ListCommits", ParDo.of(new ListFn(specs, settings, batches, listTallies, listFailed))
                .withOutputTags(batches, TupleTagList.of(listTallies).and(listFailed)));
    TupleTag<Change> kept = new TupleTag<>() {};
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    TupleTag<Failed> failed = new TupleTag<>() {};
    TupleTag<KV<String, Long>> tallies = new TupleTag<>() {};
    PCollectionTuple read =
        listed.get(batches)
            .setCoder(KvCoder.of(VarIntCoder.of(), ListCoder.of(SerializableCoder.of(Listed.class))))
            .apply("Spread", Reshuffle.of())
            .apply("ReadChanges", ParDo.of(new ChangeFn(specs, settings, cacheDir, kept, rejected, failed, tallies))
                .withOutputTags(kept, TupleTagList.of(rejected).and(failed).and(tallies)));
    read.get(kept).setCoder(SerializableCoder.of(Change.class));
    read.get(rejected).setCoder(SerializableCoder.of(Rejected.class));
    read.get(failed).setCoder(SerializableCoder.of(Failed.class));
    listed.get(listFailed).setCoder(SerializableCoder.of(Failed.class));
    PCollection<KV<String, Long>> allTallies =
        PCollectionList.of(listed.get(listTallies).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
            .and(read.get(tallies).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
            .apply("FlattenTallies", org.apache.beam.sdk.transforms.Flatten.pCollections());
    return StageResult.of(read.get(kept), read.get(rejected),
            Stages.flatten("FlattenFailed", listed.get(listFailed), read.get(failed)))
        .withTallies(allTallies);
  }

  /** What a cached change may hold: the history library's records and the JDK's lists. */
  static final java.io.ObjectInputFilter CACHED = BeamCacheStore.only(java.util.Set.of(), "dev.repotune.extractors.history.");

  static Repository open(String gitDir) throws IOException {
    return new FileRepositoryBuilder().setGitDir(new File(WorkerGit.localGitDir(gitDir))).setMustExist(true).build();
  }

  /** Lists one repository's first-parent line and cuts it into batches. */
  private static final class ListFn extends DoFn<Integer, KV<Integer, List<Listed>>> {
    private final List<Spec> specs;
    private final Settings s;
    private final TupleTag<KV<Integer, List<Listed>>> batches;
    private final TupleTag<KV<String, Long>> tallies;
    private final TupleTag<Failed> failed;
    private final Counter listedCommits = Metrics.counter(ReadHistory.class, "listed");

    ListFn(List<Spec> specs, Settings s, TupleTag<KV<Integer, List<Listed>>> batches,
        TupleTag<KV<String, Long>> tallies, TupleTag<Failed> failed) {
      this.specs = specs;
      this.s = s;
      this.batches = batches;
      this.tallies = tallies;
      this.failed = failed;
    }

    @ProcessElement
    public void process(@Element Integer index, MultiOutputReceiver out) {
      Spec spec = specs.get(index);
      CommitLog.Listing listing;
      try (Repository repo = open(spec.gitDir())) {
        listing = CommitLog.of(repo, ObjectId.fromString(spec.head()), s.max(),
            s.sinceEpoch() > 0 ? Instant.ofEpochSecond(s.sinceEpoch()) : null);
      } catch (IOException | RuntimeException e) {
        out.get(failed).output(new Failed(STAGE, Stages.oneLine(e), spec.name(), 1));
        return;
      }
      if (listing.shallow()) {
        out.get(tallies).output(KV.of("history_reading.shallow_repositories", 1L));
        return;
      }
      List<CommitInfo> commits = listing.commits();
      out.get(tallies).output(KV.of("stages." + STAGE + ".in", (long) commits.size()));
      listedCommits.inc(commits.size());
      int size = Math.max(8, (commits.size() + BATCHES - 1) / BATCHES);
      for (int from = 0; from < commits.size(); from += size) {
        List<Listed> batch = new ArrayList<>();
        for (int i = from; i < Math.min(commits.size(), from + size); i++) {
          batch.add(new Listed(commits.get(i), i < spec.heldOut()));
        }
        out.get(batches).output(KV.of(index, batch));
      }
    }
  }

  /** Reads each listed commit's change, or says why it makes no history rows. */
  private static final class ChangeFn extends DoFn<KV<Integer, List<Listed>>, Change> {
    private final List<Spec> specs;
    private final Settings s;
    private final BeamCacheStore cache;
    private final TupleTag<Change> kept;
    private final TupleTag<Rejected> rejected;
    private final TupleTag<Failed> failed;
    private final TupleTag<KV<String, Long>> tallies;
    private final Counter reused = Metrics.counter(ReadHistory.class, "reused");
    private final Counter read = Metrics.counter(ReadHistory.class, "commits");
    private transient SecretRedactor secrets;
    private transient PiiRedactor pii;
    private transient TreeMap<String, Long> sums;

    ChangeFn(List<Spec> specs, Settings s, String cacheDir, TupleTag<Change> kept, TupleTag<Rejected> rejected,
        TupleTag<Failed> failed, TupleTag<KV<String, Long>> tallies) {
      this.specs = specs;
      this.s = s;
      this.cache = cacheDir == null || cacheDir.isEmpty() ? null : new BeamCacheStore(cacheDir, ".change");
      this.kept = kept;
      this.rejected = rejected;
      this.failed = failed;
      this.tallies = tallies;
    }

    @Setup
    public void setup() {
      secrets = new SecretRedactor();
      pii = new PiiRedactor(true, true);
    }

    @StartBundle
    public void start() {
      sums = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element KV<Integer, List<Listed>> batch, MultiOutputReceiver out) {
      Spec spec = specs.get(batch.getKey());
      try (Repository repo = open(spec.gitDir())) {
        for (Listed l : batch.getValue()) {
          read.inc();
          try {
            one(spec, repo, l, out);
          } catch (IOException | RuntimeException e) {
            out.get(failed).output(new Failed(STAGE, Stages.oneLine(e), l.commit().id(), 1));
          }
        }
      } catch (IOException e) {
        for (Listed l : batch.getValue()) {
          out.get(failed).output(new Failed(STAGE, Stages.oneLine(e), l.commit().id(), 1));
        }
      }
    }

    private void one(Spec spec, Repository repo, Listed l, MultiOutputReceiver out) throws IOException {
      CommitInfo c = l.commit();
      Optional<String> skip = CommitFilters.skip(c).or(() -> CommitMessages.reject(c.message()));
      if (skip.isPresent()) {
        drop(out, spec, c, skip.get());
        return;
      }
      CommitChange change = change(repo, c);
      skip = CommitFilters.skip(change);
      if (skip.isPresent()) {
        drop(out, spec, c, skip.get());
        return;
      }
      String split = l.heldOut() ? Split.TEST
          : spec.heldOut() > 0 ? Split.TRAIN
          : Split.of(spec.name(), splitPath(change), s.testFraction(), s.seed());
      sums.merge("stages." + STAGE + ".out", 1L, Long::sum);
      out.get(kept).output(new Change(spec.name(), split, change));
    }

    /** The change from the cache, else read from the repository and cached. */
    private CommitChange change(Repository repo, CommitInfo c) throws IOException {
      String key = cache == null ? null
          : StableIds.of("history", ExtractorVersion.value(), c.id(), s.limits().toString());
      if (key != null) {
        Optional<CommitChange> hit = cache.readObject(key, CommitChange.class, CACHED);
        if (hit.isPresent()) {
          reused.inc();
          return hit.get();
        }
      }
      CommitChange change = CommitDiffs.of(repo, c, s.limits());
      if (key != null) {
        cache.writeObject(key, change);
      }
      return change;
    }

    private void drop(MultiOutputReceiver out, Spec spec, CommitInfo c, String reason) {
      // the subject is the developer's own text: redacted like every text that reaches a shard
      String subject = pii.redact(secrets.redact(CommitMessages.subject(c.message())).text()).text();
      out.get(rejected).output(new Rejected(STAGE, reason, "commit " + c.id().substring(0, 12) + ": " + reason,
          Stages.json("repo", spec.name(), "commit", c.id(), "subject", subject)));
    }

    @FinishBundle
    public void finish(FinishBundleContext ctx) {
      sums.forEach((k, v) -> ctx.output(tallies, KV.of(k, v), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
      sums = null;
    }
  }

  /** The path a commit is split by: its first changed file of main code, else its first file. */
  static String splitPath(CommitChange change) {
    String first = null;
    for (FileChange f : change.files()) {
      String p = f.path();
      if (first == null) {
        first = p;
      }
      if (!p.contains("/test/") && !p.startsWith("test/")) {
        return p;
      }
    }
    return first == null ? "" : first;
  }
}
