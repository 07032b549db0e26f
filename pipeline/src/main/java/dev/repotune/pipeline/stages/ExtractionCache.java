package dev.repotune.pipeline.stages;

import dev.repotune.extractors.ExtractionResult;
import dev.repotune.extractors.ExtractorVersion;
import dev.repotune.extractors.SourceFile;
import dev.repotune.extractors.StableIds;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Chunks of a file already extracted, content-addressed by (extractor code, path, blob id): a rerun on
 * the same commit, or on one that changed a few files, parses only what changed. Stored through Beam
 * {@link FileSystems}, so on a cluster the folder can be any shared file system the runner knows.
 * Anything unreadable is a miss; the cache never changes what a run produces (results are re-stamped
 * with the current repo, commit and chunk ids).
 */
final class ExtractionCache implements Serializable {
  private final String dir;

  ExtractionCache(String dir) {
    this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  /** The path matters too: it decides the language, test-ness and each chunk's context. */
  static String key(SourceFile f) {
    return StableIds.of(ExtractorVersion.value(), f.language(), f.path(), f.blobSha());
  }

  /** The cached result re-stamped for {@code f}, or null when there is none (or it cannot be read). */
  ExtractionResult get(SourceFile f) {
    ResourceId id = resource(key(f));
    try (ObjectInputStream in =
        new ObjectInputStream(new BufferedInputStream(Channels.newInputStream(FileSystems.open(id)), 1 << 16))) {
      return ((ExtractionResult) in.readObject()).restampedFor(f);
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      return null;
    }
  }

  /** Stores {@code result}; written beside the entry and renamed, so readers never see half a file. */
  boolean put(SourceFile f, ExtractionResult result) {
    String key = key(f);
    ResourceId tmp = resource(key + ".tmp-" + UUID.randomUUID());
    try {
      try (ObjectOutputStream out =
          new ObjectOutputStream(
              new BufferedOutputStream(
                  Channels.newOutputStream(FileSystems.create(tmp, MimeTypes.BINARY)), 1 << 16))) {
        out.writeObject(result);
      }
      FileSystems.rename(List.of(tmp), List.of(resource(key)));
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private ResourceId resource(String name) {
    return FileSystems.matchNewResource(dir + "/" + name.substring(0, 2) + "/" + name, false);
  }
}
