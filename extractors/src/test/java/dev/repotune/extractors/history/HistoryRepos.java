package dev.repotune.extractors.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

/**
 * Fixture histories built object by object (no working tree, no clock): each commit names its parents,
 * its time and its author, so merges, bots and time bounds can be planted and the ids are the same on
 * every run.
 */
final class HistoryRepos {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final PersonIdent HUMAN = person("Ada Lovelace", "ada@example.com", T0);

  private HistoryRepos() {}

  static Repository init(Path dir) throws GitAPIException {
    return Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call().getRepository();
  }

  static PersonIdent person(String name, String email, Instant when) {
    return new PersonIdent(name, email, when, ZoneOffset.UTC);
  }

  /** One commit of exactly {@code files} (path to String or byte[]), its time T0 plus {@code day} days. */
  static ObjectId commit(
      Repository repo, List<ObjectId> parents, int day, PersonIdent author, String message, Map<String, ?> files)
      throws IOException {
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      for (Map.Entry<String, ?> file : new TreeMap<>(files).entrySet()) {
        DirCacheEntry entry = new DirCacheEntry(file.getKey());
        Object content = file.getValue();
        byte[] bytes = content instanceof byte[] b ? b : ((String) content).getBytes(StandardCharsets.UTF_8);
        entry.setFileMode(FileMode.REGULAR_FILE);
        entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, bytes));
        builder.add(entry);
      }
      builder.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentIds(parents);
      PersonIdent who = new PersonIdent(author, T0.plusSeconds(86_400L * day), ZoneOffset.UTC);
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage(message);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  /** A commit by {@link #HUMAN} on top of {@code parent} (null: a root). */
  static ObjectId commit(Repository repo, ObjectId parent, int day, String message, Map<String, ?> files)
      throws IOException {
    return commit(repo, parent == null ? List.of() : List.of(parent), day, HUMAN, message, files);
  }

  static void setBranch(Repository repo, String branch, ObjectId id) throws IOException {
    RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
    update.setNewObjectId(id);
    RefUpdate.Result result = update.forceUpdate();
    if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED
        && result != RefUpdate.Result.FAST_FORWARD) {
      throw new IOException("could not update " + branch + ": " + result);
    }
  }

  static CommitInfo info(Repository repo, ObjectId id) throws IOException {
    return CommitLog.of(repo, id, 1, null).commits().get(0);
  }
}
