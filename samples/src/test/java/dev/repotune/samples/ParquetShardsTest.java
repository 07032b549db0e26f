package dev.repotune.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.avro.Schema;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetShardsTest {
  @TempDir Path dir;

  @Test
  void snappyWorksHereWithoutHadoopNativeCode() {
    assertEquals(CompressionCodecName.SNAPPY, ParquetShards.CODEC);
  }

  @Test
  void sftWriteReadRoundTrip() throws IOException {
    List<SftRecord> rows = Fixtures.manySft(300);
    Path f = write(rows, "sft.parquet");
    assertEquals(rows, ParquetShards.readSft(f));
    byte[] bytes = Files.readAllBytes(f);
    assertEquals("PAR1", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
  }

  /**
   * Same rows, same bytes across JVMs: parquet-mr's encoding lists come out of a HashSet of enum
   * constants (identity hash order, which changes per JVM), so the footer must hold them sorted. The
   * order a given JVM produces is luck, so the test plants the reverse order and checks it is undone.
   */
  @Test
  void givenFooterWithEncodingsInAnyOrder_thenWrittenSorted() throws IOException {
    Path f = write(Fixtures.manySft(50), "sorted.parquet");
    byte[] written = Files.readAllBytes(f);
    assertTrue(encodingLists(written).stream().allMatch(l -> l.equals(l.stream().sorted().toList())));

    byte[] reversed = rewriteFooter(written, true);
    assertTrue(
        encodingLists(reversed).stream().anyMatch(l -> !l.equals(l.stream().sorted().toList())),
        "the planted footer must be out of order");
    assertArrayEquals(written, ParquetShards.withSortedEncodings(reversed));
  }

  private static org.apache.parquet.format.FileMetaData footer(byte[] b) throws IOException {
    int n = b.length;
    int len = (b[n - 8] & 0xff) | (b[n - 7] & 0xff) << 8 | (b[n - 6] & 0xff) << 16 | (b[n - 5] & 0xff) << 24;
    return org.apache.parquet.format.Util.readFileMetaData(
        new java.io.ByteArrayInputStream(b, n - 8 - len, len));
  }

  private static List<List<Integer>> encodingLists(byte[] file) throws IOException {
    List<List<Integer>> out = new ArrayList<>();
    for (org.apache.parquet.format.RowGroup g : footer(file).getRow_groups()) {
      for (org.apache.parquet.format.ColumnChunk c : g.getColumns()) {
        out.add(c.getMeta_data().getEncodings().stream().map(e -> e.getValue()).toList());
      }
    }
    return out;
  }

  /** The same file with every column's encoding list reversed (descending). */
  private static byte[] rewriteFooter(byte[] b, boolean descending) throws IOException {
    int n = b.length;
    int len = (b[n - 8] & 0xff) | (b[n - 7] & 0xff) << 8 | (b[n - 6] & 0xff) << 16 | (b[n - 5] & 0xff) << 24;
    org.apache.parquet.format.FileMetaData meta = footer(b);
    for (org.apache.parquet.format.RowGroup g : meta.getRow_groups()) {
      for (org.apache.parquet.format.ColumnChunk c : g.getColumns()) {
        c.getMeta_data().getEncodings().sort((x, y) -> descending ? y.getValue() - x.getValue() : x.getValue() - y.getValue());
      }
    }
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    org.apache.parquet.format.Util.writeFileMetaData(meta, footer);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, n - 8 - len);
    footer.writeTo(out);
    int l = footer.size();
    out.write(new byte[] {(byte) l, (byte) (l >>> 8), (byte) (l >>> 16), (byte) (l >>> 24)});
    out.write(b, n - 4, 4);
    return out.toByteArray();
  }

  @Test
  void cptWriteReadRoundTrip() throws IOException {
    List<CptRecord> rows = Fixtures.manyCpt(100);
    Path f = dir.resolve("cpt.parquet");
    try (OutputStream out = Files.newOutputStream(f)) {
      ParquetShards.writeCpt(out, rows);
    }
    assertEquals(rows, ParquetShards.readCpt(f));
  }

  @Test
  void emptyShardIsValid() throws IOException {
    assertEquals(List.of(), ParquetShards.readSft(write(List.of(), "empty.parquet")));
  }

  @Test
  void sameRowsGiveIdenticalBytes() throws IOException {
    List<SftRecord> rows = Fixtures.manySft(500);
    assertArrayEquals(sftBytes(rows), sftBytes(new ArrayList<>(rows)));
    List<CptRecord> docs = Fixtures.manyCpt(50);
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ParquetShards.writeCpt(a, docs);
    ParquetShards.writeCpt(b, docs);
    assertArrayEquals(a.toByteArray(), b.toByteArray());
  }

  @Test
  void footerNamesTheWriterVersionOnly() throws IOException {
    String bytes = new String(sftBytes(Fixtures.manySft(3)), StandardCharsets.ISO_8859_1);
    assertTrue(bytes.contains("parquet-mr version 1.13.1"));
    // The key-value metadata is checked key by key in fileSchemaIsTheStandardLayoutArrowReads.
  }

  @Test
  void jsonlAndParquetGiveTheSameRows() throws IOException {
    List<SftRecord> rows = Fixtures.manySft(120);
    List<String> lines = rows.stream().map(JsonLines::sft).toList();
    Path jsonl = dir.resolve("train.jsonl");
    try (OutputStream out = Files.newOutputStream(jsonl)) {
      JsonLines.writeLines(out, lines);
    }
    List<SftRecord> fromJson =
        Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream().map(JsonLines::readSft).toList();
    assertEquals(fromJson, ParquetShards.readSft(write(rows, "train.parquet")));

    List<CptRecord> docs = Fixtures.manyCpt(30);
    Path p = dir.resolve("cpt.parquet");
    try (OutputStream out = Files.newOutputStream(p)) {
      ParquetShards.writeCpt(out, docs);
    }
    assertEquals(docs.stream().map(JsonLines::cpt).map(JsonLines::readCpt).toList(), ParquetShards.readCpt(p));
  }

  @Test
  void columnNamesAreTheJsonKeys() {
    assertEquals(List.of("messages", "meta"), names(ParquetShards.SFT_SCHEMA));
    assertEquals(JsonLines.SFT_META_KEYS, names(ParquetShards.SFT_SCHEMA.getField("meta").schema()));
    assertEquals(
        List.of("role", "content"),
        names(ParquetShards.SFT_SCHEMA.getField("messages").schema().getElementType()));
    assertEquals(List.of("text", "meta"), names(ParquetShards.CPT_SCHEMA));
    assertEquals(JsonLines.CPT_META_KEYS, names(ParquetShards.CPT_SCHEMA.getField("meta").schema()));
  }

  @Test
  void writerLeavesTheCallersStreamOpen() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    OutputStream guarded =
        new java.io.FilterOutputStream(buf) {
          @Override
          public void close() {
            throw new AssertionError("writer closed the caller's stream");
          }
        };
    ParquetShards.writeSft(guarded, Fixtures.manySft(2));
    assertTrue(buf.size() > 0);
  }

  @Test
  void fileSchemaIsTheStandardLayoutArrowReads() throws IOException {
    Path f = write(Fixtures.manySft(2), "schema.parquet");
    try (ParquetFileReader r = ParquetFileReader.open(new ParquetShards.LocalInputFile(f))) {
      String schema = r.getFooter().getFileMetaData().getSchema().toString();
      // 3-level list (list<element: struct>) and UTF-8 strings: what pyarrow and HF datasets expect.
      assertTrue(schema.contains("required group messages (LIST) {\n    repeated group list {\n      required group element {"), schema);
      assertTrue(schema.contains("required binary role (STRING);"), schema);
      assertTrue(schema.contains("required binary prompt_version (STRING);"), schema);
      assertEquals(CompressionCodecName.SNAPPY,
          r.getFooter().getBlocks().get(0).getColumns().get(0).getCodec());
      Map<String, String> kv = r.getFooter().getFileMetaData().getKeyValueMetaData();
      assertEquals(java.util.Set.of("parquet.avro.schema", "writer.model.name"), kv.keySet());
    }
  }

  private static List<String> names(Schema s) {
    return s.getFields().stream().map(Schema.Field::name).toList();
  }

  private Path write(List<SftRecord> rows, String name) throws IOException {
    Path f = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(f)) {
      ParquetShards.writeSft(out, rows);
    }
    return f;
  }

  private static byte[] sftBytes(List<SftRecord> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParquetShards.writeSft(out, rows);
    return out.toByteArray();
  }
}
