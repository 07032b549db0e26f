package dev.repotune.extractors.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A plain folder holding one commit's tree, so a build can run on it without a checkout in (or a lock on)
 * the repository: objects are only read, never written, and no index or HEAD is touched.
 */
public final class WorkCopy {
  private WorkCopy() {}

  /**
   * Writes the tree of {@code commit} (any revision JGit resolves) of the repository at {@code gitDir} into
   * {@code dest}, which must be absent or empty. Executable blobs keep their bit, and so do {@code mvnw} and
   * {@code gradlew} wherever a repository committed them without it; symbolic links are written only when
   * their target stays inside {@code dest}; submodules are left out.
   */
  public static Path checkout(Path gitDir, String commit, Path dest) {
    try {
      Files.createDirectories(dest);
      try (var entries = Files.list(dest)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("work copy folder is not empty: " + dest);
        }
      }
      Path root = dest.toAbsolutePath().normalize();
      try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
          RevWalk revWalk = new RevWalk(repo);
          TreeWalk walk = new TreeWalk(repo)) {
        ObjectId id = repo.resolve(commit + "^{commit}");
        if (id == null) {
          throw new IllegalArgumentException("no commit " + commit + " in " + gitDir);
        }
        RevCommit rev = revWalk.parseCommit(id);
        walk.addTree(rev.getTree());
        walk.setRecursive(true);
        while (walk.next()) {
          FileMode mode = walk.getFileMode(0);
          Path target = root.resolve(walk.getPathString()).normalize();
          if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalStateException("tree path escapes the work copy: " + walk.getPathString());
          }
          if (mode == FileMode.GITLINK) {
            continue;
          }
          Files.createDirectories(target.getParent());
          if (mode == FileMode.SYMLINK) {
            String link = new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            Path linkTarget = Path.of(link);
            if (!linkTarget.isAbsolute() && target.getParent().resolve(linkTarget).normalize().startsWith(root)) {
              Files.createSymbolicLink(target, linkTarget);
            }
            continue;
          }
          try (InputStream in = repo.open(walk.getObjectId(0)).openStream()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
          String name = target.getFileName().toString();
          if (mode == FileMode.EXECUTABLE_FILE || name.equals("mvnw") || name.equals("gradlew")) {
            makeExecutable(target);
          }
        }
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + commit + " of " + gitDir + " into " + dest, e);
    }
  }

  private static void makeExecutable(Path file) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      perms.add(PosixFilePermission.OWNER_EXECUTE);
      perms.add(PosixFilePermission.GROUP_EXECUTE);
      perms.add(PosixFilePermission.OTHERS_EXECUTE);
      Files.setPosixFilePermissions(file, perms);
    } catch (UnsupportedOperationException e) {
      file.toFile().setExecutable(true);
    }
  }
}
