package dev.repotune.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A failed row, JSONL only: {@code {"stage","error","chunk_id","attempts"}}. */
public final class FailedCodec implements RowCodec<Failed> {
  public static final FailedCodec INSTANCE = new FailedCodec();

  private FailedCodec() {}

  @Override
  public String line(Failed f) {
    return JsonLines.write(g -> {
      g.writeStartObject();
      g.writeStringField("stage", f.stage());
      g.writeStringField("error", f.error());
      g.writeStringField("chunk_id", f.chunkId());
      g.writeNumberField("attempts", f.attempts());
      g.writeEndObject();
    });
  }

  @Override
  public Failed read(String line) {
    JsonNode root = JsonLines.parse(line);
    JsonLines.exactKeys("", root, List.of("stage", "error", "chunk_id", "attempts"));
    return new Failed(
        JsonLines.nullableStr(root, "stage"), JsonLines.nullableStr(root, "error"),
        JsonLines.nullableStr(root, "chunk_id"), root.get("attempts").asInt());
  }
}
