package dev.repotune.pipeline.stages;

import dev.repotune.extractors.ExtractionResult;
import dev.repotune.extractors.ExtractorVersion;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.StableIds;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.util.Set;

/**
 * Chunks of a file already extracted, content-addressed by (extractor code, path, blob id): a rerun on
 * the same commit, or on one that changed a few files, parses only what changed. Stored in a
 * {@link BeamCacheStore}, so on a cluster the folder can be any shared file system the runner knows.
 * Anything unreadable is a miss; the cache never changes what a run produces (results are re-stamped
 * with the current repo, commit and chunk ids).
 */
final class ExtractionCache implements Serializable {
  private final BeamCacheStore store;

  ExtractionCache(String dir) {
    this.store = new BeamCacheStore(dir, ".chunks");
  }

  /**
   * The path matters too: it decides the language, test-ness and each chunk's context. So does the
   * text as redacted: the blob's sha names the commit's bytes, and an entry made under other redaction
   * rules or with --keep-emails must not be replayed with what those rules left in.
   */
  static String key(SourceFile f) {
    return StableIds.of(
        ExtractorVersion.value(), f.language(), f.path(), f.blobSha(), Integer.toHexString(f.text().hashCode()));
  }

  /** The cached result re-stamped for {@code f}, or null when there is none (or it cannot be read). */
  ExtractionResult get(SourceFile f) {
    return store.readObject(key(f), ExtractionResult.class, ONLY_EXTRACTION_RESULTS).map(r -> r.restampedFor(f))
        .orElse(null);
  }

  /**
   * What an entry may contain: the extractors module's types (records, enums), strings, primitives, and
   * the JDK's lists ({@link BeamCacheStore#only}). Anything else, a planted gadget included, is rejected
   * before it is constructed, so the entry is a miss.
   */
  static final ObjectInputFilter ONLY_EXTRACTION_RESULTS = BeamCacheStore.only(Set.of(), "dev.repotune.extractors.");

  /** Stores {@code result}; a reader never sees half an entry ({@link BeamCacheStore}). */
  boolean put(SourceFile f, ExtractionResult result) {
    return store.writeObject(key(f), result);
  }
}
