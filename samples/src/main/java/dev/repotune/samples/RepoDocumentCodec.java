package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A repository-level document: {@code {"text","meta":{"id","repo","commit","paths":[..],"fim_path",
 * "profile","tokens","split"}}}. {@code text} is the profile's repository layout of the files in {@code
 * paths}, in that order; {@code fim_path} is "" when no file of it carries a FIM example. In Parquet
 * {@code paths} is a {@code list<string>} and {@code tokens} an Avro long, as in {@link CptCodec}.
 */
public final class RepoDocumentCodec implements RowCodec<RepoDocument> {
  public static final RepoDocumentCodec INSTANCE = new RepoDocumentCodec();

  static final List<String> META_KEYS =
      List.of("id", "repo", "commit", "paths", "fim_path", "profile", "tokens", "split");

  static final Schema SCHEMA =
      SchemaBuilder.record("RepoRow").namespace("dev.repotune")
          .fields()
          .requiredString("text")
          .name("meta").type(
              SchemaBuilder.record("RepoMeta").namespace("dev.repotune").fields()
                  .requiredString("id").requiredString("repo").requiredString("commit")
                  .name("paths").type().array().items().stringType().noDefault()
                  .requiredString("fim_path").requiredString("profile").requiredLong("tokens")
                  .requiredString("split")
                  .endRecord())
          .noDefault()
          .endRecord();

  private RepoDocumentCodec() {}

  @Override
  public String line(RepoDocument r) {
    return JsonLines.write(g -> {
      RepoDocument.Meta m = r.meta();
      g.writeStartObject();
      g.writeStringField("text", JsonLines.required("text", r.text()));
      g.writeObjectFieldStart("meta");
      g.writeStringField("id", JsonLines.required("meta.id", r.id()));
      g.writeStringField("repo", JsonLines.required("meta.repo", m.repo()));
      g.writeStringField("commit", JsonLines.required("meta.commit", m.commit()));
      JsonLines.writeStrings(g, "meta.", "paths", m.paths());
      g.writeStringField("fim_path", JsonLines.required("meta.fim_path", m.fimPath()));
      g.writeStringField("profile", JsonLines.required("meta.profile", m.profile()));
      g.writeNumberField("tokens", m.tokens());
      g.writeStringField("split", JsonLines.required("meta.split", m.split()));
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  @Override
  public RepoDocument read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, List.of("text", "meta"));
    JsonNode meta = root.get("meta");
    JsonLines.exactKeys("meta.", meta, META_KEYS);
    List<String> list = JsonLines.strings(meta, "meta.", "paths");
    JsonNode tokens = meta.get("tokens");
    if (!tokens.isInt()) {
      throw new IllegalArgumentException("meta.tokens must be an integer, got " + tokens);
    }
    return new RepoDocument(
        JsonLines.str(meta, "meta.", "id"),
        JsonLines.str(root, "", "text"),
        new RepoDocument.Meta(
            JsonLines.str(meta, "meta.", "repo"),
            JsonLines.str(meta, "meta.", "commit"),
            list,
            JsonLines.str(meta, "meta.", "fim_path"),
            JsonLines.str(meta, "meta.", "profile"),
            tokens.intValue(),
            JsonLines.str(meta, "meta.", "split")));
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public GenericRecord toAvro(RepoDocument r) {
    RepoDocument.Meta m = r.meta();
    Schema metaSchema = SCHEMA.getField("meta").schema();
    GenericRecord meta = new GenericData.Record(metaSchema);
    meta.put("id", JsonLines.required("meta.id", r.id()));
    meta.put("repo", JsonLines.required("meta.repo", m.repo()));
    meta.put("commit", JsonLines.required("meta.commit", m.commit()));
    List<String> paths = new ArrayList<>(m.paths().size());
    m.paths().forEach(p -> paths.add(JsonLines.required("meta.paths[]", p)));
    meta.put("paths", new GenericData.Array<>(metaSchema.getField("paths").schema(), paths));
    meta.put("fim_path", JsonLines.required("meta.fim_path", m.fimPath()));
    meta.put("profile", JsonLines.required("meta.profile", m.profile()));
    meta.put("tokens", (long) m.tokens());
    meta.put("split", JsonLines.required("meta.split", m.split()));
    GenericRecord row = new GenericData.Record(SCHEMA);
    row.put("text", JsonLines.required("text", r.text()));
    row.put("meta", meta);
    return row;
  }

  @Override
  public RepoDocument fromAvro(GenericRecord g) {
    GenericRecord meta = (GenericRecord) g.get("meta");
    List<String> paths = new ArrayList<>();
    for (Object p : (List<?>) meta.get("paths")) {
      paths.add(p.toString());
    }
    long tokens = (Long) meta.get("tokens");
    return new RepoDocument(
        ParquetShards.str(meta, "id"),
        ParquetShards.str(g, "text"),
        new RepoDocument.Meta(
            ParquetShards.str(meta, "repo"), ParquetShards.str(meta, "commit"), paths,
            ParquetShards.str(meta, "fim_path"), ParquetShards.str(meta, "profile"), Math.toIntExact(tokens),
            ParquetShards.str(meta, "split")));
  }
}
