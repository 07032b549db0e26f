package dev.repotune.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.cli.ExitCodes;
import dev.repotune.pipeline.cli.ExitException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What makes a folder safe for repotune to replace. repotune deletes only what it wrote: a dataset whose
 * manifest says it is one and which holds nothing but the files that manifest lists, or a work folder
 * carrying its mark. No {@code --out}, with or without {@code --overwrite}, may be, hold or lie in
 * the input or the cache, nor be the home folder, the current folder or {@code /}.
 */
public final class OutputGuard {
  /** The manifest's {@code format}: how a repotune dataset names itself. */
  public static final String FORMAT_PREFIX = "repotune-dataset/";
  /** Written into every work folder the moment it is made, so only repotune's own are ever removed. */
  static final String WORK_MARK = ".repotune-work";
  /** The files every dataset holds besides the ones its manifest's {@code files} lists. */
  static final Set<String> ALWAYS = Set.of(DatasetFolder.MANIFEST, "README.md", "dataset_info.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutputGuard() {}

  /** A folder no output may touch, and whether an output inside it is refused too. */
  public record Guarded(Path path, String what, boolean insideToo) {}

  /**
   * Refuses an output folder that is, holds, or (for {@code insideToo} ones) lies inside a guarded one.
   * Paths are compared as the file system resolves them, so a symbolic link does not slip past.
   */
  public static void checkApart(Path out, Iterable<Guarded> guarded) {
    Path o = real(out);
    for (Guarded g : guarded) {
      Path p = real(g.path());
      String relation =
          o.equals(p) ? "is" : p.startsWith(o) ? "holds" : g.insideToo() && o.startsWith(p) ? "lies inside" : null;
      if (relation != null) {
        throw new ExitException(
            ExitCodes.BAD_INPUT,
            "--out " + out + " " + relation + " " + g.what() + " (" + g.path()
                + "); repotune never writes there, not even with --overwrite: choose another --out");
      }
    }
  }

  /** The path with every existing part resolved as the file system does (links followed). */
  static Path real(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    Path rest = abs.getFileSystem().getPath("");
    while (existing != null && !Files.exists(existing)) {
      rest = existing.getFileName().resolve(rest);
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(rest).normalize();
    } catch (IOException e) {
      return abs;
    }
  }

  /**
   * Why {@code dir} is not a repotune dataset that may be replaced, or empty when it is one: its manifest
   * must name the format and list every file the folder holds (the card, the LLaMA-Factory entries and
   * the manifest itself aside). Another tool's {@code manifest.json}, or a file a person added, makes
   * it someone else's.
   */
  static Optional<String> notADataset(Path dir) {
    Path manifest = dir.resolve(DatasetFolder.MANIFEST);
    if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("it has no " + DatasetFolder.MANIFEST);
    }
    JsonNode m;
    try {
      m = JSON.readTree(manifest.toFile());
    } catch (IOException e) {
      return Optional.of("its " + DatasetFolder.MANIFEST + " is not JSON");
    }
    if (m == null || !m.path("format").asText("").startsWith(FORMAT_PREFIX)) {
      return Optional.of("its " + DatasetFolder.MANIFEST + " does not say format " + FORMAT_PREFIX + "N");
    }
    Set<String> listed = new HashSet<>(ALWAYS);
    m.path("files").forEach(kind -> kind.forEach(f -> listed.add(f.asText())));
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.skip(1)::iterator) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (Files.isSymbolicLink(p)) {
          return Optional.of(rel + " is a link repotune did not write");
        }
        if (Files.isDirectory(p)) {
          if (listed.stream().noneMatch(f -> f.startsWith(rel + "/"))) {
            return Optional.of(rel + "/ is not a folder its manifest lists");
          }
        } else if (!listed.contains(rel)) {
          return Optional.of(rel + " is not a file its manifest lists");
        }
      }
    } catch (IOException e) {
      return Optional.of("it cannot be read (" + e.getMessage() + ")");
    }
    return Optional.empty();
  }

  /** Whether {@code dir} is an empty folder, or a work folder repotune made (it carries the mark). */
  static boolean isOwnWorkFolder(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (Files.exists(dir.resolve(WORK_MARK))) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether {@code dir} is where another file system is mounted. repotune moves the finished folder into
   * place by renaming, which a mount point refuses, so that is found out before the run, not after it.
   */
  static boolean isMountPoint(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    if (parent == null || !Files.isDirectory(abs)) {
      return parent == null;
    }
    try {
      return !Files.getFileStore(abs).equals(Files.getFileStore(parent)); // a store is one mount
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Holds {@code .<name>.lock} beside the output folder for one run, so a second run into the same folder
   * refuses instead of deleting the first one's work. The OS drops the lock when the process ends, however
   * it ends; the file itself is removed by {@link #close}. A run that locked a file another one was just
   * removing notices (the path no longer holds its token) and tries again.
   */
  public static final class Lock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private Lock(Path file, FileChannel channel, FileLock lock) {
      this.file = file;
      this.channel = channel;
      this.lock = lock;
    }

    public static Lock acquire(Path outDir) {
      Path file = outDir.resolveSibling("." + outDir.getFileName() + ".lock");
      for (int attempt = 0; attempt < 5; attempt++) {
        FileChannel ch = null;
        try {
          Files.createDirectories(file.getParent());
          ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
          FileLock l;
          try {
            l = ch.tryLock();
          } catch (OverlappingFileLockException e) {
            l = null; // this JVM already runs into the same folder
          }
          if (l == null) {
            ch.close();
            throw new ExitException(
                ExitCodes.BAD_INPUT,
                "another repotune run is writing " + outDir + " (it holds " + file.getFileName()
                    + "); wait for it to finish, or choose another --out");
          }
          byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
          ch.truncate(0);
          ch.write(ByteBuffer.wrap(token), 0);
          ch.force(false);
          if (holds(file, token)) {
            return new Lock(file, ch, l);
          }
          l.release();
          ch.close();
        } catch (IOException e) {
          closeQuietly(ch);
          throw new ExitException(
              ExitCodes.BAD_INPUT,
              "cannot write beside the output folder " + outDir + " (" + e.getMessage() + "); choose a writable --out",
              e);
        }
      }
      throw new ExitException(
          ExitCodes.BAD_INPUT, "another repotune run keeps taking the lock on " + outDir + "; choose another --out");
    }

    private static boolean holds(Path file, byte[] token) {
      try {
        return java.util.Arrays.equals(Files.readAllBytes(file), token);
      } catch (IOException e) {
        return false; // gone (NoSuchFileException) or unreadable: not the file this run locked
      }
    }

    private static void closeQuietly(FileChannel ch) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // nothing to do: the lock dies with the channel
        }
      }
    }

    @Override
    public synchronized void close() {
      if (!channel.isOpen()) {
        return;
      }
      try {
        Files.deleteIfExists(file); // while still locked, so no other run holds this file
      } catch (IOException ignored) {
        // a lock file left behind is taken over by the next run
      }
      try {
        lock.release();
      } catch (IOException ignored) {
        // the channel's close releases it too
      }
      closeQuietly(channel);
    }
  }
}
