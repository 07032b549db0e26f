package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * An RL task line: {@code {"data_source","prompt":[{"role","content"}..],"ability","reward_model":
 * {"style","ground_truth"},"extra_info":{"split","index","id","repo","commit","path","symbol",
 * "reference"}}}. The five top-level keys and the order of {@code reward_model}'s two are those of verl's
 * {@code examples/data_preprocess/gsm8k.py} ({@code "data_source", "prompt", "ability", "reward_model":
 * {"style": "rule", "ground_truth": ...}, "extra_info": {"split", "index", ...}}); {@code extra_info} is
 * free-form there, and holds the row id and the task's provenance here.
 *
 * <p>In Parquet: {@code prompt: list<struct<role, content>>} ({@link MessageColumns}), {@code
 * reward_model: struct<style, ground_truth>}, {@code extra_info: struct<split, index: long, id, ...>},
 * the types the RL sets made with verl's scripts have on the Hub ({@code reward_model} a struct of two
 * strings, {@code extra_info.index} int64), so pandas, pyarrow and {@code datasets} give dicts and lists
 * of dicts.
 */
public final class RlTaskCodec implements RowCodec<RlTask> {
  public static final RlTaskCodec INSTANCE = new RlTaskCodec();

  static final List<String> KEYS = List.of("data_source", "prompt", "ability", "reward_model", "extra_info");
  static final List<String> REWARD_KEYS = List.of("style", "ground_truth");
  static final List<String> EXTRA_KEYS =
      List.of("split", "index", "id", "repo", "commit", "path", "symbol", "reference");

  static final Schema SCHEMA =
      SchemaBuilder.record("RlRow").namespace("dev.repotune")
          .fields()
          .requiredString("data_source")
          .name("prompt").type(MessageColumns.LIST).noDefault()
          .requiredString("ability")
          .name("reward_model").type(
              SchemaBuilder.record("RewardModel").namespace("dev.repotune").fields()
                  .requiredString("style").requiredString("ground_truth").endRecord())
          .noDefault()
          .name("extra_info").type(
              SchemaBuilder.record("RlExtraInfo").namespace("dev.repotune").fields()
                  .requiredString("split").requiredLong("index").requiredString("id").requiredString("repo")
                  .requiredString("commit").requiredString("path").requiredString("symbol")
                  .requiredString("reference").endRecord())
          .noDefault()
          .endRecord();

  private RlTaskCodec() {}

  @Override
  public String line(RlTask r) {
    RlTask.ExtraInfo x = r.extraInfo();
    return JsonLines.write(g -> {
      g.writeStartObject();
      g.writeStringField("data_source", JsonLines.required("data_source", r.dataSource()));
      JsonLines.writeMessages(g, "prompt", r.prompt());
      g.writeStringField("ability", JsonLines.required("ability", r.ability()));
      g.writeObjectFieldStart("reward_model");
      g.writeStringField("style", JsonLines.required("reward_model.style", r.style()));
      g.writeStringField("ground_truth", JsonLines.required("reward_model.ground_truth", r.groundTruth()));
      g.writeEndObject();
      g.writeObjectFieldStart("extra_info");
      g.writeStringField("split", JsonLines.required("extra_info.split", x.split()));
      g.writeNumberField("index", x.index());
      g.writeStringField("id", JsonLines.required("extra_info.id", r.id()));
      g.writeStringField("repo", JsonLines.required("extra_info.repo", x.repo()));
      g.writeStringField("commit", JsonLines.required("extra_info.commit", x.commit()));
      g.writeStringField("path", JsonLines.required("extra_info.path", x.path()));
      g.writeStringField("symbol", JsonLines.required("extra_info.symbol", x.symbol()));
      g.writeStringField("reference", JsonLines.required("extra_info.reference", x.reference()));
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  @Override
  public RlTask read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, KEYS);
    JsonNode reward = root.get("reward_model");
    JsonLines.exactKeys("reward_model.", reward, REWARD_KEYS);
    JsonNode x = root.get("extra_info");
    JsonLines.exactKeys("extra_info.", x, EXTRA_KEYS);
    return new RlTask(
        JsonLines.str(x, "extra_info.", "id"),
        JsonLines.str(root, "", "data_source"),
        JsonLines.readMessages(root.get("prompt"), "prompt"),
        JsonLines.str(root, "", "ability"),
        JsonLines.str(reward, "reward_model.", "style"),
        JsonLines.str(reward, "reward_model.", "ground_truth"),
        new RlTask.ExtraInfo(
            JsonLines.str(x, "extra_info.", "split"), JsonLines.integer(x, "extra_info.", "index"),
            JsonLines.str(x, "extra_info.", "repo"), JsonLines.str(x, "extra_info.", "commit"),
            JsonLines.str(x, "extra_info.", "path"), JsonLines.str(x, "extra_info.", "symbol"),
            JsonLines.str(x, "extra_info.", "reference")));
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public GenericRecord toAvro(RlTask r) {
    RlTask.ExtraInfo x = r.extraInfo();
    GenericRecord reward = new GenericData.Record(SCHEMA.getField("reward_model").schema());
    reward.put("style", JsonLines.required("reward_model.style", r.style()));
    reward.put("ground_truth", JsonLines.required("reward_model.ground_truth", r.groundTruth()));
    GenericRecord extra = new GenericData.Record(SCHEMA.getField("extra_info").schema());
    extra.put("split", JsonLines.required("extra_info.split", x.split()));
    extra.put("index", x.index());
    extra.put("id", JsonLines.required("extra_info.id", r.id()));
    extra.put("repo", JsonLines.required("extra_info.repo", x.repo()));
    extra.put("commit", JsonLines.required("extra_info.commit", x.commit()));
    extra.put("path", JsonLines.required("extra_info.path", x.path()));
    extra.put("symbol", JsonLines.required("extra_info.symbol", x.symbol()));
    extra.put("reference", JsonLines.required("extra_info.reference", x.reference()));
    GenericRecord row = new GenericData.Record(SCHEMA);
    row.put("data_source", JsonLines.required("data_source", r.dataSource()));
    row.put("prompt", MessageColumns.toAvro("prompt", r.prompt()));
    row.put("ability", JsonLines.required("ability", r.ability()));
    row.put("reward_model", reward);
    row.put("extra_info", extra);
    return row;
  }

  @Override
  public RlTask fromAvro(GenericRecord g) {
    GenericRecord reward = (GenericRecord) g.get("reward_model");
    GenericRecord x = (GenericRecord) g.get("extra_info");
    return new RlTask(
        ParquetShards.str(x, "id"),
        ParquetShards.str(g, "data_source"),
        MessageColumns.fromAvro(g.get("prompt")),
        ParquetShards.str(g, "ability"),
        ParquetShards.str(reward, "style"),
        ParquetShards.str(reward, "ground_truth"),
        new RlTask.ExtraInfo(
            ParquetShards.str(x, "split"), (Long) x.get("index"), ParquetShards.str(x, "repo"),
            ParquetShards.str(x, "commit"), ParquetShards.str(x, "path"), ParquetShards.str(x, "symbol"),
            ParquetShards.str(x, "reference")));
  }
}
