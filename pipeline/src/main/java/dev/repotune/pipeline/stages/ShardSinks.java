package dev.repotune.pipeline.stages;

import dev.repotune.samples.JsonLines;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.ParquetShards;
import dev.repotune.samples.RowCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * The shard formats, as Beam {@link FileIO.Sink}s of a shard's JSON lines: JSONL as it is, Parquet
 * (each line decoded by the kind's {@link RowCodec}, for a kind with a schema), and each derived kind's
 * part ({@link OutputKind#derive}: the OpenAI copy of an SFT shard). {@link #write} gives one shard's
 * sorted lines to every sink of its kind in one pass; the record-to-row logic stays in samples.
 */
public final class ShardSinks {
  /**
   * Where shards leave their derived kinds' parts, one part file per shard, named as the shard: {@code
   * _copies/openai/sft/train-00003-of-00017.jsonl}. The driver joins a split's parts in shard order into
   * the derived kind's file ({@code openai/train.jsonl}) and deletes the folder.
   */
  public static final String COPIES = "_copies";

  private ShardSinks() {}

  /**
   * Writes one shard of {@code kind}, {@code lines} in order, in every format; returns the file names
   * written, relative to the dataset root (derived parts aside).
   */
  static List<String> write(String dir, OutputKind<?> kind, String group, int index, int count, List<String> lines)
      throws IOException {
    List<String> names = new ArrayList<>(2);
    List<String> files = new ArrayList<>(3);
    List<FileIO.Sink<String>> sinks = new ArrayList<>(3);
    if (kind.hasParquet()) {
      names.add(kind.shardFile(group, index, count, "parquet"));
      files.add(names.get(names.size() - 1));
      sinks.add(new ParquetSink<>(kind.codec()));
    }
    names.add(kind.shardFile(group, index, count, "jsonl"));
    files.add(names.get(names.size() - 1));
    sinks.add(new JsonlSink());
    for (OutputKind<?> derived : OutputKind.values()) {
      if (derived.source() == kind) {
        files.add(COPIES + "/" + derived.folder() + "/" + kind.shardFile(group, index, count, "jsonl"));
        sinks.add(new DerivedSink(derived));
      }
    }
    List<WritableByteChannel> channels = new ArrayList<>(sinks.size());
    try {
      for (int i = 0; i < sinks.size(); i++) {
        channels.add(FileSystems.create(FileSystems.matchNewResource(dir + "/" + files.get(i), false), MimeTypes.BINARY));
        sinks.get(i).open(channels.get(i));
      }
      for (String line : lines) {
        for (FileIO.Sink<String> sink : sinks) {
          sink.write(line);
        }
      }
      for (FileIO.Sink<String> sink : sinks) {
        sink.flush();
      }
    } finally {
      for (WritableByteChannel c : channels) {
        c.close();
      }
    }
    return names;
  }

  /** One JSON line a row, each followed by "\n", as {@link JsonLines#writeLines} writes them. */
  static final class JsonlSink implements FileIO.Sink<String> {
    private transient OutputStream out;

    @Override
    public void open(WritableByteChannel channel) {
      out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    @Override
    public void write(String line) throws IOException {
      JsonLines.writeLines(out, List.of(line));
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }

  /** The derived kind's line of each row, one a line. */
  static final class DerivedSink implements FileIO.Sink<String> {
    private final OutputKind<?> kind;
    private transient OutputStream out;

    DerivedSink(OutputKind<?> kind) {
      this.kind = kind;
    }

    @Override
    public void open(WritableByteChannel channel) {
      out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    @Override
    public void write(String line) throws IOException {
      out.write(kind.derive(line).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }

  /**
   * The rows as one Parquet file: each line decoded (one row at a time) and handed to {@link
   * ParquetShards}, which holds the file until {@link #flush} writes it with its footer sorted.
   */
  static final class ParquetSink<T> implements FileIO.Sink<String> {
    private final transient RowCodec<T> codec;
    private transient OutputStream out;
    private transient ParquetShards.Writer<T> writer;

    ParquetSink(RowCodec<T> codec) {
      this.codec = codec;
    }

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      out = Channels.newOutputStream(channel);
      writer = ParquetShards.open(out, codec);
    }

    @Override
    public void write(String line) throws IOException {
      writer.write(codec.read(line));
    }

    @Override
    public void flush() throws IOException {
      writer.close();
      out.flush();
    }
  }
}
