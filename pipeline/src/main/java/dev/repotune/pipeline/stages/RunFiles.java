package dev.repotune.pipeline.stages;

import dev.repotune.samples.OutputKind;
import dev.repotune.samples.ShardNames;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Instant;

/**
 * The first half of writing shards: rows <em>spilled</em> to run files as they come. Each bundle appends
 * its rows to run files, a few megabytes of rows at a time, each run file ordered by bucket (a hash of the
 * row's key, one of {@value #BUCKETS}) with the buckets' offsets in its {@link Run}. Once a group's total
 * is known it gets its shard count {@code n}, and shard {@code i} is the contiguous buckets {@code b} with
 * {@code b * n / BUCKETS == i} ({@link MergeShards}): each merge reads one byte range from every run file.
 */
public final class RunFiles {
  /** Where bundles leave their run files until the merge; deleted, group by group, once merged. */
  public static final String FOLDER = "_runs";

  /** Hash buckets of a group: a group has at most this many shards (more rows make larger shards). */
  static final int BUCKETS = 1024;

  /** A bundle writes a run file each time this much row text is buffered, and at its end. */
  static final long SPILL_BYTES = 16L << 20;

  private RunFiles() {}

  /**
   * One run file: the rows a bundle spilled for one group of one folder, ordered by bucket; bucket
   * {@code b} is bytes {@code offsets[b]} to {@code offsets[b + 1]}.
   */
  public record Run(String folder, String group, String path, long rows, long[] offsets) implements Serializable {}

  /** The runs a shard reads (a list in a record, for a coder that Beam infers). */
  record RunList(List<Run> runs) implements Serializable {}

  /** A row as spilled: its sort key (null: its line), meta for the merge's tallies, and its JSON line. */
  record SpilledRow(String key, String meta, String line) {
    static final Comparator<SpilledRow> ORDER =
        Comparator.comparing(SpilledRow::orderKey).thenComparing(SpilledRow::line);

    String orderKey() {
      return key == null ? line : key;
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

    /** Adds a row of {@code kind}, grouped and keyed as the kind says. */
    <T> List<Run> add(OutputKind<T> kind, T row) throws IOException {
      return add(kind.group(row), kind.sortKey(row), "", kind.codec().line(row));
    }

    /** Writes what is buffered, one run file per group. */
    List<Run> flush() throws IOException {
      List<Run> runs = new ArrayList<>();
      for (Map.Entry<String, List<SpilledRow>[]> e : buffered.entrySet()) {
        String path = FOLDER + "/" + folder + "/" + UUID.randomUUID() + ".run";
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

  /** The rows of buckets {@code [fromBucket, toBucket)} of a run: one byte range of its file. */
  static void read(String dir, Run run, int fromBucket, int toBucket, List<SpilledRow> into) throws IOException {
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

  static OutputStream open(String dir, String relative) throws IOException {
    ResourceId file = FileSystems.matchNewResource(dir + "/" + relative, false);
    return Channels.newOutputStream(FileSystems.create(file, MimeTypes.BINARY));
  }

  /**
   * Spills rows of one kind that arrive as a collection (everything but the rows {@link SftRows} spills
   * itself), and gives each bundle's manifest counts of them ({@link OutputKind#count}).
   */
  static final class SpillFn<T> extends DoFn<T, Run> {
    private final String dir;
    private final OutputKind<T> kind;
    private final long spillBytes;
    private final TupleTag<Run> runs;
    private final TupleTag<KV<String, Long>> counts;
    private final Counter rowsWritten = Metrics.counter(WriteShards.class, "rows");
    private transient Spiller spiller;
    private transient Map<String, Long> sums;

    SpillFn(String dir, OutputKind<T> kind, long spillBytes, TupleTag<Run> runs, TupleTag<KV<String, Long>> counts) {
      this.dir = dir;
      this.kind = kind;
      this.spillBytes = spillBytes;
      this.runs = runs;
      this.counts = counts;
    }

    @StartBundle
    public void start() {
      spiller = new Spiller(dir, kind.folder(), spillBytes);
      sums = new TreeMap<>();
    }

    @ProcessElement
    public void process(@Element T row, MultiOutputReceiver out) throws IOException {
      rowsWritten.inc();
      kind.count(row, sums);
      for (Run r : spiller.add(kind, row)) {
        out.get(runs).output(r);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) throws IOException {
      for (Run r : spiller.flush()) {
        c.output(runs, r, Instant.EPOCH, GlobalWindow.INSTANCE);
      }
      sums.forEach((k, v) -> c.output(counts, KV.of(k, v), Instant.EPOCH, GlobalWindow.INSTANCE));
      spiller = null;
      sums = null;
    }
  }
}
