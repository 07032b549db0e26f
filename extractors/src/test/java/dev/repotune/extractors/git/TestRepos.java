package dev.repotune.extractors.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Builds fixture repositories object by object (no working tree, no clock), so every run produces the
 * same commit ids and any file mode, symlinks and gitlinks included, can be planted.
 */
final class TestRepos {
  static final PersonIdent AUTHOR =
      new PersonIdent("Ada Lovelace", "ada@example.com", Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

  record Symlink(String target) {}

  record Gitlink(String commit) {}

  private TestRepos() {}

  /** A non-bare repository whose HEAD is refs/heads/main (unborn until the first commit). */
  static Repository init(Path dir) throws GitAPIException {
    return Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call().getRepository();
  }

  static Repository initBare(Path dir) throws GitAPIException {
    return Git.init().setBare(true).setGitDir(dir.toFile()).setInitialBranch("main").call().getRepository();
  }

  /**
   * Commits exactly {@code files} (path to String, byte[], Symlink or Gitlink) on top of the branch's
   * tip and moves the branch.
   */
  static ObjectId commit(Repository repo, String branch, String message, Map<String, ?> files)
      throws IOException {
    ObjectId parent = repo.resolve(Constants.R_HEADS + branch);
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      for (Map.Entry<String, ?> file : files.entrySet()) {
        DirCacheEntry entry = new DirCacheEntry(file.getKey());
        Object content = file.getValue();
        if (content instanceof Symlink link) {
          entry.setFileMode(FileMode.SYMLINK);
          entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, utf8(link.target())));
        } else if (content instanceof Gitlink link) {
          entry.setFileMode(FileMode.GITLINK);
          entry.setObjectId(ObjectId.fromString(link.commit()));
        } else {
          byte[] bytes = content instanceof byte[] b ? b : utf8((String) content);
          entry.setFileMode(FileMode.REGULAR_FILE);
          entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, bytes));
        }
        builder.add(entry);
      }
      builder.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      if (parent != null) {
        commit.setParentId(parent);
      }
      commit.setAuthor(AUTHOR);
      commit.setCommitter(AUTHOR);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      setRef(repo, Constants.R_HEADS + branch, id);
      return id;
    }
  }

  static void setRef(Repository repo, String name, ObjectId id) throws IOException {
    RefUpdate update = repo.updateRef(name);
    update.setNewObjectId(id);
    RefUpdate.Result result = update.forceUpdate();
    if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED && result != RefUpdate.Result.FAST_FORWARD) {
      throw new IOException("could not update " + name + ": " + result);
    }
  }

  static void annotatedTag(Repository repo, String name, ObjectId commit) throws Exception {
    try (RevWalk walk = new RevWalk(repo)) {
      Git.wrap(repo)
          .tag()
          .setName(name)
          .setObjectId(walk.parseCommit(commit))
          .setAnnotated(true)
          .setTagger(AUTHOR)
          .setMessage("release " + name)
          .call();
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
