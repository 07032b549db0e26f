package dev.repotune.extractors.git;

import dev.repotune.extractors.ExtractionException;
import dev.repotune.extractors.StableIds;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Brings the bare clone of a URL in {@code <cacheDir>/repos/} up to date and returns its git directory:
 * cloned on first use (into a {@code .tmp-} folder, then moved into place atomically, so a killed clone
 * is never mistaken for the cache and two runs cloning at once both end on one clone), fetched
 * afterwards. A cached clone that cannot be read is put aside and made again, with a warning; a full
 * disk is said as such.
 */
final class CachedCloneCommand extends ReaderCommand<Path> {
  /** Temp clones older than this are leftovers of a killed run, not a clone still in progress. */
  private static final Duration STALE_TEMP = Duration.ofHours(24);

  private static final String TEMP_PREFIX = ".tmp-";

  private final GitSource source;
  private final OpenRepositories repositories;
  private Path cacheDir;
  private String ref = Constants.HEAD;
  private Consumer<String> warnings = w -> {};

  CachedCloneCommand(GitSource source, OpenRepositories repositories) {
    this.source = source;
    this.repositories = repositories;
  }

  /** The repotune cache root; clones live in {@code <cacheDir>/repos/}. */
  CachedCloneCommand setCacheDir(Path cacheDir) {
    checkCallable();
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    return this;
  }

  /** The ref about to be resolved: a full sha the clone already holds needs no fetch. */
  CachedCloneCommand setRef(String ref) {
    checkCallable();
    this.ref = Objects.requireNonNull(ref, "ref");
    return this;
  }

  /** Where a warning for the user goes (one line: a damaged cached clone made again). */
  CachedCloneCommand setWarnings(Consumer<String> warnings) {
    checkCallable();
    this.warnings = Objects.requireNonNull(warnings, "warnings");
    return this;
  }

  @Override
  public Path call() throws ExtractionException {
    markCalled();
    Objects.requireNonNull(cacheDir, "setCacheDir first");
    String url = source.display();
    Path repos = cacheDir.resolve("repos");
    Path target = repos.resolve(safeFileName(GitSource.nameOf(url)) + "-" + StableIds.sha256Hex(url.getBytes(StandardCharsets.UTF_8)).substring(0, 12) + ".git");
    if (Files.isDirectory(target)) {
      String damage = damage(target);
      if (damage == null) {
        fetch(target);
        return target;
      }
      // repos/ is repotune's own folder: a clone there that cannot be read is put aside and made again
      repositories.forget(target);
      Path aside = repos.resolve(TEMP_PREFIX + target.getFileName() + "-damaged-" + java.util.UUID.randomUUID());
      try {
        Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        deleteQuietly(aside);
      } catch (NoSuchFileException e) {
        // another run put it aside first
      } catch (IOException e) {
        throw ReaderErrors.damaged(source, target, new IOException(damage, e));
      }
      warnings.accept("the cached clone of " + url + " was damaged (" + source.scrub(damage) + "); cloned it again");
    }
    Path temp;
    try {
      Files.createDirectories(repos);
      deleteStaleTemps(repos, target.getFileName().toString());
      temp = Files.createTempDirectory(repos, TEMP_PREFIX + target.getFileName() + "-");
    } catch (IOException e) {
      if (isDiskFull(e)) {
        throw diskFull(repos, e);
      }
      throw new ExtractionException(
          "cannot write the cache " + repos + ": " + ReaderErrors.tipMessage(e) + " (check permissions, or set REPOTUNE_CACHE)", e);
    }
    gcInForeground();
    try {
      Git.cloneRepository()
          .setURI(source.transportUrl())
          .setCredentialsProvider(source.credentials())
          .setDirectory(temp.toFile())
          .setBare(true)
          .setMirror(false)
          .setCloneAllBranches(true)
          .setTagOption(TagOpt.FETCH_TAGS)
          .call()
          .close(); // before the move, so no file handle points into the temp folder
    } catch (GitAPIException | JGitInternalException e) {
      deleteQuietly(temp);
      if (isDiskFull(e)) {
        throw diskFull(repos, e);
      }
      throw transportFailure("clone", e);
    }
    try {
      // Atomic: a clone killed half way stays a ".tmp-" folder and is never mistaken for the cache.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      deleteQuietly(temp);
      throw new ExtractionException("cannot rename a folder atomically inside " + repos + " (put the cache on a local disk)", e);
    } catch (IOException e) {
      deleteQuietly(temp);
      // Linux's rename(2) onto a non-empty folder fails with ENOTEMPTY, which the JDK reports as a plain
      // FileSystemException "Directory not empty": another run finished the same clone first, use that one
      if (!(Files.isDirectory(target) && damage(target) == null)) {
        throw new ExtractionException(
            "cannot move the clone into " + target + ": " + ReaderErrors.tipMessage(e), e);
      }
    }
    return target;
  }

  /**
   * Why the clone at {@code gitDir} cannot be read, or null when it can: its HEAD and every branch must
   * lead to a commit and a root tree that JGit reads (a pack without its index, a truncated pack or a
   * missing object fail here). A cheap check, not {@code git fsck}: a blob missing deeper down is
   * reported when it is read.
   */
  private String damage(Path gitDir) {
    Repository repo;
    try {
      repo = repositories.get(gitDir);
    } catch (ExtractionException e) {
      return e.getMessage();
    }
    try (RevWalk walk = new RevWalk(repo)) {
      List<Ref> tips = new ArrayList<>(repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS));
      Ref head = repo.exactRef(Constants.HEAD);
      if (head == null || head.getObjectId() == null) {
        if (tips.isEmpty()) {
          return null; // an empty repository: resolve() says so
        }
      } else {
        tips.add(head);
      }
      for (Ref tip : tips) {
        if (tip.getObjectId() == null) {
          continue;
        }
        RevObject object = walk.peel(walk.parseAny(tip.getObjectId()));
        if (object instanceof RevCommit commit) {
          walk.parseHeaders(commit.getTree());
          try (TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(commit.getTree()); // reads the root tree's content, not only that it exists
          }
        }
      }
      return null;
    } catch (org.eclipse.jgit.errors.MissingObjectException e) {
      return "object " + e.getObjectId().name() + " is missing";
    } catch (IOException | RuntimeException e) {
      return ReaderErrors.tipMessage(e);
    }
  }

  /**
   * JGit may start its automatic gc of a fresh clone in a background thread, which then races the atomic
   * move of the clone's folder: it unlocks {@code gc.log.lock} in a folder that moved, and logs a SEVERE
   * stack trace at the user (seen once on the JDK's clone). In the foreground it is done before the move.
   * Set in this process's view of the user's git config only; the file is not written.
   */
  private static void gcInForeground() {
    try {
      org.eclipse.jgit.lib.StoredConfig user = org.eclipse.jgit.util.SystemReader.getInstance().getUserConfig();
      if (user.getBoolean("gc", "autoDetach", true)) {
        user.setBoolean("gc", null, "autoDetach", false);
      }
    } catch (IOException | org.eclipse.jgit.errors.ConfigInvalidException e) {
      // JGit's default stays; at worst the rare warning comes back
    }
  }

  private void fetch(Path gitDir) throws ExtractionException {
    Repository repo = repositories.get(gitDir);
    try {
      // A full sha already in the cache cannot have changed: no network needed.
      if (ObjectId.isId(ref.toLowerCase(Locale.ROOT))
          && repo.getObjectDatabase().has(ObjectId.fromString(ref.toLowerCase(Locale.ROOT)))) {
        return;
      }
    } catch (IOException e) {
      throw ReaderErrors.damaged(source, gitDir, e);
    }
    try {
      Git.wrap(repo)
          .fetch()
          .setRemote(Constants.DEFAULT_REMOTE_NAME)
          .setCredentialsProvider(source.credentials())
          .setRefSpecs(
              new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_HEADS + "*"),
              new RefSpec("+" + Constants.R_TAGS + "*:" + Constants.R_TAGS + "*"))
          .setTagOpt(TagOpt.FETCH_TAGS)
          .setRemoveDeletedRefs(true)
          .call();
    } catch (GitAPIException | JGitInternalException e) {
      if (isDiskFull(e)) {
        throw diskFull(gitDir.getParent(), e);
      }
      throw transportFailure("fetch", e);
    }
  }

  /** Maps JGit's transport errors to our types by what they are, falling back to their text for auth. */
  private ExtractionException transportFailure(String action, Exception e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof NoRemoteRepositoryException
          || c instanceof InvalidRemoteException
          || c instanceof UnknownHostException) {
        return ReaderErrors.notFound(source, notFoundMessage(), e);
      }
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      // JGit has no exception type for "needs credentials"; these are its fixed texts for it.
      if (m.contains("not authorized")
          || m.contains("authentication is required")
          || m.contains("auth fail")
          || m.contains("no credentialsprovider")) {
        return ReaderErrors.notFound(source, notFoundMessage(), e);
      }
    }
    String hint =
        ReaderErrors.rootCause(e) instanceof ConnectException ? "check the network and the URL" : "check the URL and the network";
    return new ExtractionException(
        "could not " + action + " " + source.display() + ": " + source.scrub(ReaderErrors.rootMessage(e)) + " (" + hint + ")", e);
  }

  /**
   * Whether {@code e} or a cause of it is the file system's ENOSPC (or EDQUOT): the JDK's text for it is
   * "No space left on device", which JGit wraps in its own exceptions.
   */
  static boolean isDiskFull(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("no space left on device") || m.contains("enospc") || m.contains("disk quota exceeded")) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (isDiskFull(s)) {
          return true;
        }
      }
    }
    return false;
  }

  private ExtractionException diskFull(Path where, Throwable e) {
    return new ExtractionException(
        "no space left on device while cloning " + source.display() + " into " + where
            + "; free some space or choose another --cache-dir (or REPOTUNE_CACHE), then run the same command again",
        e);
  }

  private String notFoundMessage() {
    return "repository not found: "
        + source.display()
        + " (check the URL; a private repository needs credentials: https://TOKEN@host/... or an entry in ~/.netrc)";
  }

  private static String safeFileName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void deleteStaleTemps(Path repos, String targetName) {
    Instant cutoff = Instant.now().minus(STALE_TEMP);
    try (Stream<Path> children = Files.list(repos)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (child.getFileName().toString().startsWith(TEMP_PREFIX + targetName + "-")) {
          FileTime modified = Files.getLastModifiedTime(child);
          if (modified.toInstant().isBefore(cutoff)) {
            deleteQuietly(child);
          }
        }
      }
    } catch (IOException e) {
      // leftovers only cost disk space; they are never read
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a ".tmp-" folder is never used as a clone
    }
  }
}
