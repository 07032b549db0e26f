package dev.repotune.extractors;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Token counts with o200k_base, the encoding current OpenAI models (and repomix) use, so budgets here
 * match what a teacher or a trainer will see. One shared, thread-safe encoding: building it is expensive.
 */
public final class TokenCounter {
  private static final Encoding ENCODING =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  private TokenCounter() {}

  /**
   * Counts tokens treating special-token text such as {@code <|endoftext|>} as ordinary text, so source
   * that happens to contain one never throws.
   */
  public static int count(String text) {
    return text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
  }
}
