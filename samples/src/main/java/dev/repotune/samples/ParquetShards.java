package dev.repotune.samples;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Comparator;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * SFT and CPT shards as Parquet, the format {@code load_dataset} and the Hub viewer read fastest.
 * Column names are the JSONL keys ({@link JsonLines}), so both formats load as the same columns.
 *
 * <p>Written to a plain {@link OutputStream} (not a Hadoop path) so the pipeline can write through any
 * Beam filesystem. The bytes depend only on the rows: parquet-mr puts no timestamp or host in the
 * footer, the Hadoop {@link Configuration} is built empty (no site files from the classpath), and row
 * group and page sizes are fixed.
 */
public final class ParquetShards {

  /** Row group size: small enough for the Hub viewer and streaming, large enough to compress well. */
  public static final long ROW_GROUP_BYTES = 32L * 1024 * 1024;

  public static final int PAGE_BYTES = 1024 * 1024;

  private static final Schema MESSAGE_SCHEMA =
      SchemaBuilder.record("Message").namespace("dev.repotune")
          .fields().requiredString("role").requiredString("content").endRecord();

  /** {@code messages: list<struct<role, content>>, meta: struct<id, repo, ..., split>}, all strings. */
  public static final Schema SFT_SCHEMA =
      SchemaBuilder.record("SftRow").namespace("dev.repotune")
          .fields()
          .name("messages").type().array().items(MESSAGE_SCHEMA).noDefault()
          .name("meta").type(metaSchema()).noDefault()
          .endRecord();

  /**
   * {@code text: string, meta: struct<id, repo, commit, path, language, tokens: long>}. {@code tokens} is
   * an Avro long (int64) although the record holds an int: JSON readers infer int64, and int32 here would
   * make the Parquet and JSONL features differ.
   */
  public static final Schema CPT_SCHEMA =
      SchemaBuilder.record("CptRow").namespace("dev.repotune")
          .fields()
          .requiredString("text")
          .name("meta").type(
              SchemaBuilder.record("CptMeta").namespace("dev.repotune").fields()
                  .requiredString("id").requiredString("repo").requiredString("commit")
                  .requiredString("path").requiredString("language").requiredLong("tokens")
                  .endRecord())
          .noDefault()
          .endRecord();

  /**
   * SNAPPY: Parquet's default, read by every engine, fast; parquet-mr's codec uses snappy-java, whose
   * jar carries its own native library, so it needs no Hadoop native code. If that library cannot load
   * on a platform, GZIP (pure Java via java.util.zip) is used instead so writing never fails.
   */
  public static final CompressionCodecName CODEC = pickCodec();

  private ParquetShards() {}

  private static Schema metaSchema() {
    SchemaBuilder.FieldAssembler<Schema> f =
        SchemaBuilder.record("SftMeta").namespace("dev.repotune").fields();
    for (String k : JsonLines.SFT_META_KEYS) {
      f = f.requiredString(k);
    }
    return f.endRecord();
  }

  public static void writeSft(OutputStream out, Iterable<SftRecord> rows) throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (ParquetWriter<GenericRecord> w = writer(file, SFT_SCHEMA)) {
      for (SftRecord r : rows) {
        w.write(toAvro(r));
      }
    }
    out.write(withSortedEncodings(file.toByteArray()));
  }

  public static void writeCpt(OutputStream out, Iterable<CptRecord> rows) throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (ParquetWriter<GenericRecord> w = writer(file, CPT_SCHEMA)) {
      for (CptRecord r : rows) {
        w.write(toAvro(r));
      }
    }
    out.write(withSortedEncodings(file.toByteArray()));
  }

  /**
   * parquet-mr lists each column chunk's encodings from a {@code HashSet<Encoding>}, whose order follows
   * the enum constants' identity hash codes and so changes from one JVM to the next. Sorting that list
   * in the footer makes the same rows give the same bytes in every run. The footer sits after the data,
   * so no offset moves.
   */
  static byte[] withSortedEncodings(byte[] file) throws IOException {
    int n = file.length;
    int footerLength =
        (file[n - 8] & 0xff)
            | (file[n - 7] & 0xff) << 8
            | (file[n - 6] & 0xff) << 16
            | (file[n - 5] & 0xff) << 24;
    int footerStart = n - 8 - footerLength;
    FileMetaData meta =
        Util.readFileMetaData(new ByteArrayInputStream(file, footerStart, footerLength));
    for (RowGroup group : meta.getRow_groups()) {
      for (ColumnChunk column : group.getColumns()) {
        column.getMeta_data().getEncodings().sort(Comparator.comparingInt(Encoding::getValue));
      }
    }
    ByteArrayOutputStream footer = new ByteArrayOutputStream(footerLength);
    Util.writeFileMetaData(meta, footer);
    int length = footer.size();
    ByteArrayOutputStream result = new ByteArrayOutputStream(footerStart + length + 8);
    result.write(file, 0, footerStart);
    footer.writeTo(result);
    result.write(new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)});
    result.write(file, n - 4, 4); // "PAR1"
    return result.toByteArray();
  }

  public static List<SftRecord> readSft(Path file) throws IOException {
    List<SftRecord> out = new ArrayList<>();
    try (ParquetReader<GenericRecord> r = reader(file)) {
      for (GenericRecord g; (g = r.read()) != null; ) {
        out.add(fromAvroSft(g));
      }
    }
    return out;
  }

  public static List<CptRecord> readCpt(Path file) throws IOException {
    List<CptRecord> out = new ArrayList<>();
    try (ParquetReader<GenericRecord> r = reader(file)) {
      for (GenericRecord g; (g = r.read()) != null; ) {
        out.add(fromAvroCpt(g));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------

  static GenericRecord toAvro(SftRecord r) {
    Schema msgSchema = SFT_SCHEMA.getField("messages").schema().getElementType();
    List<GenericRecord> msgs = new ArrayList<>(r.messages().size());
    for (Message m : r.messages()) {
      GenericRecord g = new GenericData.Record(msgSchema);
      g.put("role", JsonLines.required("messages.role", m.role()));
      g.put("content", JsonLines.required("messages.content", m.content()));
      msgs.add(g);
    }
    String[] values = r.metaValues();
    GenericRecord meta = new GenericData.Record(SFT_SCHEMA.getField("meta").schema());
    for (int i = 0; i < values.length; i++) {
      String k = JsonLines.SFT_META_KEYS.get(i);
      meta.put(k, JsonLines.required("meta." + k, values[i]));
    }
    GenericRecord row = new GenericData.Record(SFT_SCHEMA);
    row.put("messages", msgs);
    row.put("meta", meta);
    return row;
  }

  static GenericRecord toAvro(CptRecord r) {
    CptRecord.Meta m = r.meta();
    GenericRecord meta = new GenericData.Record(CPT_SCHEMA.getField("meta").schema());
    meta.put("id", JsonLines.required("meta.id", r.id()));
    meta.put("repo", JsonLines.required("meta.repo", m.repo()));
    meta.put("commit", JsonLines.required("meta.commit", m.commit()));
    meta.put("path", JsonLines.required("meta.path", m.path()));
    meta.put("language", JsonLines.required("meta.language", m.language()));
    meta.put("tokens", (long) m.tokens());
    GenericRecord row = new GenericData.Record(CPT_SCHEMA);
    row.put("text", JsonLines.required("text", r.text()));
    row.put("meta", meta);
    return row;
  }

  private static SftRecord fromAvroSft(GenericRecord g) {
    List<?> msgs = (List<?>) g.get("messages");
    List<Message> messages = new ArrayList<>(msgs.size());
    for (Object o : msgs) {
      GenericRecord m = (GenericRecord) o;
      messages.add(new Message(str(m, "role"), str(m, "content")));
    }
    GenericRecord meta = (GenericRecord) g.get("meta");
    String[] v = new String[JsonLines.SFT_META_KEYS.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = str(meta, JsonLines.SFT_META_KEYS.get(i));
    }
    return new SftRecord(
        v[0], messages, SftRecord.Meta.of(v, 1));
  }

  private static CptRecord fromAvroCpt(GenericRecord g) {
    GenericRecord meta = (GenericRecord) g.get("meta");
    long tokens = (Long) meta.get("tokens");
    return new CptRecord(
        str(meta, "id"),
        str(g, "text"),
        new CptRecord.Meta(
            str(meta, "repo"), str(meta, "commit"), str(meta, "path"), str(meta, "language"),
            Math.toIntExact(tokens)));
  }

  private static String str(GenericRecord g, String field) {
    Object v = g.get(field);
    return v == null ? null : v.toString();
  }

  /** An empty configuration: nothing from core-site.xml on the classpath can change the bytes written. */
  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    // Standard 3-level lists (list<element: struct>), the layout pyarrow and Spark write and expect.
    conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
    return conf;
  }

  private static ParquetWriter<GenericRecord> writer(OutputStream out, Schema schema)
      throws IOException {
    return writer(out, schema, CODEC);
  }

  static ParquetWriter<GenericRecord> writer(
      OutputStream out, Schema schema, CompressionCodecName codec) throws IOException {
    return AvroParquetWriter.<GenericRecord>builder(new StreamOutputFile(out))
        .withSchema(schema)
        .withDataModel(GenericData.get())
        .withConf(conf())
        .withCompressionCodec(codec)
        .withRowGroupSize(ROW_GROUP_BYTES)
        .withPageSize(PAGE_BYTES)
        .withDictionaryPageSize(PAGE_BYTES)
        .withDictionaryEncoding(true)
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withMaxPaddingSize(0)
        .withValidation(false)
        .build();
  }

  private static ParquetReader<GenericRecord> reader(Path file) throws IOException {
    return AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
        .withDataModel(GenericData.get())
        .withConf(conf())
        .build();
  }

  private static CompressionCodecName pickCodec() {
    try {
      // Loads snappy-java's bundled native library; fails on platforms it does not ship for.
      org.xerial.snappy.Snappy.compress(new byte[] {1, 2, 3});
      return CompressionCodecName.SNAPPY;
    } catch (Throwable t) {
      return CompressionCodecName.GZIP;
    }
  }

  /** An {@link OutputFile} over a caller's stream; closing it flushes but leaves the stream open. */
  private static final class StreamOutputFile implements OutputFile {
    private final OutputStream out;

    StreamOutputFile(OutputStream out) {
      this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long pos;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          pos += len;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.flush();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }

  /** A local file as an {@link InputFile} without Hadoop's FileSystem (parquet 1.13 has no LocalInputFile). */
  static final class LocalInputFile implements InputFile {
    private final Path path;

    LocalInputFile(Path path) {
      this.path = path;
    }

    @Override
    public long getLength() throws IOException {
      return Files.size(path);
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      InputStream in = Channels.newInputStream(ch);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() throws IOException {
          return ch.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          ch.position(newPos);
        }
      };
    }
  }
}
