package dev.repotune.extractors.git;

import dev.repotune.extractors.ExtractionException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * One open {@link Repository} per git directory, shared by every call of one reader and its commands
 * (JGit allows one {@code Repository} across threads), and closed with the reader.
 */
final class OpenRepositories implements AutoCloseable {
  private final GitSource source;
  private final Map<Path, Repository> open = new LinkedHashMap<>();

  OpenRepositories(GitSource source) {
    this.source = source;
  }

  Repository get(Path gitDir) throws ExtractionException {
    synchronized (open) {
      Repository repo = open.get(gitDir);
      if (repo == null) {
        try {
          repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        } catch (IOException e) {
          throw ReaderErrors.notFound(source, "repository not found: " + gitDir + " (" + e.getMessage() + ")");
        }
        open.put(gitDir, repo);
      }
      return repo;
    }
  }

  /** Closes and forgets the open {@link Repository} of {@code gitDir}, so a new clone there is read afresh. */
  void forget(Path gitDir) {
    synchronized (open) {
      Repository repo = open.remove(gitDir);
      if (repo != null) {
        repo.close();
      }
    }
  }

  @Override
  public void close() {
    synchronized (open) {
      open.values().forEach(Repository::close);
      open.clear();
    }
  }
}
