package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A rejected row, JSONL only: {@code {"stage","reason","detail","record"}}; {@code record} is a JSON string. */
public final class RejectedCodec implements RowCodec<Rejected> {
  public static final RejectedCodec INSTANCE = new RejectedCodec();

  private RejectedCodec() {}

  @Override
  public String line(Rejected r) {
    return JsonLines.write(g -> {
      g.writeStartObject();
      g.writeStringField("stage", r.stage());
      g.writeStringField("reason", r.reason());
      g.writeStringField("detail", r.detail());
      g.writeStringField("record", r.record());
      g.writeEndObject();
    });
  }

  @Override
  public Rejected read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, List.of("stage", "reason", "detail", "record"));
    return new Rejected(
        JsonLines.nullableStr(root, "stage"), JsonLines.nullableStr(root, "reason"),
        JsonLines.nullableStr(root, "detail"), JsonLines.nullableStr(root, "record"));
  }
}
