package dev.repotune.pipeline.stages;

import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.TokenCounter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.beam.sdk.metrics.Counter;

/**
 * Exact o200k counts kept in the token cache by a hash of the text: whole documents (CPT, repository-level)
 * that a rerun renders again unchanged. Counting the JDK's 50 million CPT tokens again was an eighth of a
 * rerun, its 46 million repository-level tokens a sixteenth. An unusable cache only costs time; without a
 * cache folder every text is counted.
 */
final class TokenCountCache implements Serializable {
  /** Null: no cache. */
  private final BeamCacheStore store;
  private final Counter reused;

  /** Counts kept under {@code dir} (any Beam file system; null for none); each hit counted in {@code reused}. */
  TokenCountCache(String dir, Counter reused) {
    this.store = dir == null ? null : new BeamCacheStore(dir, ".tokens");
    this.reused = reused;
  }

  /** The cached count of {@code text}, else counted and cached. */
  int count(String text) {
    if (store == null) {
      return TokenCounter.count(text);
    }
    String key = StableIds.of("o200k_base", text);
    try {
      Optional<byte[]> cached = store.read(key);
      if (cached.isPresent() && cached.get().length == Integer.BYTES) {
        reused.inc();
        return ByteBuffer.wrap(cached.get()).getInt();
      }
    } catch (IOException e) {
      // counted below
    }
    int n = TokenCounter.count(text);
    try {
      store.write(key, ByteBuffer.allocate(Integer.BYTES).putInt(n).array());
    } catch (IOException e) {
      // the next run counts it again
    }
    return n;
  }
}
