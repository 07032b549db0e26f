package dev.repotune.prompts;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One rendered prompt for one chunk. {@code promptVersion} is the content hash of the template that
 * rendered it, so a changed template never reuses a cached reply of the old one.
 */
public record TeacherRequest(
    String chunkId,
    TaskKind taskKind,
    String promptVersion,
    List<ChatMessage> messages,
    SamplingParams params)
    implements Serializable {
  public TeacherRequest {
    Objects.requireNonNull(chunkId, "chunkId");
    Objects.requireNonNull(taskKind, "taskKind");
    Objects.requireNonNull(promptVersion, "promptVersion");
    messages = List.copyOf(messages);
    Objects.requireNonNull(params, "params");
  }
}
