package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A preference line: {@code {"prompt":[{"role","content"}..],"chosen":[{"role":"assistant",..}],
 * "rejected":[{"role":"assistant",..}],"meta":{"id","repo","commit","path","symbol","lines","task",
 * "rejected_by","mutation","failing_test","split"}}}. The first three keys are exactly TRL's
 * conversational preference example ({@code {"prompt": [{"role": "user", "content": "What color is the
 * sky?"}], "chosen": [{"role": "assistant", "content": "It is blue."}], "rejected": [{"role": "assistant",
 * "content": "It is green."}]}}: https://huggingface.co/docs/trl/dataset_formats, the table of formats and
 * types, as its current page and those of v0.12 and v0.17 show it); {@code meta} is one more column, which a trainer is given without it ({@code
 * remove_columns("meta")}), as for SFT rows. The row id is the first key of {@code meta}.
 *
 * <p>In Parquet each message column is {@code list<struct<role, content>>} ({@link MessageColumns}),
 * the type {@code chosen} and {@code rejected} have in TRL's own preference sets on the Hub
 * ({@code trl-internal-testing/sentiment-trl-style}: a list of {@code {content, role}}).
 */
public final class PreferenceCodec implements RowCodec<PreferenceRecord> {
  public static final PreferenceCodec INSTANCE = new PreferenceCodec();

  static final List<String> KEYS = List.of("prompt", "chosen", "rejected", "meta");

  static final List<String> META_KEYS =
      List.of("id", "repo", "commit", "path", "symbol", "lines", "task", "rejected_by", "mutation",
          "failing_test", "split");

  static final Schema SCHEMA = buildSchema();

  private PreferenceCodec() {}

  private static Schema buildSchema() {
    SchemaBuilder.FieldAssembler<Schema> meta =
        SchemaBuilder.record("PreferenceMeta").namespace("dev.repotune").fields();
    for (String k : META_KEYS) {
      meta = meta.requiredString(k);
    }
    return SchemaBuilder.record("PreferenceRow").namespace("dev.repotune")
        .fields()
        .name("prompt").type(MessageColumns.LIST).noDefault()
        .name("chosen").type(MessageColumns.LIST).noDefault()
        .name("rejected").type(MessageColumns.LIST).noDefault()
        .name("meta").type(meta.endRecord()).noDefault()
        .endRecord();
  }

  private static String[] metaValues(PreferenceRecord r) {
    PreferenceRecord.Meta m = r.meta();
    return new String[] {
      r.id(), m.repo(), m.commit(), m.path(), m.symbol(), m.lines(), m.task(), m.rejectedBy(), m.mutation(),
      m.failingTest(), m.split()
    };
  }

  private static PreferenceRecord of(
      String[] v, List<Message> prompt, List<Message> chosen, List<Message> rejected) {
    return new PreferenceRecord(v[0], prompt, chosen, rejected,
        new PreferenceRecord.Meta(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]));
  }

  @Override
  public String line(PreferenceRecord r) {
    return JsonLines.write(g -> {
      g.writeStartObject();
      JsonLines.writeMessages(g, "prompt", r.prompt());
      JsonLines.writeMessages(g, "chosen", r.chosen());
      JsonLines.writeMessages(g, "rejected", r.rejected());
      g.writeObjectFieldStart("meta");
      String[] values = metaValues(r);
      for (int i = 0; i < values.length; i++) {
        g.writeStringField(META_KEYS.get(i), JsonLines.required("meta." + META_KEYS.get(i), values[i]));
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  @Override
  public PreferenceRecord read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, KEYS);
    JsonNode meta = root.get("meta");
    JsonLines.exactKeys("meta.", meta, META_KEYS);
    String[] v = new String[META_KEYS.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = JsonLines.str(meta, "meta.", META_KEYS.get(i));
    }
    return of(v, JsonLines.readMessages(root.get("prompt"), "prompt"),
        JsonLines.readMessages(root.get("chosen"), "chosen"), JsonLines.readMessages(root.get("rejected"), "rejected"));
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public GenericRecord toAvro(PreferenceRecord r) {
    GenericRecord meta = ParquetShards.metaToAvro(SCHEMA, META_KEYS, metaValues(r));
    GenericRecord row = new GenericData.Record(SCHEMA);
    row.put("prompt", MessageColumns.toAvro("prompt", r.prompt()));
    row.put("chosen", MessageColumns.toAvro("chosen", r.chosen()));
    row.put("rejected", MessageColumns.toAvro("rejected", r.rejected()));
    row.put("meta", meta);
    return row;
  }

  @Override
  public PreferenceRecord fromAvro(GenericRecord g) {
    String[] v = ParquetShards.metaFromAvro(g, META_KEYS);
    return of(v, MessageColumns.fromAvro(g.get("prompt")), MessageColumns.fromAvro(g.get("chosen")),
        MessageColumns.fromAvro(g.get("rejected")));
  }
}
