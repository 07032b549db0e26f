package dev.repotune.prompts;

import java.io.Serializable;
import java.util.Objects;

/**
 * What, besides the messages, decides a reply: the model, temperature, the reply's token cap, and the
 * JSON schema asked for through {@code response_format} (null to ask for none). All of it is in the
 * response cache key.
 */
public record SamplingParams(String model, double temperature, int maxTokens, String jsonSchema)
    implements Serializable {
  public SamplingParams {
    Objects.requireNonNull(model, "model");
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
    }
  }
}
