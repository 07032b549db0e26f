package dev.repotune.prompts;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A {@link ResponseCache.Store} in a local folder, fanned out by the key's first two hex digits. Each entry
 * is written to a temporary file and renamed into place, so a killed run never leaves half an entry.
 */
public final class LocalCacheStore implements ResponseCache.Store {
  private static final long serialVersionUID = 1L;
  private final String dir;

  public LocalCacheStore(Path dir) {
    this.dir = dir.toAbsolutePath().toString();
  }

  private Path path(String key) {
    return Path.of(dir, key.substring(0, 2), key + ".json");
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(path(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void write(String key, byte[] value) throws IOException {
    Path target = path(key);
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), key, ".tmp");
    try {
      Files.write(tmp, value);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
