package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A triplet line: {@code {"anchor","positive","negative","meta":{"id","repo","path","symbol","task",
 * "negative_from","split"}}}. The first three keys are sentence-transformers' triplet columns (its
 * trainer takes every column but a label as an input, in order, so a user drops {@code meta} first:
 * {@code remove_columns("meta")}); the row id is the first key of {@code meta}, as in the other kinds.
 * In Parquet every column is a string and {@code meta} a struct.
 */
public final class TripletCodec implements RowCodec<TripletRecord> {
  public static final TripletCodec INSTANCE = new TripletCodec();

  static final List<String> KEYS = List.of("anchor", "positive", "negative", "meta");
  static final List<String> META_KEYS = List.of("id", "repo", "path", "symbol", "task", "negative_from", "split");

  static final Schema SCHEMA = buildSchema();

  private TripletCodec() {}

  private static Schema buildSchema() {
    SchemaBuilder.FieldAssembler<Schema> meta = SchemaBuilder.record("TripletMeta").namespace("dev.repotune").fields();
    for (String k : META_KEYS) {
      meta = meta.requiredString(k);
    }
    return SchemaBuilder.record("TripletRow").namespace("dev.repotune")
        .fields()
        .requiredString("anchor")
        .requiredString("positive")
        .requiredString("negative")
        .name("meta").type(meta.endRecord()).noDefault()
        .endRecord();
  }

  private static String[] metaValues(TripletRecord r) {
    TripletRecord.Meta m = r.meta();
    return new String[] {r.id(), m.repo(), m.path(), m.symbol(), m.task(), m.negativeFrom(), m.split()};
  }

  private static TripletRecord of(String anchor, String positive, String negative, String[] v) {
    return new TripletRecord(v[0], anchor, positive, negative, new TripletRecord.Meta(v[1], v[2], v[3], v[4], v[5], v[6]));
  }

  @Override
  public String line(TripletRecord r) {
    return JsonLines.write(g -> {
      g.writeStartObject();
      g.writeStringField("anchor", JsonLines.required("anchor", r.anchor()));
      g.writeStringField("positive", JsonLines.required("positive", r.positive()));
      g.writeStringField("negative", JsonLines.required("negative", r.negative()));
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
  public TripletRecord read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, KEYS);
    JsonNode meta = root.get("meta");
    JsonLines.exactKeys("meta.", meta, META_KEYS);
    String[] v = new String[META_KEYS.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = JsonLines.str(meta, "meta.", META_KEYS.get(i));
    }
    return of(JsonLines.str(root, "", "anchor"), JsonLines.str(root, "", "positive"),
        JsonLines.str(root, "", "negative"), v);
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public GenericRecord toAvro(TripletRecord r) {
    GenericRecord meta = ParquetShards.metaToAvro(SCHEMA, META_KEYS, metaValues(r));
    GenericRecord row = new GenericData.Record(SCHEMA);
    row.put("anchor", JsonLines.required("anchor", r.anchor()));
    row.put("positive", JsonLines.required("positive", r.positive()));
    row.put("negative", JsonLines.required("negative", r.negative()));
    row.put("meta", meta);
    return row;
  }

  @Override
  public TripletRecord fromAvro(GenericRecord g) {
    String[] v = ParquetShards.metaFromAvro(g, META_KEYS);
    return of(ParquetShards.str(g, "anchor"), ParquetShards.str(g, "positive"), ParquetShards.str(g, "negative"), v);
  }
}
