package dev.repotune.pipeline.stages;

import dev.repotune.pipeline.stages.RunFiles.Run;
import dev.repotune.pipeline.stages.RunFiles.RunList;
import dev.repotune.pipeline.stages.RunFiles.SpilledRow;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.quality.DuplicateClusters;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The second half of writing shards: run files ({@link RunFiles}) of any kinds merged into their shards.
 * A run names its folder, hence its {@link OutputKind}: runs are grouped by (folder, group), a group's
 * total gives its shard count, and each shard (one bundle a shard, so shards merge in parallel) reads its
 * byte range of every run file, drops the rows {@link Deduplicate} and {@link CapMix} chose, sorts the rest (by key, then
 * line) and writes them through {@link ShardSinks}. No step holds more than one shard's rows, and only
 * run descriptors pass through the GroupByKeys. A group's run files are deleted once all its shards are.
 */
final class MergeShards {
  private MergeShards() {}

  /** The manifest counts of one kept row, from its kind, group and the meta it was spilled with. */
  interface Tally extends Serializable {
    void add(OutputKind<?> kind, String group, String meta, Map<String, Long> sums);
  }

  /**
   * Merges {@code runs}; {@code drops} (null: none) are left out and come back as {@link Rejected} rows of
   * {@link Deduplicate}; {@code tally} (null: none) counts the rows kept; {@code rowsPerShard} (0: each
   * kind's own) sets the shard size.
   */
  static WriteShards.Merged merge(
      String dir, String name, PCollection<Run> runs, PCollectionView<Deduplicate.Decisions> drops, Tally tally,
      long rowsPerShard) {
    TupleTag<String> written = new TupleTag<>() {};
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    TupleTag<KV<String, Long>> tallies = new TupleTag<>() {};
    TupleTag<KV<String, String>> merged = new TupleTag<>() {};
    MergeShardFn merge = new MergeShardFn(dir, drops, tally, written, rejected, tallies, merged);
    PCollectionTuple out =
        runs.apply(name + "KeyRunsByGroup", ParDo.of(new KeyByGroupFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Run.class)))
            .apply(name + "GroupRuns", GroupByKey.create())
            .apply(name + "PlanShards", ParDo.of(new PlanShardsFn(rowsPerShard)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(RunList.class)))
            // one bundle per shard, so shards merge in parallel
            .apply(name + "GroupRunsByShard", GroupByKey.create())
            .apply(
                name + "MergeShard",
                (drops == null ? ParDo.of(merge) : ParDo.of(merge).withSideInputs(drops))
                    .withOutputTags(written, TupleTagList.of(rejected).and(tallies).and(merged)));
    out.get(written).setCoder(StringUtf8Coder.of());
    out.get(rejected).setCoder(SerializableCoder.of(Rejected.class));
    out.get(tallies).setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    out.get(merged)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(name + "GroupMergedRuns", GroupByKey.create())
        .apply(name + "DeleteRuns", ParDo.of(new DeleteRunsFn(dir)));
    return new WriteShards.Merged(out.get(written), out.get(rejected), out.get(tallies));
  }

  private static final class KeyByGroupFn extends DoFn<Run, KV<String, Run>> {
    @ProcessElement
    public void process(@Element Run run, OutputReceiver<KV<String, Run>> out) {
      out.output(KV.of(run.folder() + "\n" + run.group(), run));
    }
  }

  private static final class PlanShardsFn extends DoFn<KV<String, Iterable<Run>>, KV<String, RunList>> {
    private final long rowsPerShard;

    PlanShardsFn(long rowsPerShard) {
      this.rowsPerShard = rowsPerShard;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Run>> group, OutputReceiver<KV<String, RunList>> out) {
      List<Run> runs = new ArrayList<>();
      long rows = 0;
      for (Run r : group.getValue()) {
        runs.add(r);
        rows += r.rows();
      }
      runs.sort(Comparator.comparing(Run::path));
      String folder = group.getKey().substring(0, group.getKey().indexOf('\n'));
      int n = RunFiles.shardCount(rows, rowsPerShard > 0 ? rowsPerShard : OutputKind.of(folder).rowsPerShard());
      for (int i = 0; i < n; i++) {
        out.output(KV.of(group.getKey() + "\n" + i + "\n" + n, new RunList(runs)));
      }
    }
  }

  private static final class MergeShardFn extends DoFn<KV<String, Iterable<RunList>>, String> {
    private final String dir;
    private final PCollectionView<Deduplicate.Decisions> dropsView;
    private final Tally tally;
    private final TupleTag<String> written;
    private final TupleTag<Rejected> rejected;
    private final TupleTag<KV<String, Long>> tallies;
    private final TupleTag<KV<String, String>> merged;
    private final Counter spilled = Metrics.counter(WriteShards.class, "rows");

    MergeShardFn(
        String dir,
        PCollectionView<Deduplicate.Decisions> drops,
        Tally tally,
        TupleTag<String> written,
        TupleTag<Rejected> rejected,
        TupleTag<KV<String, Long>> tallies,
        TupleTag<KV<String, String>> merged) {
      this.dir = dir;
      this.dropsView = drops;
      this.tally = tally;
      this.written = written;
      this.rejected = rejected;
      this.tallies = tallies;
      this.merged = merged;
    }

    @ProcessElement
    public void process(ProcessContext c, MultiOutputReceiver out) throws IOException {
      KV<String, Iterable<RunList>> shard = c.element();
      String[] key = shard.getKey().split("\n");
      OutputKind<?> kind = OutputKind.of(key[0]);
      String group = key[1];
      int index = Integer.parseInt(key[2]);
      int count = Integer.parseInt(key[3]);
      Deduplicate.Decisions drops = dropsView == null ? Deduplicate.Decisions.NONE : c.sideInput(dropsView);
      List<SpilledRow> rows = new ArrayList<>();
      Map<String, Long> sums = new TreeMap<>();
      TreeSet<String> runPaths = new TreeSet<>();
      int from = RunFiles.firstBucket(index, count);
      int to = RunFiles.firstBucket(index + 1, count);
      for (RunList list : shard.getValue()) {
        for (Run run : list.runs()) {
          runPaths.add(run.path());
          RunFiles.read(dir, run, from, to, rows);
        }
      }
      List<SpilledRow> kept = new ArrayList<>(rows.size());
      for (SpilledRow r : rows) {
        DuplicateClusters.Drop drop = r.key() == null ? null : drops.dropOf(r.key());
        String capped = drop != null || r.key() == null ? null : drops.cappedOf(r.key());
        if (drop != null || capped != null) {
          // spilled once as a row and again as a rejected row: the progress counts it once
          spilled.dec();
          out.get(rejected).output(drop != null ? Deduplicate.rejected(drop, r.line()) : CapMix.rejected(capped, r.line(), sums));
          continue;
        }
        if (tally != null) {
          tally.add(kind, group, r.meta(), sums);
        }
        kept.add(r);
      }
      rows = null;
      kept.sort(SpilledRow.ORDER);
      List<String> lines = new ArrayList<>(kept.size());
      kept.forEach(r -> lines.add(r.line()));
      kept = null;
      for (String f : ShardSinks.write(dir, kind, group, index, count, lines)) {
        out.get(written).output(f);
      }
      sums.forEach((k, v) -> out.get(tallies).output(KV.of(k, v)));
      for (String path : runPaths) {
        out.get(merged).output(KV.of(kind.folder() + "\n" + group, path));
      }
    }
  }

  /** Deletes a group's run files once every shard of the group has been merged from them. */
  private static final class DeleteRunsFn extends DoFn<KV<String, Iterable<String>>, String> {
    private final String dir;

    DeleteRunsFn(String dir) {
      this.dir = dir;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<String>> group) throws IOException {
      TreeSet<String> paths = new TreeSet<>();
      group.getValue().forEach(paths::add); // each shard of the group names every run it read
      List<ResourceId> files = new ArrayList<>();
      for (String path : paths) {
        files.add(FileSystems.matchNewResource(dir + "/" + path, false));
      }
      FileSystems.delete(files);
    }
  }
}
