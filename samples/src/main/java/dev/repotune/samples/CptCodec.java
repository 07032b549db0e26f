package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A CPT document: {@code {"text":..,"meta":{"id","repo","commit","path","language","tokens"}}}; {@code
 * text} is what a trainer reads, {@code meta.tokens} its token count.
 */
public final class CptCodec implements RowCodec<CptRecord> {
  public static final CptCodec INSTANCE = new CptCodec();

  static final List<String> META_KEYS = List.of("id", "repo", "commit", "path", "language", "tokens");

  /**
   * {@code text: string, meta: struct<id, repo, commit, path, language, tokens: long>}. {@code tokens} is
   * an Avro long (int64) although the record holds an int: JSON readers infer int64, and int32 here would
   * make the Parquet and JSONL features differ.
   */
  static final Schema SCHEMA =
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

  private CptCodec() {}

  @Override
  public String line(CptRecord r) {
    return JsonLines.write(g -> {
      CptRecord.Meta m = r.meta();
      g.writeStartObject();
      g.writeStringField("text", JsonLines.required("text", r.text()));
      g.writeObjectFieldStart("meta");
      g.writeStringField("id", JsonLines.required("meta.id", r.id()));
      g.writeStringField("repo", JsonLines.required("meta.repo", m.repo()));
      g.writeStringField("commit", JsonLines.required("meta.commit", m.commit()));
      g.writeStringField("path", JsonLines.required("meta.path", m.path()));
      g.writeStringField("language", JsonLines.required("meta.language", m.language()));
      g.writeNumberField("tokens", m.tokens());
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  @Override
  public CptRecord read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, List.of("text", "meta"));
    String text = JsonLines.str(root, "", "text");
    JsonNode meta = root.get("meta");
    JsonLines.exactKeys("meta.", meta, META_KEYS);
    JsonNode tokens = meta.get("tokens");
    if (!tokens.isInt()) {
      throw new IllegalArgumentException("meta.tokens must be an integer, got " + tokens);
    }
    return new CptRecord(
        JsonLines.str(meta, "meta.", "id"),
        text,
        new CptRecord.Meta(
            JsonLines.str(meta, "meta.", "repo"),
            JsonLines.str(meta, "meta.", "commit"),
            JsonLines.str(meta, "meta.", "path"),
            JsonLines.str(meta, "meta.", "language"),
            tokens.intValue()));
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public GenericRecord toAvro(CptRecord r) {
    CptRecord.Meta m = r.meta();
    GenericRecord meta = new GenericData.Record(SCHEMA.getField("meta").schema());
    meta.put("id", JsonLines.required("meta.id", r.id()));
    meta.put("repo", JsonLines.required("meta.repo", m.repo()));
    meta.put("commit", JsonLines.required("meta.commit", m.commit()));
    meta.put("path", JsonLines.required("meta.path", m.path()));
    meta.put("language", JsonLines.required("meta.language", m.language()));
    meta.put("tokens", (long) m.tokens());
    GenericRecord row = new GenericData.Record(SCHEMA);
    row.put("text", JsonLines.required("text", r.text()));
    row.put("meta", meta);
    return row;
  }

  @Override
  public CptRecord fromAvro(GenericRecord g) {
    GenericRecord meta = (GenericRecord) g.get("meta");
    long tokens = (Long) meta.get("tokens");
    return new CptRecord(
        ParquetShards.str(meta, "id"),
        ParquetShards.str(g, "text"),
        new CptRecord.Meta(
            ParquetShards.str(meta, "repo"), ParquetShards.str(meta, "commit"), ParquetShards.str(meta, "path"),
            ParquetShards.str(meta, "language"), Math.toIntExact(tokens)));
  }
}
