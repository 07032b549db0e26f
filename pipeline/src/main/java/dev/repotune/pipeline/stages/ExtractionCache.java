package dev.repotune.pipeline.stages;

import dev.repotune.extractors.ExtractionResult;
import dev.repotune.extractors.ExtractorVersion;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.StableIds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Optional;
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
    try {
      Optional<byte[]> bytes = store.read(key(f));
      if (bytes.isEmpty()) {
        return null;
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.get()))) {
        in.setObjectInputFilter(ONLY_EXTRACTION_RESULTS);
        return ((ExtractionResult) in.readObject()).restampedFor(f);
      }
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      // InvalidClassException when the filter rejects a class: a miss, never a deserialized stranger
      return null;
    }
  }

  /** The JDK classes an {@link ExtractionResult}'s graph is made of besides the extractors' own. */
  private static final Set<String> JDK_CLASSES =
      Set.of(
          "java.lang.Enum", "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Boolean",
          "java.util.ArrayList", "java.util.LinkedList", "java.util.Arrays$ArrayList", "java.util.CollSer",
          "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
          "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList",
          "java.util.Collections$UnmodifiableCollection", "java.util.Collections$EmptyList",
          "java.util.Collections$SingletonList");

  /**
   * What an entry may contain: the extractors module's types (records, enums), strings, primitives, and
   * the lists above (and arrays of them). Anything else, a planted gadget included, is rejected before it
   * is constructed, so the entry is a miss.
   */
  static final ObjectInputFilter ONLY_EXTRACTION_RESULTS =
      info -> {
        Class<?> c = info.serialClass();
        if (c == null) {
          return info.depth() > 64 ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
          c = c.getComponentType();
        }
        String name = c.getName();
        boolean ok =
            c.isPrimitive()
                || c == String.class
                || c == Object.class
                || JDK_CLASSES.contains(name)
                || name.startsWith("dev.repotune.extractors.");
        return ok ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
      };

  /** Stores {@code result}; a reader never sees half an entry ({@link BeamCacheStore}). */
  boolean put(SourceFile f, ExtractionResult result) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(result);
      }
      store.write(key(f), bytes.toByteArray());
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
