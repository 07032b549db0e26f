package dev.repotune.prompts;

import java.io.Serializable;

/**
 * A teacher's reply. {@code finishReason} is the server's ({@code stop}, {@code length},
 * {@code content_filter}), or {@code refusal} when the model declined through the {@code refusal} field;
 * servers that omit it get {@code stop}. {@code cached} says the reply came from the response cache.
 */
public record TeacherResponse(String text, Usage usage, String finishReason, boolean cached)
    implements Serializable {
  public static final String REFUSAL = "refusal";

  public TeacherResponse {
    text = text == null ? "" : text;
    usage = usage == null ? new Usage(0, 0) : usage;
    finishReason = finishReason == null || finishReason.isBlank() ? "stop" : finishReason;
  }

  public TeacherResponse asCached() {
    return new TeacherResponse(text, usage, finishReason, true);
  }

  /** Tokens the call took in and gave out, as the server reported them (estimated when it did not). */
  public record Usage(long promptTokens, long completionTokens) implements Serializable {}
}
