package dev.repotune.extractors.git;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.BundleWriter;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * A repository's commits as one file, and that file as a repository again. Workers on a cluster without a
 * shared disk cannot open the driver's clone by path; a bundle is a single stream, so it can be written to
 * any store the job reads (a local folder, {@code s3://}, {@code gs://}) and copied to each worker's own
 * disk. Each commit goes with its whole history because the history and replay stages walk ancestors.
 */
public final class GitBundles {
  /** The ref each bundled commit gets: a name no branch or tag can clash with. */
  public static final String REF_PREFIX = "refs/repotune/";

  private GitBundles() {}

  /**
   * Writes a bundle of {@code commits} (full shas or anything {@link Repository#resolve} takes) of the
   * repository at {@code gitDir}, each under {@code refs/repotune/<full sha>}; {@code out} is not closed.
   */
  public static void write(Path gitDir, List<String> commits, OutputStream out) throws IOException {
    if (commits.isEmpty()) {
      throw new IllegalArgumentException("no commit to bundle from " + gitDir);
    }
    try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(repo)) {
      Set<ObjectId> ids = new LinkedHashSet<>();
      for (String c : commits) {
        ObjectId id = repo.resolve(c);
        if (id == null) {
          throw new IOException("commit " + c + " not found in " + gitDir);
        }
        try {
          ids.add(walk.parseCommit(id).copy()); // peels a tag; a tree or blob is refused
        } catch (org.eclipse.jgit.errors.MissingObjectException e) {
          throw new IOException("commit " + c + " not found in " + gitDir, e);
        }
      }
      BundleWriter writer = new BundleWriter(repo);
      for (ObjectId id : ids) {
        writer.include(REF_PREFIX + id.name(), id);
      }
      writer.writeBundle(NullProgressMonitor.INSTANCE, out);
    }
  }

  /**
   * Makes a bare repository at {@code bareRepo} (which must not hold one yet) holding everything in the
   * bundle file, under the bundle's own ref names.
   */
  public static void unpack(Path bundleFile, Path bareRepo) throws IOException {
    Files.createDirectories(bareRepo);
    try (Repository repo = FileRepositoryBuilder.create(bareRepo.toFile())) {
      repo.create(true);
      // A fetch may start JGit's auto-gc in the background; stages open this repository at once, so none runs.
      repo.getConfig().setInt("gc", null, "auto", 0);
      repo.getConfig().setInt("gc", null, "autopacklimit", 0);
      repo.getConfig().setBoolean("receive", null, "autogc", false);
      repo.getConfig().save();
      URIish uri;
      try {
        uri = new URIish(bundleFile.toAbsolutePath().toString());
      } catch (URISyntaxException e) {
        throw new IOException("not a bundle location: " + bundleFile, e);
      }
      try (Transport t = Transport.open(repo, uri)) {
        FetchResult r = t.fetch(NullProgressMonitor.INSTANCE, List.of(new RefSpec("+refs/*:refs/*")));
        if (r.getAdvertisedRefs().isEmpty()) {
          throw new IOException("bundle " + bundleFile + " holds no ref");
        }
      } catch (org.eclipse.jgit.errors.TransportException e) {
        throw new IOException("cannot unpack bundle " + bundleFile + ": " + e.getMessage(), e);
      }
    }
  }
}
