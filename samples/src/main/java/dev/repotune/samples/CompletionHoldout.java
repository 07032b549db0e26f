package dev.repotune.samples;

import dev.repotune.extractors.StableIds;
import java.io.Serializable;
import java.util.Locale;

/**
 * Which code files are held out of every training output for the completion test: no CPT document, FIM
 * example, repository-level document or SFT row is made of them, and the job reads the repository as if
 * they were not there (no index edge comes from them), so a completion test on them measures code the
 * model never saw. Each file is decided alone, by a hash of (seed, repo, path) as the SFT split orders
 * files, so every stage can ask without a side input and a file stays held out as the repository grows.
 */
public record CompletionHoldout(double share, long seed) implements Serializable {
  public CompletionHoldout {
    if (!(share >= 0 && share < 0.5)) {
      throw new IllegalArgumentException("completion holdout must be in [0, 0.5), got " + share);
    }
  }

  /** Whether a file of {@code language} is code that completion data is made of (not prose, not data). */
  public static boolean isCode(String language) {
    return !language.toLowerCase(Locale.ROOT).equals("markdown") && !CptText.isCapped(language);
  }

  /** Whether the file is held out: code, and its hash below the share. */
  public boolean isHeldOut(String repo, String path, String language) {
    if (share == 0 || !isCode(language)) {
      return false;
    }
    long h = StableIds.prefix64(Long.toString(seed), "completion", repo, path);
    return (h >>> 11) * 0x1.0p-53 < share;
  }
}
