package dev.repotune.prompts;

import dev.repotune.extractors.StableIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Teacher replies by content: the key is the SHA-256 of a canonical JSON of what decides a reply (model,
 * template version, rendered messages, sampling parameters; not the chunk id, so identical code at
 * another commit reuses its reply). A rerun after success, a crash or {@code kill -9} pays for nothing
 * twice, because each reply is stored as soon as it arrives. Where the bytes live is a {@link Store}: a
 * local folder here, Beam's {@code FileSystems} in the pipeline (so a bucket works too).
 */
public final class ResponseCache implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** Bytes by key; a write must appear whole or not at all (write, then rename). */
  public interface Store extends Serializable {
    Optional<byte[]> read(String key) throws IOException;

    void write(String key, byte[] value) throws IOException;
  }

  private final Store store;

  public ResponseCache(Store store) {
    this.store = store;
  }

  /** The content address of a request: 64 hex digits. */
  public static String key(TeacherRequest r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("model", r.params().model());
    n.put("prompt_version", r.promptVersion());
    ArrayNode messages = n.putArray("messages");
    for (ChatMessage m : r.messages()) {
      messages.addObject().put("role", m.role()).put("content", m.content());
    }
    ObjectNode params = n.putObject("params");
    params.put("temperature", r.params().temperature());
    params.put("max_tokens", r.params().maxTokens());
    params.put("json_schema", r.params().jsonSchema());
    try {
      // Field order is fixed above, so the bytes are canonical.
      return StableIds.sha256Hex(JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stored reply, marked cached; empty on a miss or an unreadable entry (which is then re-asked). */
  public Optional<TeacherResponse> get(TeacherRequest request) throws IOException {
    Optional<byte[]> bytes = store.read(key(request));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(bytes.get());
      JsonNode usage = n.path("usage");
      return Optional.of(
          new TeacherResponse(
              n.path("text").asText(""),
              new TeacherResponse.Usage(
                  usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong()),
              n.path("finish_reason").asText("stop"),
              true));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public void put(TeacherRequest request, TeacherResponse response) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("text", response.text());
    n.put("finish_reason", response.finishReason());
    n.putObject("usage")
        .put("prompt_tokens", response.usage().promptTokens())
        .put("completion_tokens", response.usage().completionTokens());
    n.put("model", request.params().model());
    n.put("prompt_version", request.promptVersion());
    store.write(key(request), JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8));
  }
}
