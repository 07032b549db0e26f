package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * An SFT row: {@code {"messages":[{"role","content"}..],"meta":{"id","repo","commit","path","symbol",
 * "lines","task","teacher","prompt_version","chunk_id","split"}}}. The record id is the FIRST key of
 * {@code meta}: top-level keys stay exactly {@code messages} + {@code meta}, the shape trainers expect.
 * In Parquet: {@code messages: list<struct<role, content>>, meta: struct<id, ..., split>}, all strings.
 */
public final class SftCodec implements RowCodec<SftRecord> {
  public static final SftCodec INSTANCE = new SftCodec();

  static final List<String> META_KEYS =
      List.of("id", "repo", "commit", "path", "symbol", "lines", "task", "teacher",
          "prompt_version", "chunk_id", "split");

  private static final Schema MESSAGE_SCHEMA =
      SchemaBuilder.record("Message").namespace("dev.repotune")
          .fields().requiredString("role").requiredString("content").endRecord();

  static final Schema SCHEMA =
      SchemaBuilder.record("SftRow").namespace("dev.repotune")
          .fields()
          .name("messages").type().array().items(MESSAGE_SCHEMA).noDefault()
          .name("meta").type(metaSchema()).noDefault()
          .endRecord();

  private SftCodec() {}

  private static Schema metaSchema() {
    SchemaBuilder.FieldAssembler<Schema> f =
        SchemaBuilder.record("SftMeta").namespace("dev.repotune").fields();
    for (String k : META_KEYS) {
      f = f.requiredString(k);
    }
    return f.endRecord();
  }

  /** The row with its provenance in {@code meta}; TRL, Axolotl and LLaMA-Factory ignore {@code meta}. */
  @Override
  public String line(SftRecord r) {
    return lineWith(OpenAiCodec.INSTANCE.line(r.messages()), r);
  }

  /**
   * The SFT line of {@code r} whose messages are already encoded, as {@link OpenAiCodec} writes them: the
   * line is that object with {@code "meta"} added. A row replayed from a cache keeps its encoded messages
   * and gets only a new id and meta, without decoding and encoding its text again.
   */
  public static String lineWith(String openaiLine, SftRecord r) {
    String meta = JsonLines.write(g -> {
      g.writeStartObject();
      String[] values = r.metaValues();
      for (int i = 0; i < values.length; i++) {
        g.writeStringField(META_KEYS.get(i), JsonLines.required("meta." + META_KEYS.get(i), values[i]));
      }
      g.writeEndObject();
    });
    return openaiLine.substring(0, openaiLine.length() - 1) + ",\"meta\":" + meta + "}";
  }

  @Override
  public SftRecord read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, List.of("messages", "meta"));
    List<Message> messages = JsonLines.readMessages(root.get("messages"));
    JsonNode meta = root.get("meta");
    JsonLines.exactKeys("meta.", meta, META_KEYS);
    String[] v = new String[META_KEYS.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = JsonLines.str(meta, "meta.", META_KEYS.get(i));
    }
    return new SftRecord(v[0], messages, SftRecord.Meta.of(v, 1));
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public GenericRecord toAvro(SftRecord r) {
    List<GenericRecord> msgs = new ArrayList<>(r.messages().size());
    for (Message m : r.messages()) {
      GenericRecord g = new GenericData.Record(MESSAGE_SCHEMA);
      g.put("role", JsonLines.required("messages.role", m.role()));
      g.put("content", JsonLines.required("messages.content", m.content()));
      msgs.add(g);
    }
    GenericRecord meta = ParquetShards.metaToAvro(SCHEMA, META_KEYS, r.metaValues());
    GenericRecord row = new GenericData.Record(SCHEMA);
    row.put("messages", msgs);
    row.put("meta", meta);
    return row;
  }

  @Override
  public SftRecord fromAvro(GenericRecord g) {
    List<?> msgs = (List<?>) g.get("messages");
    List<Message> messages = new ArrayList<>(msgs.size());
    for (Object o : msgs) {
      GenericRecord m = (GenericRecord) o;
      messages.add(new Message(ParquetShards.str(m, "role"), ParquetShards.str(m, "content")));
    }
    String[] v = ParquetShards.metaFromAvro(g, META_KEYS);
    return new SftRecord(v[0], messages, SftRecord.Meta.of(v, 1));
  }
}
