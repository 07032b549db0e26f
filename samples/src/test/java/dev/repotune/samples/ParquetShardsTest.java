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
