package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A FIM example: {@code {"text","prefix","suffix","middle","path","mode","kind","meta":{"id","repo",
 * "commit","language","profile","tokens","split"}}}. {@code text} is what TRL, Axolotl and LLaMA-Factory
 * read (the profile's format); the raw parts beside it, in the PSM order an editor sends them, let any
 * trainer format its own. The id is the first key of {@code meta}, as in the other kinds.
 */
public final class FimCodec implements RowCodec<FimRecord> {
  public static final FimCodec INSTANCE = new FimCodec();

  static final List<String> KEYS = List.of("text", "prefix", "suffix", "middle", "path", "mode", "kind", "meta");
  static final List<String> META_KEYS = List.of("id", "repo", "commit", "language", "profile", "tokens", "split");

  /** Every field a string but {@code meta.tokens}, an Avro long as in {@link CptCodec} (JSON readers infer int64). */
  static final Schema SCHEMA = buildSchema();

  private FimCodec() {}

  private static Schema buildSchema() {
    SchemaBuilder.FieldAssembler<Schema> meta =
        SchemaBuilder.record("FimMeta").namespace("dev.repotune").fields()
            .requiredString("id").requiredString("repo").requiredString("commit").requiredString("language")
            .requiredString("profile").requiredLong("tokens").requiredString("split");
    SchemaBuilder.FieldAssembler<Schema> row = SchemaBuilder.record("FimRow").namespace("dev.repotune").fields();
    for (String k : KEYS.subList(0, KEYS.size() - 1)) {
      row = row.requiredString(k);
    }
    return row.name("meta").type(meta.endRecord()).noDefault().endRecord();
  }

  private static String[] top(FimRecord r) {
    return new String[] {r.text(), r.prefix(), r.suffix(), r.middle(), r.path(), r.mode(), r.kind()};
  }

  @Override
  public String line(FimRecord r) {
    return JsonLines.write(g -> {
      FimRecord.Meta m = r.meta();
      g.writeStartObject();
      String[] values = top(r);
      for (int i = 0; i < values.length; i++) {
        g.writeStringField(KEYS.get(i), JsonLines.required(KEYS.get(i), values[i]));
      }
      g.writeObjectFieldStart("meta");
      g.writeStringField("id", JsonLines.required("meta.id", r.id()));
      g.writeStringField("repo", JsonLines.required("meta.repo", m.repo()));
      g.writeStringField("commit", JsonLines.required("meta.commit", m.commit()));
      g.writeStringField("language", JsonLines.required("meta.language", m.language()));
      g.writeStringField("profile", JsonLines.required("meta.profile", m.profile()));
      g.writeNumberField("tokens", m.tokens());
      g.writeStringField("split", JsonLines.required("meta.split", m.split()));
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  @Override
  public FimRecord read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, KEYS);
    JsonNode meta = root.get("meta");
    JsonLines.exactKeys("meta.", meta, META_KEYS);
    JsonNode tokens = meta.get("tokens");
    if (!tokens.isInt()) {
      throw new IllegalArgumentException("meta.tokens must be an integer, got " + tokens);
    }
    return new FimRecord(
        JsonLines.str(meta, "meta.", "id"),
        JsonLines.str(root, "", "text"),
        JsonLines.str(root, "", "prefix"),
        JsonLines.str(root, "", "middle"),
        JsonLines.str(root, "", "suffix"),
        JsonLines.str(root, "", "path"),
        JsonLines.str(root, "", "mode"),
        JsonLines.str(root, "", "kind"),
        new FimRecord.Meta(
            JsonLines.str(meta, "meta.", "repo"),
            JsonLines.str(meta, "meta.", "commit"),
            JsonLines.str(meta, "meta.", "language"),
            JsonLines.str(meta, "meta.", "profile"),
            tokens.intValue(),
            JsonLines.str(meta, "meta.", "split")));
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public GenericRecord toAvro(FimRecord r) {
    FimRecord.Meta m = r.meta();
    GenericRecord meta = new GenericData.Record(SCHEMA.getField("meta").schema());
    meta.put("id", JsonLines.required("meta.id", r.id()));
    meta.put("repo", JsonLines.required("meta.repo", m.repo()));
    meta.put("commit", JsonLines.required("meta.commit", m.commit()));
    meta.put("language", JsonLines.required("meta.language", m.language()));
    meta.put("profile", JsonLines.required("meta.profile", m.profile()));
    meta.put("tokens", (long) m.tokens());
    meta.put("split", JsonLines.required("meta.split", m.split()));
    GenericRecord row = new GenericData.Record(SCHEMA);
    String[] values = top(r);
    for (int i = 0; i < values.length; i++) {
      row.put(KEYS.get(i), JsonLines.required(KEYS.get(i), values[i]));
    }
    row.put("meta", meta);
    return row;
  }

  @Override
  public FimRecord fromAvro(GenericRecord g) {
    GenericRecord meta = (GenericRecord) g.get("meta");
    long tokens = (Long) meta.get("tokens");
    return new FimRecord(
        ParquetShards.str(meta, "id"),
        ParquetShards.str(g, "text"),
        ParquetShards.str(g, "prefix"),
        ParquetShards.str(g, "middle"),
        ParquetShards.str(g, "suffix"),
        ParquetShards.str(g, "path"),
        ParquetShards.str(g, "mode"),
        ParquetShards.str(g, "kind"),
        new FimRecord.Meta(
            ParquetShards.str(meta, "repo"), ParquetShards.str(meta, "commit"), ParquetShards.str(meta, "language"),
            ParquetShards.str(meta, "profile"), Math.toIntExact(tokens), ParquetShards.str(meta, "split")));
  }
}
