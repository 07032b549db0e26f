package dev.repotune.pipeline.stages;

import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.git.FileOutcome;
import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.extractors.git.TreeEntry;
import dev.repotune.pipeline.StageResult;
import dev.repotune.samples.Failed;
import dev.repotune.samples.Rejected;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Stage 1: the files of one or more repositories, each at one commit. The driver has already cloned or fetched the
 * repository and resolved the ref (so a bad URL fails before any worker starts); this stage lists the tree
 * in one step, spreads at most {@value #BATCHES} batches of entries over workers, and reads each blob
 * where it lands. Batches, not single files, are spread so that every later stage sees a few coarse
 * bundles rather than one per file: the DirectRunner copies a grouping's state once per input bundle. Every skipped file
 * is a {@link Rejected} with its reason, so the manifest can say what was left out and why.
 *
 * <p>Several repositories share the {@value #BATCHES} batches (each gets at least one), so a job over
 * many repositories keeps the main path as coarse as a job over one.
 */
public final class ReadRepository extends PTransform<PBegin, StageResult<SourceFile>> {
  static final String STAGE = "ReadRepository";
  static final int BATCHES = 16;

  /** What a worker needs to open the clone: everything here is plain data. */
  public record Spec(
      String name,
      String url,
      String ref,
      String commit,
      String gitDir,
      List<String> include,
      List<String> exclude,
      long maxFileBytes)
      implements Serializable {
    public Spec {
      include = include == null ? List.of() : List.copyOf(include);
      exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    RepositoryReader openReader() {
      return RepositoryReader.open(WorkerGit.localGitDir(gitDir))
          .include(include)
          .exclude(exclude)
          .maxFileBytes(maxFileBytes);
    }

    ResolvedRepository resolved() {
      return new ResolvedRepository(name, url, ref, commit, Path.of(WorkerGit.localGitDir(gitDir)));
    }
  }

  private final List<Spec> specs;

  private ReadRepository(List<Spec> specs) {
    this.specs = List.copyOf(specs);
  }

  public static ReadRepository of(Spec spec) {
    return new ReadRepository(List.of(spec));
  }

  /** Several repositories in one job; their names must differ (they key the index and the split). */
  public static ReadRepository of(List<Spec> specs) {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("no repository to read");
    }
    if (specs.stream().map(Spec::name).distinct().count() != specs.size()) {
      throw new IllegalArgumentException("two repositories share a name: " + specs.stream().map(Spec::name).toList());
    }
    return new ReadRepository(specs);
  }

  @Override
  public StageResult<SourceFile> expand(PBegin input) {
    TupleTag<KV<Integer, List<TreeEntry>>> entries = new TupleTag<>() {};
    TupleTag<SourceFile> files = new TupleTag<>() {};
    TupleTag<Rejected> skippedByPath = new TupleTag<>() {};
    TupleTag<Rejected> skippedByContent = new TupleTag<>() {};
    TupleTag<Failed> failedList = new TupleTag<>() {};
    TupleTag<Failed> failedLoad = new TupleTag<>() {};

    PCollectionTuple listed =
        input
            .apply("Repository", Create.of(indexes()))
            .apply(
                "ListTree",
                ParDo.of(new ListTreeFn(specs, entries, skippedByPath, failedList))
                    .withOutputTags(entries, TupleTagList.of(skippedByPath).and(failedList)));
    PCollectionTuple loaded =
        listed
            .get(entries)
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply(
                "LoadBlobs",
                ParDo.of(new LoadBlobFn(specs, files, skippedByContent, failedLoad))
                    .withOutputTags(files, TupleTagList.of(skippedByContent).and(failedLoad)));
    return StageResult.of(
        loaded.get(files),
        Stages.flatten("FlattenRejected", listed.get(skippedByPath), loaded.get(skippedByContent)),
        Stages.flatten("FlattenFailed", listed.get(failedList), loaded.get(failedLoad)));
  }

  /** The repositories this reads. */
  public List<Spec> specs() {
    return specs;
  }

  private List<Integer> indexes() {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      all.add(i);
    }
    return all;
  }

  /** Lists one repository (by its index in the specs) and cuts its entries into batches. */
  private static final class ListTreeFn extends DoFn<Integer, KV<Integer, List<TreeEntry>>> {
    private final List<Spec> specs;
    private final TupleTag<KV<Integer, List<TreeEntry>>> entries;
    private final TupleTag<Rejected> skipped;
    private final TupleTag<Failed> failed;
    private final Counter listedFiles = Metrics.counter(ReadRepository.class, "files_listed");
    private final Counter toRead = Metrics.counter(ReadRepository.class, "to_read");

    ListTreeFn(
        List<Spec> specs,
        TupleTag<KV<Integer, List<TreeEntry>>> entries,
        TupleTag<Rejected> skipped,
        TupleTag<Failed> failed) {
      this.specs = specs;
      this.entries = entries;
      this.skipped = skipped;
      this.failed = failed;
    }

    @ProcessElement
    public void process(@Element Integer index, MultiOutputReceiver out) {
      Spec spec = specs.get(index);
      try (RepositoryReader reader = spec.openReader()) {
        List<TreeEntry> listed = reader.list(spec.resolved());
        long kept = listed.stream().filter(e -> e.skipReason() == null).count();
        toRead.inc(kept);
        int batches = Math.max(1, BATCHES / specs.size());
        int size = (int) Math.max(8, (kept + batches - 1) / batches);
        List<TreeEntry> batch = new ArrayList<>(size);
        for (TreeEntry e : listed) {
          listedFiles.inc();
          if (e.skipReason() != null) {
            out.get(skipped).output(skippedFile(spec.name(), e.path(), e.skipReason(), e.size()));
            continue;
          }
          batch.add(e);
          if (batch.size() == size) {
            out.get(entries).output(KV.of(index, List.copyOf(batch)));
            batch.clear();
          }
        }
        if (!batch.isEmpty()) {
          out.get(entries).output(KV.of(index, List.copyOf(batch)));
        }
      } catch (Exception e) {
        out.get(failed).output(new Failed(STAGE, Stages.oneLine(e), spec.gitDir(), 1));
      }
    }
  }

  private static final class LoadBlobFn extends DoFn<KV<Integer, List<TreeEntry>>, SourceFile> {
    private final List<Spec> specs;
    private final TupleTag<SourceFile> files;
    private final TupleTag<Rejected> skipped;
    private final TupleTag<Failed> failed;
    private final Counter filesRead = Metrics.counter(ReadRepository.class, "files");
    /** Entries handled, kept or not: with {@code to_read} it is the stage's progress bar. */
    private final Counter entriesRead = Metrics.counter(ReadRepository.class, "read");
    // One open reader per repository this worker has seen; a worker usually sees few.
    private transient Map<Integer, RepositoryReader> readers;

    LoadBlobFn(
        List<Spec> specs, TupleTag<SourceFile> files, TupleTag<Rejected> skipped, TupleTag<Failed> failed) {
      this.specs = specs;
      this.files = files;
      this.skipped = skipped;
      this.failed = failed;
    }

    @Setup
    public void setup() {
      readers = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element KV<Integer, List<TreeEntry>> batch, MultiOutputReceiver out) {
      Spec spec = specs.get(batch.getKey());
      RepositoryReader reader;
      try {
        reader = readers.computeIfAbsent(batch.getKey(), i -> spec.openReader());
      } catch (RuntimeException e) {
        for (TreeEntry entry : batch.getValue()) {
          out.get(failed).output(new Failed(STAGE, Stages.oneLine(e), entry.path(), 1));
        }
        entriesRead.inc(batch.getValue().size());
        return;
      }
      ResolvedRepository resolved = spec.resolved();
      for (TreeEntry entry : batch.getValue()) {
        load(reader, resolved, entry, out);
      }
    }

    private void load(
        RepositoryReader reader, ResolvedRepository resolved, TreeEntry entry, MultiOutputReceiver out) {
      entriesRead.inc();
      try {
        FileOutcome outcome = reader.load(resolved, entry);
        if (outcome.file() != null) {
          filesRead.inc();
          out.get(files).output(outcome.file());
        } else {
          out.get(skipped).output(skippedFile(resolved.name(), entry.path(), outcome.skipReason(), entry.size()));
        }
      } catch (Exception e) {
        out.get(failed).output(new Failed(STAGE, Stages.oneLine(e), entry.path(), 1));
      }
    }

    @Teardown
    public void teardown() throws Exception {
      if (readers != null) {
        for (RepositoryReader reader : readers.values()) {
          reader.close();
        }
      }
    }
  }

  static Rejected skippedFile(String repo, String path, String reason, long size) {
    return new Rejected(
        STAGE, reason, "file skipped: " + reason, Stages.json("repo", repo, "path", path, "bytes", size));
  }
}
