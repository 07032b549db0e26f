package dev.repotune.pipeline.stages;

import dev.repotune.pipeline.stages.RunFiles.Run;
import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.FimRecord;
import dev.repotune.samples.HistoryRecord;
import dev.repotune.samples.InstanceRecord;
import dev.repotune.samples.PreferenceRecord;
import dev.repotune.samples.RlTask;
import dev.repotune.samples.TripletRecord;
import dev.repotune.samples.RepoDocument;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.SftRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Flatten;
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
 * Stage 20: every kept row, rejected row and failure, as shards under the run's work folder, one folder
 * per {@link OutputKind}. A shard's rows are chosen by a hash of the row's key and written sorted, so the
 * same rows always give the same bytes whatever the runner did with bundles. The driver moves the folder
 * into place only after this stage and the manifest are done, so a half-written dataset never looks
 * finished.
 *
 * <p>Rows go to shards in two steps, as Beam's own file sinks do: spilled to run files as they come
 * ({@link RunFiles}), then merged into shards once each group's total is known ({@link MergeShards}),
 * written in every format of their kind ({@link ShardSinks}). {@link SftRows} spills SFT rows itself, as
 * it makes them, and the SFT merge drops the rows {@link Deduplicate} chose (so an SFT split's shard count
 * comes from its rows before dedup).
 */
public final class WriteShards extends PTransform<PCollectionTuple, PCollection<KV<String, Long>>> {
  public static final TupleTag<CptRecord> CPT = tag(OutputKind.CPT);
  public static final TupleTag<FimRecord> FIM = tag(OutputKind.FIM);
  public static final TupleTag<RepoDocument> REPO = tag(OutputKind.REPO);
  public static final TupleTag<HistoryRecord> HISTORY = tag(OutputKind.HISTORY);
  public static final TupleTag<CptRecord> COMMITS = tag(OutputKind.COMMITS);
  public static final TupleTag<SftRecord> EXEC = tag(OutputKind.EXEC);
  public static final TupleTag<PreferenceRecord> PREFERENCE = tag(OutputKind.PREFERENCE);
  public static final TupleTag<RlTask> RL = tag(OutputKind.RL);
  public static final TupleTag<InstanceRecord> INSTANCES = tag(OutputKind.INSTANCES);
  public static final TupleTag<TripletRecord> TRIPLETS = tag(OutputKind.TRIPLETS);
  public static final TupleTag<SftRecord> RAFT = tag(OutputKind.RAFT);
  public static final TupleTag<Rejected> REJECTED = tag(OutputKind.REJECTED);
  public static final TupleTag<Failed> FAILED = tag(OutputKind.FAILED);
  /** Rows a stage spilled itself as it made them ({@link ToFimExamples#RUNS}), merged with the rest. */
  public static final TupleTag<Run> SPILLED = new TupleTag<>("spilled_runs");

  private final String dir;
  private final long rowsPerShard;
  private final long spillBytes;

  private WriteShards(String dir, long rowsPerShard, long spillBytes) {
    this.dir = dir;
    this.rowsPerShard = rowsPerShard;
    this.spillBytes = spillBytes;
  }

  /**
   * Writes under {@code dir} the rows of every kind whose {@link #tag} the input holds ({@code cpt/},
   * {@code rejected/}, {@code failed/}). The SFT rows are spilled by {@link SftRows} as they are made and
   * merged by {@link #mergeSft}.
   */
  public static WriteShards to(String dir) {
    return new WriteShards(dir, 0, RunFiles.SPILL_BYTES);
  }

  /** Smaller shards and run files, for tests: {@code rowsPerShard} for every kind. */
  WriteShards withSizes(long rowsPerShard, long spillBytes) {
    return new WriteShards(dir, rowsPerShard, spillBytes);
  }

  /** The input's tag for rows of {@code kind} (tags are equal by id, which is the folder). */
  public static <T> TupleTag<T> tag(OutputKind<T> kind) {
    return new TupleTag<>(kind.folder());
  }

  /**
   * Spills and merges the rows of every kind in the input; gives their manifest counts ({@link
   * OutputKind#count}: {@code cpt.train.total}, {@code tokens.cpt.train}, {@code rejected.<stage>.<reason>},
   * {@code failed.<stage>}).
   */
  @Override
  public PCollection<KV<String, Long>> expand(PCollectionTuple in) {
    List<PCollection<Run>> runs = new ArrayList<>();
    List<PCollection<KV<String, Long>>> counts = new ArrayList<>();
    for (OutputKind<?> kind : OutputKind.values()) {
      if (kind.source() == null && in.has(tag(kind))) {
        spill(in, kind, runs, counts);
      }
    }
    if (in.has(SPILLED)) {
      runs.add(in.get(SPILLED));
    }
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("WriteShards was given no rows of any output kind");
    }
    PCollection<Run> all = PCollectionList.of(runs).apply("FlattenRuns", Flatten.pCollections());
    MergeShards.merge(dir, "", all, null, null, rowsPerShard);
    return PCollectionList.of(counts).apply("FlattenCounts", Flatten.pCollections());
  }

  private <T> void spill(
      PCollectionTuple in, OutputKind<T> kind, List<PCollection<Run>> runs, List<PCollection<KV<String, Long>>> counts) {
    TupleTag<Run> runTag = new TupleTag<>() {};
    TupleTag<KV<String, Long>> countTag = new TupleTag<>() {};
    String name = Character.toUpperCase(kind.folder().charAt(0)) + kind.folder().substring(1);
    PCollectionTuple out =
        in.get(tag(kind))
            .apply(name + "SpillRuns",
                ParDo.of(new RunFiles.SpillFn<>(dir, kind, spillBytes, runTag, countTag))
                    .withOutputTags(runTag, TupleTagList.of(countTag)));
    runs.add(out.get(runTag).setCoder(SerializableCoder.of(Run.class)));
    counts.add(out.get(countTag).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
  }

  /**
   * The shards from runs {@link SftRows} spilled, without the rows in {@code drops}: those come back as
   * {@link Rejected} rows of {@link Deduplicate} or {@link CapMix}. Also gives the kept SFT rows' tallies
   * for the manifest.
   */
  public static Merged mergeSft(
      String dir, PCollection<Run> runs, PCollectionView<Deduplicate.Decisions> drops) {
    return MergeShards.merge(dir, "Sft", runs, drops, WriteShards::sftTally, 0);
  }

  /** What a merge gives back: the files written, rows dropped at the merge, and tallies of kept rows. */
  public record Merged(
      PCollection<String> written, PCollection<Rejected> rejected, PCollection<KV<String, Long>> tallies) {}

  /**
   * SFT rows are spilled with the meta {@code task<TAB>tokens} (tokens are counted where the row is
   * made, with the texts rows share counted once), so the merge counts kept rows without decoding them.
   */
  static String sftMeta(SftRecord r, long tokens) {
    return r.meta().task() + "\t" + tokens;
  }

  /** The counts of a kept SFT row: those of {@link OutputKind#SFT}, its tokens, and one out of Deduplicate. */
  private static void sftTally(OutputKind<?> kind, String split, String meta, Map<String, Long> sums) {
    if (kind != OutputKind.SFT) {
      return; // rows of another kind that SftRows spilled were counted as they were spilled
    }
    int tab = meta.indexOf('\t');
    sums.merge(OutputKind.SFT.rowsKey(split), 1L, Long::sum);
    sums.merge(OutputKind.SFT.taskKey(split, meta.substring(0, tab)), 1L, Long::sum);
    sums.merge(OutputKind.SFT.tokensKey(split), Long.parseLong(meta.substring(tab + 1)), Long::sum);
    sums.merge("stages.Deduplicate.out", 1L, Long::sum);
    CapMix.kept(sums);
  }
}
