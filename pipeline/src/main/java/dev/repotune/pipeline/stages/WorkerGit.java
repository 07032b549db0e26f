package dev.repotune.pipeline.stages;

import dev.repotune.extractors.git.GitBundles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The one way a worker opens a repository. On a cluster without a shared disk the driver's clone is not
 * there, so the driver ships a git bundle (RepotunePipeline.shipRepositories) to a store every worker reads;
 * here the bundle is copied to this machine's temp disk and unpacked once, and every stage opens that bare
 * repository. A plain path (a run on one machine) is used as it is.
 *
 * <p>Once per JVM (a lock per bundle) and once per machine: a file lock keeps two JVMs from unpacking into
 * one folder at a time, and a {@code done} marker, written last, tells a finished unpack from one a killed
 * JVM left half done (which is made again). The marker holds the bundle's size and modification time, so a
 * bundle rewritten at the same location is unpacked again.
 */
public final class WorkerGit {
  static final String SUFFIX = ".bundle";
  private static final Map<String, Path> UNPACKED = new ConcurrentHashMap<>();
  private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

  private WorkerGit() {}

  /** The local git directory to open for {@code gitDirOrBundle}: a bundle's unpacked copy, else the value itself. */
  public static String localGitDir(String gitDirOrBundle) {
    if (gitDirOrBundle == null || !gitDirOrBundle.endsWith(SUFFIX)) {
      return gitDirOrBundle;
    }
    String key = key(gitDirOrBundle);
    Path done = UNPACKED.get(key);
    if (done != null) {
      return done.toString();
    }
    synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
      done = UNPACKED.get(key);
      if (done == null) {
        try {
          done = unpack(gitDirOrBundle, Path.of(System.getProperty("java.io.tmpdir"), "repotune-git", key));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot bring the repository bundle " + gitDirOrBundle + " to this worker: "
              + e.getMessage(), e);
        }
        UNPACKED.put(key, done);
      }
      return done.toString();
    }
  }

  /** The folder name of a bundle location: 16 hex digits of its SHA-256. */
  static String key(String location) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path unpack(String location, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path git = dir.resolve("git");
    Path marker = dir.resolve("done");
    MatchResult.Metadata meta = FileSystems.matchSingleFileSpec(location);
    String version = meta.sizeBytes() + " " + meta.lastModifiedMillis() + "\n";
    try (FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      if (Files.isRegularFile(marker) && Files.isDirectory(git) && Files.readString(marker).equals(version)) {
        return git;
      }
      Files.deleteIfExists(marker);
      dev.repotune.pipeline.DatasetFolder.deleteRecursively(git);
      Path bundle = dir.resolve("repo" + SUFFIX);
      Path part = dir.resolve("repo" + SUFFIX + ".part");
      try (InputStream in = Channels.newInputStream(FileSystems.open(meta.resourceId()))) {
        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(part, bundle, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      GitBundles.unpack(bundle, git);
      Files.delete(bundle); // the bare repository holds it all now
      Files.writeString(marker, version);
      return git;
    }
  }

}
