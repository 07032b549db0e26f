package dev.repotune.pipeline.stages;

import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.ParquetShards;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.ShardNames;
import dev.repotune.samples.SftRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;

/**
 * Stage 9: every kept row, rejected row and failure, as shards under the run's work folder. A shard's
 * rows are chosen by a hash of the row's id and written sorted, so the same rows always give the same
 * bytes whatever the runner did with bundles. The driver moves the folder into place only after this
 * stage and the manifest are done, so a half-written dataset never looks finished.
 */
public final class WriteShards extends PTransform<PCollectionTuple, PCollection<String>> {
  public static final TupleTag<SftRecord> SFT = new TupleTag<>("sft") {};
  public static final TupleTag<CptRecord> CPT = new TupleTag<>("cpt") {};
  public static final TupleTag<Rejected> REJECTED = new TupleTag<>("rejected") {};
  public static final TupleTag<Failed> FAILED = new TupleTag<>("failed") {};

  /** Where bundles leave their run files until the merge; empty when the stage is done. */
  public static final String RUNS = "_runs";

  private final String dir;

  private WriteShards(String dir) {
    this.dir = dir;
  }

  /** Writes under {@code dir}: {@code sft/}, {@code cpt/}, {@code rejected/}, {@code failed/}. */
  public static WriteShards to(String dir) {
    return new WriteShards(dir);
  }

  @Override
  public PCollection<String> expand(PCollectionTuple in) {
    return Stages.flatten(
        "FlattenWritten",
        write("Sft", in.get(SFT), SFT_FORMAT),
        write("Cpt", in.get(CPT), CPT_FORMAT),
        write("Rejected", in.get(REJECTED), REJECTED_FORMAT),
        write("Failed", in.get(FAILED), FAILED_FORMAT));
  }

  /**
   * Rows go to shards in two steps, as Beam's own file sinks do: each bundle writes its rows of each
   * shard to a temporary run file, and one merge per shard reads its runs, sorts and writes the final
   * files. Only run-file names pass through the GroupByKey, never the rows themselves.
   */
  private <T> PCollection<String> write(String name, PCollection<T> rows, Format<T> format) {
    PCollectionView<Map<String, Long>> counts =
        rows.apply(name + "CountPerBundle", ParDo.of(new CountGroupsFn<>(format)))
            .apply(name + "SumCounts", Sum.longsPerKey())
            .apply(name + "Counts", View.asMap());
    return rows.apply(
            name + "WriteRuns",
            ParDo.of(new WriteRunsFn<>(dir, format, counts)).withSideInputs(counts))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(name + "GroupRunsByShard", GroupByKey.create())
        .apply(name + "MergeShard", ParDo.of(new MergeShardFn<>(dir, format)))
        .setCoder(StringUtf8Coder.of());
  }

  /** Writes a shard's rows as one Parquet file. */
  interface ParquetWriterFn<T> extends Serializable {
    void write(OutputStream out, List<T> rows) throws IOException;
  }

  /**
   * How one kind of row is grouped ({@code group}: a split, or a stage for rejected and failed rows),
   * ordered inside a shard ({@code sortKey}; null, only without Parquet, for the JSON line itself), kept in run files ({@code encode}/{@code decode}, one JSON
   * line) and written: always JSONL, and Parquet too when {@code parquet} is set.
   */
  record Format<T>(
      String folder,
      SerializableFunction<T, String> group,
      SerializableFunction<T, String> sortKey,
      long rowsPerShard,
      SerializableFunction<T, String> encode,
      SerializableFunction<String, T> decode,
      ParquetWriterFn<T> parquet)
      implements Serializable {

    /**
     * Sorts one shard's run lines and writes them; returns the file names written, relative to the
     * dataset root. The lines are written as they are (each is {@code encode} of its row already); rows
     * are decoded only for Parquet or a sort key that needs them, and each key is computed once.
     */
    List<String> write(List<String> lines, Shard shard) throws IOException {
      List<String> written = new ArrayList<>(2);
      if (parquet == null && sortKey == null) {
        Collections.sort(lines);
        written.add(shard.writeLines(lines));
        return written;
      }
      int n = lines.size();
      List<T> rows = new ArrayList<>(n);
      String[] keys = new String[n];
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        T row = decode.apply(lines.get(i));
        rows.add(row);
        keys[i] = sortKey.apply(row);
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparing((Integer i) -> keys[i]).thenComparing(i -> lines.get(i)));
      List<T> sortedRows = new ArrayList<>(n);
      List<String> sortedLines = new ArrayList<>(n);
      for (int i : order) {
        sortedRows.add(rows.get(i));
        sortedLines.add(lines.get(i));
      }
      if (parquet != null) {
        try (OutputStream out = shard.create("parquet")) {
          parquet.write(out, sortedRows);
        }
        written.add(shard.name("parquet"));
      }
      written.add(shard.writeLines(sortedLines));
      return written;
    }
  }

  static final Format<SftRecord> SFT_FORMAT =
      new Format<>("sft", r -> r.meta().split(), SftRecord::id, 100_000,
          JsonLines::sft, JsonLines::readSft, ParquetShards::writeSft);
  static final Format<CptRecord> CPT_FORMAT =
      new Format<>("cpt", r -> "train", r -> r.meta().repo() + "\n" + r.meta().path(), 2_000,
          JsonLines::cpt, JsonLines::readCpt, ParquetShards::writeCpt);
  // A null sort key: rows are ordered by their JSON line, the one ordering that needs no decoding.
  static final Format<Rejected> REJECTED_FORMAT =
      new Format<>("rejected", Rejected::stage, null, 500_000,
          JsonLines::rejected, JsonLines::readRejected, null);
  static final Format<Failed> FAILED_FORMAT =
      new Format<>("failed", Failed::stage, null, 500_000,
          JsonLines::failed, JsonLines::readFailed, null);

  /** Rows per group, summed within a bundle first so the grouping sees one number per bundle. */
  private static final class CountGroupsFn<T> extends DoFn<T, KV<String, Long>> {
    private final Format<T> format;
    private transient Map<String, Long> counts;

    CountGroupsFn(Format<T> format) {
      this.format = format;
    }

    @StartBundle
    public void start() {
      counts = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element T row) {
      counts.merge(format.group().apply(row), 1L, Long::sum);
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      counts.forEach((k, v) -> c.output(KV.of(k, v), Instant.EPOCH, GlobalWindow.INSTANCE));
    }
  }

  private static final class WriteRunsFn<T> extends DoFn<T, KV<String, String>> {
    private final String dir;
    private final Format<T> format;
    private final PCollectionView<Map<String, Long>> countsView;
    private final Counter rowsWritten = Metrics.counter(WriteShards.class, "rows");
    private transient Map<String, List<String>> runs;
    private transient Map<String, Long> bundleCounts;

    WriteRunsFn(String dir, Format<T> format, PCollectionView<Map<String, Long>> counts) {
      this.dir = dir;
      this.format = format;
      this.countsView = counts;
    }

    @StartBundle
    public void start() {
      runs = new TreeMap<>();
      bundleCounts = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      T row = c.element();
      rowsWritten.inc();
      String group = format.group().apply(row);
      if (bundleCounts == null) {
        bundleCounts = c.sideInput(countsView); // once per bundle: the DirectRunner rebuilds it per call
      }
      int shards = ShardNames.shardCount(bundleCounts.get(group), format.rowsPerShard());
      String line = format.encode().apply(row);
      int index = ShardNames.shardOf(format.sortKey() == null ? line : format.sortKey().apply(row), shards);
      String key = group + "\n" + index + "\n" + shards;
      runs.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
    }

    @FinishBundle
    public void finish(FinishBundleContext c) throws IOException {
      for (Map.Entry<String, List<String>> run : runs.entrySet()) {
        String path = RUNS + "/" + format.folder() + "/" + UUID.randomUUID() + ".jsonl";
        try (OutputStream out = open(dir, path)) {
          JsonLines.writeLines(out, run.getValue());
        }
        c.output(KV.of(run.getKey(), path), Instant.EPOCH, GlobalWindow.INSTANCE);
      }
      runs = null;
    }
  }

  private static final class MergeShardFn<T> extends DoFn<KV<String, Iterable<String>>, String> {
    private final String dir;
    private final Format<T> format;

    MergeShardFn(String dir, Format<T> format) {
      this.dir = dir;
      this.format = format;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<String>> shard, OutputReceiver<String> out)
        throws IOException {
      String[] key = shard.getKey().split("\n");
      List<String> lines = new ArrayList<>();
      List<ResourceId> runFiles = new ArrayList<>();
      for (String run : shard.getValue()) {
        ResourceId id = FileSystems.matchNewResource(dir + "/" + run, false);
        runFiles.add(id);
        try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(
                    Channels.newInputStream(FileSystems.open(id)), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            lines.add(line);
          }
        }
      }
      Shard files =
          new Shard(dir, format.folder(), key[0], Integer.parseInt(key[1]), Integer.parseInt(key[2]));
      for (String f : format.write(lines, files)) {
        out.output(f);
      }
      FileSystems.delete(runFiles);
    }
  }

  static OutputStream open(String dir, String relative) throws IOException {
    ResourceId file = FileSystems.matchNewResource(dir + "/" + relative, false);
    return Channels.newOutputStream(FileSystems.create(file, MimeTypes.BINARY));
  }

  /** One shard file set: {@code <folder>/<group>-<index>-of-<count>.<ext>} under {@code dir}. */
  record Shard(String dir, String folder, String group, int index, int count) {
    String name(String extension) {
      return folder + "/" + ShardNames.of(group, index, count, extension);
    }

    OutputStream create(String extension) throws IOException {
      return open(dir, name(extension));
    }

    String writeLines(List<String> lines) throws IOException {
      try (OutputStream out = create("jsonl")) {
        JsonLines.writeLines(out, lines);
      }
      return name("jsonl");
    }
  }
}
