package dev.repotune.prompts;

import java.io.Serializable;
import java.util.Objects;

/** One chat turn sent to a teacher: {@code system} or {@code user}, and its text. */
public record ChatMessage(String role, String content) implements Serializable {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }
}
