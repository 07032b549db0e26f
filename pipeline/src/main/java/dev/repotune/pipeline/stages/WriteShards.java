package dev.repotune.pipeline.stages;

import dev.repotune.samples.CptRecord;
import dev.repotune.samples.Failed;
import dev.repotune.samples.JsonLines;
import dev.repotune.samples.ParquetShards;
import dev.repotune.samples.Rejected;
import dev.repotune.samples.ShardNames;
import dev.repotune.samples.SftRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

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
        write("Sft", in.get(SFT), new SftFormat()),
        write("Cpt", in.get(CPT), new CptFormat()),
        write("Rejected", in.get(REJECTED), new RejectedFormat()),
        write("Failed", in.get(FAILED), new FailedFormat()));
  }

  private <T> PCollection<String> write(String name, PCollection<T> rows, Format<T> format) {
    Coder<T> coder = rows.getCoder();
    PCollection<KV<String, T>> byGroup =
        rows.apply(name + "KeyByGroup", WithKeys.<String, T>of(format::group))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), coder));
    PCollectionView<Map<String, Long>> counts =
        byGroup.apply(name + "CountPerGroup", Count.perKey()).apply(name + "Counts", View.asMap());
    return byGroup
        .apply(
            name + "AssignShard",
            ParDo.of(new AssignShardFn<>(format, counts)).withSideInputs(counts))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), coder))
        .apply(name + "GroupByShard", GroupByKey.create())
        .apply(name + "WriteShard", ParDo.of(new WriteShardFn<>(dir, format)))
        .setCoder(StringUtf8Coder.of());
  }

  /** How one kind of row is grouped, ordered and written. */
  interface Format<T> extends Serializable {
    /** The folder under the dataset root. */
    String folder();

    /** The file-name prefix a row goes to: a split, or a stage for rejected/failed rows. */
    String group(T row);

    /** The order of rows inside a shard. */
    String sortKey(T row);

    long rowsPerShard();

    /** Writes one shard's sorted rows; returns the file names written, relative to the dataset root. */
    List<String> write(List<T> rows, Shard shard) throws IOException;
  }

  private static final class AssignShardFn<T> extends DoFn<KV<String, T>, KV<String, T>> {
    private final Format<T> format;
    private final PCollectionView<Map<String, Long>> counts;

    AssignShardFn(Format<T> format, PCollectionView<Map<String, Long>> counts) {
      this.format = format;
      this.counts = counts;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      String group = c.element().getKey();
      long n = c.sideInput(counts).get(group);
      int shards = ShardNames.shardCount(n, format.rowsPerShard());
      int index = ShardNames.shardOf(format.sortKey(c.element().getValue()), shards);
      c.output(KV.of(group + "\n" + index + "\n" + shards, c.element().getValue()));
    }
  }

  private static final class WriteShardFn<T> extends DoFn<KV<String, Iterable<T>>, String> {
    private final String dir;
    private final Format<T> format;

    WriteShardFn(String dir, Format<T> format) {
      this.dir = dir;
      this.format = format;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<T>> shard, OutputReceiver<String> out)
        throws IOException {
      String[] key = shard.getKey().split("\n");
      List<T> rows = new ArrayList<>();
      shard.getValue().forEach(rows::add);
      rows.sort(Comparator.comparing(format::sortKey));
      Shard files =
          new Shard(dir, format.folder(), key[0], Integer.parseInt(key[1]), Integer.parseInt(key[2]));
      for (String f : format.write(rows, files)) {
        out.output(f);
      }
    }
  }

  /** One shard file set: {@code <folder>/<group>-<index>-of-<count>.<ext>} under {@code dir}. */
  record Shard(String dir, String folder, String group, int index, int count) {
    String name(String extension) {
      return folder + "/" + ShardNames.of(group, index, count, extension);
    }

    OutputStream create(String extension) throws IOException {
      ResourceId file = FileSystems.matchNewResource(dir + "/" + name(extension), false);
      return Channels.newOutputStream(FileSystems.create(file, MimeTypes.BINARY));
    }

    String writeLines(List<String> lines) throws IOException {
      try (OutputStream out = create("jsonl")) {
        JsonLines.writeLines(out, lines);
      }
      return name("jsonl");
    }
  }

  static final class SftFormat implements Format<SftRecord> {
    @Override
    public String folder() {
      return "sft";
    }

    @Override
    public String group(SftRecord r) {
      return r.meta().split();
    }

    @Override
    public String sortKey(SftRecord r) {
      return r.id();
    }

    @Override
    public long rowsPerShard() {
      return 100_000;
    }

    @Override
    public List<String> write(List<SftRecord> rows, Shard shard) throws IOException {
      try (OutputStream out = shard.create("parquet")) {
        ParquetShards.writeSft(out, rows);
      }
      List<String> lines = new ArrayList<>(rows.size());
      rows.forEach(r -> lines.add(JsonLines.sft(r)));
      return List.of(shard.name("parquet"), shard.writeLines(lines));
    }
  }

  static final class CptFormat implements Format<CptRecord> {
    @Override
    public String folder() {
      return "cpt";
    }

    @Override
    public String group(CptRecord r) {
      return "train";
    }

    @Override
    public String sortKey(CptRecord r) {
      return r.meta().repo() + "\n" + r.meta().path();
    }

    @Override
    public long rowsPerShard() {
      return 2_000;
    }

    @Override
    public List<String> write(List<CptRecord> rows, Shard shard) throws IOException {
      try (OutputStream out = shard.create("parquet")) {
        ParquetShards.writeCpt(out, rows);
      }
      List<String> lines = new ArrayList<>(rows.size());
      rows.forEach(r -> lines.add(JsonLines.cpt(r)));
      return List.of(shard.name("parquet"), shard.writeLines(lines));
    }
  }

  static final class RejectedFormat implements Format<Rejected> {
    @Override
    public String folder() {
      return "rejected";
    }

    @Override
    public String group(Rejected r) {
      return r.stage();
    }

    @Override
    public String sortKey(Rejected r) {
      return JsonLines.rejected(r);
    }

    @Override
    public long rowsPerShard() {
      return 500_000;
    }

    @Override
    public List<String> write(List<Rejected> rows, Shard shard) throws IOException {
      List<String> lines = new ArrayList<>(rows.size());
      rows.forEach(r -> lines.add(JsonLines.rejected(r)));
      return List.of(shard.writeLines(lines));
    }
  }

  static final class FailedFormat implements Format<Failed> {
    @Override
    public String folder() {
      return "failed";
    }

    @Override
    public String group(Failed r) {
      return r.stage();
    }

    @Override
    public String sortKey(Failed r) {
      return JsonLines.failed(r);
    }

    @Override
    public long rowsPerShard() {
      return 500_000;
    }

    @Override
    public List<String> write(List<Failed> rows, Shard shard) throws IOException {
      List<String> lines = new ArrayList<>(rows.size());
      rows.forEach(r -> lines.add(JsonLines.failed(r)));
      return List.of(shard.writeLines(lines));
    }
  }
}
