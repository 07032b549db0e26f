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
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
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
 * Shards as Parquet, the format {@code load_dataset} and the Hub viewer read fastest, for every kind
 * whose {@link RowCodec} has a schema. Column names are the JSONL keys, so both formats load as the same
 * columns.
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

  /** {@code messages: list<struct<role, content>>, meta: struct<id, repo, ..., split>}, all strings. */
  public static final Schema SFT_SCHEMA = SftCodec.SCHEMA;

  /** {@code text: string, meta: struct<id, repo, commit, path, language, tokens: long>}. */
  public static final Schema CPT_SCHEMA = CptCodec.SCHEMA;

  /**
   * SNAPPY: Parquet's default, read by every engine, fast; parquet-mr's codec uses snappy-java, whose
   * jar carries its own native library, so it needs no Hadoop native code. If that library cannot load
   * on a platform, GZIP (pure Java via java.util.zip) is used instead so writing never fails.
   */
  public static final CompressionCodecName CODEC = pickCodec();

  private ParquetShards() {}

  public static void writeSft(OutputStream out, Iterable<SftRecord> rows) throws IOException {
    write(out, SftCodec.INSTANCE, rows);
  }

  public static void writeCpt(OutputStream out, Iterable<CptRecord> rows) throws IOException {
    write(out, CptCodec.INSTANCE, rows);
  }

  public static List<SftRecord> readSft(Path file) throws IOException {
    return read(file, SftCodec.INSTANCE);
  }

  public static List<CptRecord> readCpt(Path file) throws IOException {
    return read(file, CptCodec.INSTANCE);
  }

  /** Writes {@code rows} as one Parquet file of {@code codec}'s schema to {@code out}. */
  public static <T> void write(OutputStream out, RowCodec<T> codec, Iterable<T> rows) throws IOException {
    try (Writer<T> w = open(out, codec)) {
      for (T r : rows) {
        w.write(r);
      }
    }
  }

  /** A Parquet file being written to {@code out}, one row at a time; closing it writes the file. */
  public static <T> Writer<T> open(OutputStream out, RowCodec<T> codec) throws IOException {
    if (codec.schema() == null) {
      throw new IllegalArgumentException(codec.getClass().getSimpleName() + " has no Parquet schema");
    }
    return new Writer<>(out, codec);
  }

  /** See {@link #open}. Rows are held in memory until {@link #close}, which sorts the footer's encodings. */
  public static final class Writer<T> implements java.io.Closeable {
    private final OutputStream out;
    private final RowCodec<T> codec;
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private final ParquetWriter<GenericRecord> writer;

    private Writer(OutputStream out, RowCodec<T> codec) throws IOException {
      this.out = out;
      this.codec = codec;
      this.writer = ParquetShards.writer(file, codec.schema());
    }

    public void write(T row) throws IOException {
      writer.write(encoded(codec.toAvro(row)));
    }

    /** Writes the file to the caller's stream, which stays open. */
    @Override
    public void close() throws IOException {
      writer.close();
      out.write(withSortedEncodings(file.toByteArray()));
    }
  }

  /**
   * {@code record} with every string as Avro's {@link Utf8}, whose bytes parquet-avro writes as they are:
   * a plain String it encodes through a CharsetEncoder over a wrapped CharBuffer, a char at a time (7% of
   * a JDK-sized rerun). The same UTF-8 bytes either way. (No schema here has a map.)
   */
  static GenericRecord encoded(GenericRecord record) {
    for (Schema.Field f : record.getSchema().getFields()) {
      record.put(f.pos(), encodedValue(record.get(f.pos())));
    }
    return record;
  }

  private static Object encodedValue(Object v) {
    if (v instanceof String s) {
      return new Utf8(s);
    }
    if (v instanceof GenericRecord g) {
      return encoded(g);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) {
        out.add(encodedValue(e));
      }
      return out;
    }
    return v;
  }

  /** Every row of a Parquet file of {@code codec}'s schema, in order. */
  public static <T> List<T> read(Path file, RowCodec<T> codec) throws IOException {
    List<T> out = new ArrayList<>();
    try (ParquetReader<GenericRecord> r = reader(file)) {
      for (GenericRecord g; (g = r.read()) != null; ) {
        out.add(codec.fromAvro(g));
      }
    }
    return out;
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

  /**
   * A row's {@code meta} struct of required strings, {@code values} in {@code keys} order (each named in the
   * error when missing): the one shape of meta every string-meta codec writes.
   */
  static GenericRecord metaToAvro(Schema rowSchema, List<String> keys, String[] values) {
    GenericRecord meta = new GenericData.Record(rowSchema.getField("meta").schema());
    for (int i = 0; i < values.length; i++) {
      meta.put(keys.get(i), JsonLines.required("meta." + keys.get(i), values[i]));
    }
    return meta;
  }

  /** The values of a row's {@code meta} struct, in {@code keys} order. */
  static String[] metaFromAvro(GenericRecord row, List<String> keys) {
    GenericRecord meta = (GenericRecord) row.get("meta");
    String[] v = new String[keys.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = str(meta, keys.get(i));
    }
    return v;
  }

  static String str(GenericRecord g, String field) {
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
