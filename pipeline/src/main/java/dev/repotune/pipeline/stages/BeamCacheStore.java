package dev.repotune.pipeline.stages;

import dev.repotune.prompts.ResponseCache;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * A content-addressed cache through Beam's {@link FileSystems}, so {@code --cache-dir} may be a local
 * folder or a bucket: {@code <dir>/<2 hex>/<key><suffix>}. Each entry is written under a unique temporary
 * name and renamed into place, so a reader never sees half an entry. The response cache and the
 * {@link RowCache} use it.
 */
final class BeamCacheStore implements ResponseCache.Store {
  private static final long serialVersionUID = 1L;
  private final String dir;
  private final String suffix;

  /** The response cache's store: JSON entries. */
  BeamCacheStore(String dir) {
    this(dir, ".json");
  }

  BeamCacheStore(String dir, String suffix) {
    this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    this.suffix = suffix;
  }

  private ResourceId resource(String name) {
    return FileSystems.matchNewResource(dir + "/" + name, false);
  }

  private String name(String key) {
    return key.substring(0, 2) + "/" + key + suffix;
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    try (InputStream in = Channels.newInputStream(FileSystems.open(resource(name(key))))) {
      return Optional.of(in.readAllBytes());
    } catch (FileNotFoundException | NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void write(String key, byte[] value) throws IOException {
    ResourceId tmp = resource(name(key) + ".tmp-" + UUID.randomUUID());
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(tmp, MimeTypes.BINARY))) {
      out.write(value);
    }
    FileSystems.rename(
        List.of(tmp), List.of(resource(name(key))), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}
