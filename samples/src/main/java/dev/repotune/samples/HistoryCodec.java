package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A history row: {@code {"messages":[{"role","content"}..],"meta":{"id","repo","commit","parent","date",
 * "task","paths":[..],"symbol","teacher","prompt_version","exec_candidate","split"}}}. Top-level keys are
 * exactly {@code messages} + {@code meta}, as in {@link SftCodec}; in Parquet {@code paths} is a {@code
 * list<string>} and {@code exec_candidate} a boolean.
 */
public final class HistoryCodec implements RowCodec<HistoryRecord> {
  public static final HistoryCodec INSTANCE = new HistoryCodec();

  static final List<String> META_KEYS =
      List.of("id", "repo", "commit", "parent", "date", "task", "paths", "symbol", "teacher", "prompt_version",
          "exec_candidate", "split");

  private static final Schema MESSAGE_SCHEMA =
      SchemaBuilder.record("Message").namespace("dev.repotune")
          .fields().requiredString("role").requiredString("content").endRecord();

  static final Schema SCHEMA =
      SchemaBuilder.record("HistoryRow").namespace("dev.repotune")
          .fields()
          .name("messages").type().array().items(MESSAGE_SCHEMA).noDefault()
          .name("meta").type(
              SchemaBuilder.record("HistoryMeta").namespace("dev.repotune").fields()
                  .requiredString("id").requiredString("repo").requiredString("commit").requiredString("parent")
                  .requiredString("date").requiredString("task")
                  .name("paths").type().array().items().stringType().noDefault()
                  .requiredString("symbol").requiredString("teacher").requiredString("prompt_version")
                  .requiredBoolean("exec_candidate").requiredString("split")
                  .endRecord())
          .noDefault()
          .endRecord();

  private HistoryCodec() {}

  @Override
  public String line(HistoryRecord r) {
    return JsonLines.write(g -> {
      HistoryRecord.Meta m = r.meta();
      g.writeStartObject();
      JsonLines.writeMessages(g, r.messages());
      g.writeObjectFieldStart("meta");
      g.writeStringField("id", JsonLines.required("meta.id", r.id()));
      g.writeStringField("repo", JsonLines.required("meta.repo", m.repo()));
      g.writeStringField("commit", JsonLines.required("meta.commit", m.commit()));
      g.writeStringField("parent", JsonLines.required("meta.parent", m.parent()));
      g.writeStringField("date", JsonLines.required("meta.date", m.date()));
      g.writeStringField("task", JsonLines.required("meta.task", m.task()));
      JsonLines.writeStrings(g, "meta.", "paths", m.paths());
      g.writeStringField("symbol", JsonLines.required("meta.symbol", m.symbol()));
      g.writeStringField("teacher", JsonLines.required("meta.teacher", m.teacher()));
      g.writeStringField("prompt_version", JsonLines.required("meta.prompt_version", m.promptVersion()));
      g.writeBooleanField("exec_candidate", m.execCandidate());
      g.writeStringField("split", JsonLines.required("meta.split", m.split()));
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  @Override
  public HistoryRecord read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, List.of("messages", "meta"));
    List<Message> messages = JsonLines.readMessages(root.get("messages"));
    JsonNode meta = root.get("meta");
    JsonLines.exactKeys("meta.", meta, META_KEYS);
    List<String> list = JsonLines.strings(meta, "meta.", "paths");
    JsonNode exec = meta.get("exec_candidate");
    if (!exec.isBoolean()) {
      throw new IllegalArgumentException("meta.exec_candidate must be true or false, got " + exec);
    }
    return new HistoryRecord(
        JsonLines.str(meta, "meta.", "id"),
        messages,
        new HistoryRecord.Meta(
            JsonLines.str(meta, "meta.", "repo"), JsonLines.str(meta, "meta.", "commit"),
            JsonLines.str(meta, "meta.", "parent"), JsonLines.str(meta, "meta.", "date"),
            JsonLines.str(meta, "meta.", "task"), list, JsonLines.str(meta, "meta.", "symbol"),
            JsonLines.str(meta, "meta.", "teacher"), JsonLines.str(meta, "meta.", "prompt_version"),
            exec.booleanValue(), JsonLines.str(meta, "meta.", "split")));
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public GenericRecord toAvro(HistoryRecord r) {
    HistoryRecord.Meta m = r.meta();
    List<GenericRecord> msgs = new ArrayList<>(r.messages().size());
    for (Message msg : r.messages()) {
      GenericRecord g = new GenericData.Record(MESSAGE_SCHEMA);
      g.put("role", JsonLines.required("messages.role", msg.role()));
      g.put("content", JsonLines.required("messages.content", msg.content()));
      msgs.add(g);
    }
    Schema metaSchema = SCHEMA.getField("meta").schema();
    GenericRecord meta = new GenericData.Record(metaSchema);
    meta.put("id", JsonLines.required("meta.id", r.id()));
    meta.put("repo", JsonLines.required("meta.repo", m.repo()));
    meta.put("commit", JsonLines.required("meta.commit", m.commit()));
    meta.put("parent", JsonLines.required("meta.parent", m.parent()));
    meta.put("date", JsonLines.required("meta.date", m.date()));
    meta.put("task", JsonLines.required("meta.task", m.task()));
    List<String> paths = new ArrayList<>(m.paths().size());
    m.paths().forEach(p -> paths.add(JsonLines.required("meta.paths[]", p)));
    meta.put("paths", new GenericData.Array<>(metaSchema.getField("paths").schema(), paths));
    meta.put("symbol", JsonLines.required("meta.symbol", m.symbol()));
    meta.put("teacher", JsonLines.required("meta.teacher", m.teacher()));
    meta.put("prompt_version", JsonLines.required("meta.prompt_version", m.promptVersion()));
    meta.put("exec_candidate", m.execCandidate());
    meta.put("split", JsonLines.required("meta.split", m.split()));
    GenericRecord row = new GenericData.Record(SCHEMA);
    row.put("messages", msgs);
    row.put("meta", meta);
    return row;
  }

  @Override
  public HistoryRecord fromAvro(GenericRecord g) {
    List<Message> messages = new ArrayList<>();
    for (Object o : (List<?>) g.get("messages")) {
      GenericRecord m = (GenericRecord) o;
      messages.add(new Message(ParquetShards.str(m, "role"), ParquetShards.str(m, "content")));
    }
    GenericRecord meta = (GenericRecord) g.get("meta");
    List<String> paths = new ArrayList<>();
    for (Object p : (List<?>) meta.get("paths")) {
      paths.add(p.toString());
    }
    return new HistoryRecord(
        ParquetShards.str(meta, "id"),
        messages,
        new HistoryRecord.Meta(
            ParquetShards.str(meta, "repo"), ParquetShards.str(meta, "commit"), ParquetShards.str(meta, "parent"),
            ParquetShards.str(meta, "date"), ParquetShards.str(meta, "task"), paths,
            ParquetShards.str(meta, "symbol"), ParquetShards.str(meta, "teacher"),
            ParquetShards.str(meta, "prompt_version"), (Boolean) meta.get("exec_candidate"),
            ParquetShards.str(meta, "split")));
  }
}
