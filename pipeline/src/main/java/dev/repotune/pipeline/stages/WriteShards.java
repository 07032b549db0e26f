package dev.repotune.pipeline.stages;

import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.ParquetShards;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.ShardNames;
import dev.repotune.samples.SftRecord;
import dev.repotune.samples.quality.DuplicateClusters;
import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Stage 10: every kept row, rejected row and failure, as shards under the run's work folder. A shard's
 * rows are chosen by a hash of the row's key and written sorted, so the same rows always give the same
 * bytes whatever the runner did with bundles. The driver moves the folder into place only after this
 * stage and the manifest are done, so a half-written dataset never looks finished.
 *
 * <p>Rows go to shards in two steps, as Beam's own file sinks do. First they are <em>spilled</em>: each
 * bundle appends its rows to run files, a few megabytes of rows at a time, each run file ordered by
 * bucket (a hash of the key, one of {@value #BUCKETS}) with the buckets' offsets in its {@link Run}.
 * Then, once a group's total is known, it gets its shard count {@code n}, and shard {@code i} is the
 * contiguous buckets {@code b} with {@code b * n / BUCKETS == i}: each merge reads one byte range from
 * every run file, sorts it and writes the final files. No step holds more than one shard's rows, and
 * only run descriptors pass through the GroupByKeys. {@link SftRows} spills SFT rows itself, as it
 * makes them, and the SFT merge drops the rows {@link Deduplicate} chose (so an SFT split's shard count
 * comes from its rows before dedup).
 */
public final class WriteShards extends PTransform<PCollectionTuple, PCollection<String>> {
  public static final TupleTag<CptRecord> CPT = new TupleTag<>("cpt") {};
  public static final TupleTag<Rejected> REJECTED = new TupleTag<>("rejected") {};
  public static final TupleTag<Failed> FAILED = new TupleTag<>("failed") {};

  /** Where bundles leave their run files until the merge; deleted, group by group, once merged. */
  public static final String RUNS = "_runs";

  /** Hash buckets of a group: a group has at most this many shards (more rows make larger shards). */
  static final int BUCKETS = 1024;

  /** A bundle writes a run file each time this much row text is buffered, and at its end. */
  static final long SPILL_BYTES = 16L << 20;

  private final String dir;

  private WriteShards(String dir) {
    this.dir = dir;
  }

  /**
   * Writes under {@code dir}: {@code cpt/}, {@code rejected/}, {@code failed/}. The SFT rows are spilled by
   * {@link SftRows} as they are made and merged by {@link #mergeSft}.
   */
  public static WriteShards to(String dir) {
    return new WriteShards(dir);
  }

  @Override
  public PCollection<String> expand(PCollectionTuple in) {
    return PCollectionList.of(rows(dir, "Cpt", in.get(CPT), CPT_FORMAT, SPILL_BYTES))
        .and(rows(dir, "Rejected", in.get(REJECTED), REJECTED_FORMAT, SPILL_BYTES))
        .and(rows(dir, "Failed", in.get(FAILED), FAILED_FORMAT, SPILL_BYTES))
        .apply("FlattenWritten", Flatten.pCollections());
  }

  /**
   * The SFT shards from runs {@link SftRows} spilled, without the rows in {@code drops}: those come back
   * as {@link Rejected} rows of {@link Deduplicate}. Also gives the kept rows' tallies for the manifest.
   */
  public static Merged mergeSft(
      String dir, PCollection<Run> runs, PCollectionView<Deduplicate.Decisions> drops) {
    return write(dir, "Sft", runs, SFT_FORMAT, drops);
  }

  /** What a merge gives back: the files written, rows dropped at the merge, and tallies of kept rows. */
  public record Merged(
      PCollection<String> written, PCollection<Rejected> rejected, PCollection<KV<String, Long>> tallies) {}

  /** Spills and merges {@code rows}; returns the file names written. */
  static <T> PCollection<String> rows(
      String dir, String name, PCollection<T> rows, Format<T> format, long spillBytes) {
    PCollection<Run> runs =
        rows.apply(name + "SpillRuns", ParDo.of(new SpillFn<>(dir, format, spillBytes)))
            .setCoder(SerializableCoder.of(Run.class));
    return write(dir, name, runs, format, null).written();
  }

  private static <T> Merged write(
      String dir, String name, PCollection<Run> runs, Format<T> format, PCollectionView<Deduplicate.Decisions> drops) {
    TupleTag<String> written = new TupleTag<>() {};
    TupleTag<Rejected> rejected = new TupleTag<>() {};
    TupleTag<KV<String, Long>> tallies = new TupleTag<>() {};
    TupleTag<KV<String, String>> merged = new TupleTag<>() {};
    MergeShardFn<T> merge = new MergeShardFn<>(dir, format, drops, written, rejected, tallies, merged);
    PCollectionTuple out =
        runs.apply(name + "KeyRunsByGroup", ParDo.of(new KeyByGroupFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Run.class)))
            .apply(name + "GroupRuns", GroupByKey.create())
            .apply(name + "PlanShards", ParDo.of(new PlanShardsFn(format.rowsPerShard())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(RunList.class)))
            // one bundle per shard, so shards merge in parallel
            .apply(name + "GroupRunsByShard", GroupByKey.create())
            .apply(
                name + "MergeShard",
                (drops == null ? ParDo.of(merge) : ParDo.of(merge).withSideInputs(drops))
                    .withOutputTags(written, TupleTagList.of(rejected).and(tallies).and(merged)));
    out.get(written).setCoder(StringUtf8Coder.of());
    out.get(rejected).setCoder(SerializableCoder.of(Rejected.class));
    out.get(tallies).setCoder(KvCoder.of(StringUtf8Coder.of(), org.apache.beam.sdk.coders.VarLongCoder.of()));
    out.get(merged)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply(name + "GroupMergedRuns", GroupByKey.create())
        .apply(name + "DeleteRuns", ParDo.of(new DeleteRunsFn(dir)));
    return new Merged(out.get(written), out.get(rejected), out.get(tallies));
  }

  /** Writes a shard's rows, in order, as one Parquet file. */
  interface ParquetWriterFn<T> extends Serializable {
    void write(OutputStream out, Iterable<T> rows) throws IOException;
  }

  /**
   * How one kind of row is grouped ({@code group}: a split, or a stage for rejected and failed rows),
   * ordered inside a shard ({@code sortKey}; null, only without Parquet, for the JSON line itself), kept
   * in run files ({@code encode}; {@code decode} back for Parquet) and written: always JSONL, and Parquet
   * too when {@code parquet} is set. {@code tally} names the manifest counts of a kept row (null: none).
   * {@code copy}, when set, writes each row's line once more in another shape, as {@link #COPIES}{@code
   * /<folder>/} part files the driver joins (the OpenAI fine-tuning file), as the shard is written.
   */
  record Format<T>(
      String folder,
      SerializableFunction<T, String> group,
      SerializableFunction<T, String> sortKey,
      long rowsPerShard,
      SerializableFunction<T, String> encode,
      SerializableFunction<String, T> decode,
      ParquetWriterFn<T> parquet,
      Tally tally,
      SerializableFunction<String, String> copy)
      implements Serializable {

    /**
     * Sorts one shard's rows (by key, then line) and writes them; returns the file names written,
     * relative to the dataset root. Lines are written as they are; rows are decoded one at a time, in
     * order, only for Parquet.
     */
    List<String> write(List<SpilledRow> rows, Shard shard) throws IOException {
      rows.sort(SpilledRow.ORDER);
      List<String> written = new ArrayList<>(2);
      if (parquet != null) {
        try (OutputStream out = shard.create("parquet");
            OutputStream copies = copy == null ? null : new BufferedOutputStream(shard.createCopy(), 1 << 16)) {
          parquet.write(out, () -> decoded(rows.iterator(), copies));
        }
        written.add(shard.name("parquet"));
      }
      try (OutputStream out = shard.create("jsonl")) {
        JsonLines.writeLines(out, () -> rows.stream().map(SpilledRow::line).iterator());
      }
      written.add(shard.name("jsonl"));
      return written;
    }

    /** The rows decoded one at a time, each also written to {@code copies} (when not null) as it passes. */
    private Iterator<T> decoded(Iterator<SpilledRow> rows, OutputStream copies) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public T next() {
          String line = rows.next().line();
          T row = decode.apply(line);
          if (copies != null) {
            try {
              copies.write(copy.apply(line).getBytes(StandardCharsets.UTF_8));
              copies.write('\n');
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
          return row;
        }
      };
    }
  }

  /** The manifest counts of one kept row, from its group and the meta it was spilled with. */
  interface Tally extends Serializable {
    void add(String group, String meta, Map<String, Long> sums);
  }

  /**
   * SFT rows are spilled with the meta {@code task<TAB>tokens} (tokens are counted where the row is
   * made, with the texts rows share counted once), so the merge counts kept rows without decoding them.
   */
  static String sftMeta(SftRecord r, long tokens) {
    return r.meta().task() + "\t" + tokens;
  }

  static final Format<SftRecord> SFT_FORMAT =
      new Format<>("sft", r -> r.meta().split(), SftRecord::id, 100_000,
          JsonLines::sft, JsonLines::readSft, ParquetShards::writeSft,
          (split, meta, sums) -> {
            int tab = meta.indexOf('\t');
            sums.merge("sft." + split + ".total", 1L, Long::sum);
            sums.merge("sft." + split + ".task." + meta.substring(0, tab), 1L, Long::sum);
            sums.merge("tokens.sft." + split, Long.parseLong(meta.substring(tab + 1)), Long::sum);
            sums.merge("stages.Deduplicate.out", 1L, Long::sum);
          },
          JsonLines::openaiOf);

  /**
   * Where shards leave their rows' second shape ({@link Format#copy}), one part file per shard, named as
   * the shard: {@code _copies/sft/train-00003-of-00017.jsonl}. The driver joins a split's parts in shard
   * order into {@code openai/<split>.jsonl} and deletes the folder.
   */
  public static final String COPIES = "_copies";
  static final Format<CptRecord> CPT_FORMAT =
      new Format<>("cpt", r -> "train", r -> r.meta().repo() + "\n" + r.meta().path(), 2_000,
          JsonLines::cpt, JsonLines::readCpt, ParquetShards::writeCpt, null, null);
  // A null sort key: rows are ordered by their JSON line, the one ordering that needs no decoding.
  static final Format<Rejected> REJECTED_FORMAT =
      new Format<>("rejected", Rejected::stage, null, 100_000,
          JsonLines::rejected, JsonLines::readRejected, null, null, null);
  static final Format<Failed> FAILED_FORMAT =
      new Format<>("failed", Failed::stage, null, 100_000,
          JsonLines::failed, JsonLines::readFailed, null, null, null);

  /**
   * One run file: the rows a bundle spilled for one group of one folder, ordered by bucket; bucket
   * {@code b} is bytes {@code offsets[b]} to {@code offsets[b + 1]}.
   */
  public record Run(String folder, String group, String path, long rows, long[] offsets) implements Serializable {}

  /** The runs a shard reads (a list in a record, for a coder that Beam infers). */
  record RunList(List<Run> runs) implements Serializable {}

  /** A row as spilled: its sort key (null: its line), meta for the tallies, and its JSON line. */
  record SpilledRow(String key, String meta, String line) {
    static final Comparator<SpilledRow> ORDER =
        Comparator.comparing(SpilledRow::orderKey).thenComparing(SpilledRow::line);

    String orderKey() {
      return key == null ? line : key;
    }
  }

  /**
   * Buffers a bundle's rows per group and bucket, and writes them out as run files every
   * {@code spillBytes} of text and at the end: memory stays bounded however large the bundle.
   */
  static final class Spiller {
    private final String dir;
    private final String folder;
    private final long spillBytes;
    private final Map<String, List<SpilledRow>[]> buffered = new TreeMap<>();
    private long bytes;

    Spiller(String dir, String folder) {
      this(dir, folder, SPILL_BYTES);
    }

    Spiller(String dir, String folder, long spillBytes) {
      this.dir = dir;
      this.folder = folder;
      this.spillBytes = spillBytes;
    }

    /** Adds a row; returns the runs written if the buffer was full, else an empty list. */
    @SuppressWarnings("unchecked")
    List<Run> add(String group, String key, String meta, String line) throws IOException {
      int bucket = ShardNames.shardOf(key == null ? line : key, BUCKETS);
      List<SpilledRow>[] buckets = buffered.computeIfAbsent(group, g -> new List[BUCKETS]);
      if (buckets[bucket] == null) {
        buckets[bucket] = new ArrayList<>();
      }
      buckets[bucket].add(new SpilledRow(key, meta, line));
      bytes += line.length() + (key == null ? 0 : key.length()) + meta.length() + 64;
      return bytes >= spillBytes ? flush() : List.of();
    }

    /** Writes what is buffered, one run file per group. */
    List<Run> flush() throws IOException {
      List<Run> runs = new ArrayList<>();
      for (Map.Entry<String, List<SpilledRow>[]> e : buffered.entrySet()) {
        String path = RUNS + "/" + folder + "/" + UUID.randomUUID() + ".run";
        long[] offsets = new long[BUCKETS + 1];
        long rows = 0;
        // a run file stays near spillBytes, far below DataOutputStream's int count
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(open(dir, path), 1 << 16))) {
          for (int b = 0; b < BUCKETS; b++) {
            offsets[b] = out.size();
            List<SpilledRow> bucket = e.getValue()[b];
            if (bucket == null) {
              continue;
            }
            for (SpilledRow r : bucket) {
              writeString(out, r.key());
              writeString(out, r.meta());
              writeString(out, r.line());
              rows++;
            }
          }
          offsets[BUCKETS] = out.size();
        }
        runs.add(new Run(folder, e.getKey(), path, rows, offsets));
      }
      buffered.clear();
      bytes = 0;
      return runs;
    }
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  /** Spills rows that arrive as a collection (everything but the SFT rows that {@link SftRows} spills). */
  private static final class SpillFn<T> extends DoFn<T, Run> {
    private final String dir;
    private final Format<T> format;
    private final long spillBytes;
    private final Counter rowsWritten = Metrics.counter(WriteShards.class, "rows");
    private transient Spiller spiller;

    SpillFn(String dir, Format<T> format, long spillBytes) {
      this.dir = dir;
      this.format = format;
      this.spillBytes = spillBytes;
    }

    @StartBundle
    public void start() {
      spiller = new Spiller(dir, format.folder(), spillBytes);
    }

    @ProcessElement
    public void process(@Element T row, OutputReceiver<Run> out) throws IOException {
      rowsWritten.inc();
      String key = format.sortKey() == null ? null : format.sortKey().apply(row);
      for (Run r : spiller.add(format.group().apply(row), key, "", format.encode().apply(row))) {
        out.output(r);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) throws IOException {
      for (Run r : spiller.flush()) {
        c.output(r, Instant.EPOCH, GlobalWindow.INSTANCE);
      }
      spiller = null;
    }
  }

  private static final class KeyByGroupFn extends DoFn<Run, KV<String, Run>> {
    @ProcessElement
    public void process(@Element Run run, OutputReceiver<KV<String, Run>> out) {
      out.output(KV.of(run.folder() + "\n" + run.group(), run));
    }
  }

  /** A group's shard count: at most {@code rowsPerShard} rows a shard, and at most one shard a bucket. */
  static int shardCount(long rows, long rowsPerShard) {
    return ShardNames.shardCount(Math.min(rows, (long) BUCKETS * rowsPerShard), rowsPerShard);
  }

  /** The first bucket of shard {@code i} of {@code n}: shard i is the buckets b with b * n / BUCKETS == i. */
  static int firstBucket(int i, int n) {
    return (int) (((long) i * BUCKETS + n - 1) / n);
  }

  /** The shard of a row's key, among {@code n}. */
  static int shardOf(String key, int n) {
    return (int) ((long) ShardNames.shardOf(key, BUCKETS) * n / BUCKETS);
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
      int n = shardCount(rows, rowsPerShard);
      for (int i = 0; i < n; i++) {
        out.output(KV.of(group.getKey() + "\n" + i + "\n" + n, new RunList(runs)));
      }
    }
  }

  private static final class MergeShardFn<T> extends DoFn<KV<String, Iterable<RunList>>, String> {
    private final String dir;
    private final Format<T> format;
    private final PCollectionView<Deduplicate.Decisions> dropsView;
    private final TupleTag<String> written;
    private final TupleTag<Rejected> rejected;
    private final TupleTag<KV<String, Long>> tallies;
    private final TupleTag<KV<String, String>> merged;

    MergeShardFn(
        String dir,
        Format<T> format,
        PCollectionView<Deduplicate.Decisions> drops,
        TupleTag<String> written,
        TupleTag<Rejected> rejected,
        TupleTag<KV<String, Long>> tallies,
        TupleTag<KV<String, String>> merged) {
      this.dir = dir;
      this.format = format;
      this.dropsView = drops;
      this.written = written;
      this.rejected = rejected;
      this.tallies = tallies;
      this.merged = merged;
    }

    @ProcessElement
    public void process(ProcessContext c, MultiOutputReceiver out) throws IOException {
      KV<String, Iterable<RunList>> shard = c.element();
      String[] key = shard.getKey().split("\n");
      String group = key[1];
      int index = Integer.parseInt(key[2]);
      int count = Integer.parseInt(key[3]);
      Deduplicate.Decisions drops = dropsView == null ? Deduplicate.Decisions.NONE : c.sideInput(dropsView);
      List<SpilledRow> rows = new ArrayList<>();
      Map<String, Long> sums = new TreeMap<>();
      TreeSet<String> runPaths = new TreeSet<>();
      int from = firstBucket(index, count);
      int to = firstBucket(index + 1, count);
      for (RunList list : shard.getValue()) {
        for (Run run : list.runs()) {
          runPaths.add(run.path());
          read(run, from, to, rows);
        }
      }
      List<SpilledRow> kept = new ArrayList<>(rows.size());
      for (SpilledRow r : rows) {
        DuplicateClusters.Drop drop = r.key() == null ? null : drops.dropOf(r.key());
        if (drop != null) {
          out.get(rejected).output(Deduplicate.rejected(drop, r.line()));
          continue;
        }
        if (format.tally() != null) {
          format.tally().add(group, r.meta(), sums);
        }
        kept.add(r);
      }
      rows = null;
      Shard files = new Shard(dir, format.folder(), group, index, count);
      for (String f : format.write(kept, files)) {
        out.get(written).output(f);
      }
      sums.forEach((k, v) -> out.get(tallies).output(KV.of(k, v)));
      for (String path : runPaths) {
        out.get(merged).output(KV.of(format.folder() + "\n" + group, path));
      }
    }

    /** The rows of buckets {@code [fromBucket, toBucket)}: one byte range of the run file. */
    private void read(Run run, int fromBucket, int toBucket, List<SpilledRow> into) throws IOException {
      long from = run.offsets()[fromBucket];
      long to = run.offsets()[toBucket];
      if (from == to) {
        return;
      }
      byte[] range;
      ResourceId id = FileSystems.matchNewResource(dir + "/" + run.path(), false);
      try (SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(id)) {
        channel.position(from);
        range = Channels.newInputStream(channel).readNBytes((int) (to - from)); // within one run file
      }
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(range));
      while (in.available() > 0) {
        into.add(new SpilledRow(readString(in), readString(in), readString(in)));
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

    OutputStream createCopy() throws IOException {
      return open(dir, COPIES + "/" + name("jsonl"));
    }
  }
}
