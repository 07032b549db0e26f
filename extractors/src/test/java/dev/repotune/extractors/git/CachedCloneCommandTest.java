package dev.repotune.extractors.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.ExtractionException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clones in {@code <cache>/repos/}: made once and fetched after, a damaged one is made again, two
 * runs may clone at once; driven through the reader and, for the command's own contract, directly.
 */
class CachedCloneCommandTest {
  @TempDir Path tmp;

  private Path cache;
  private Path origin;
  private ObjectId head;

  @BeforeEach
  void createOrigin() throws Exception {
    cache = tmp.resolve("cache");
    origin = tmp.resolve("widget");
    try (Repository repo = TestRepos.init(origin)) {
      TestRepos.commit(repo, "main", "first", Map.of("A.java", "class A {}\n"));
      head = TestRepos.commit(repo, "main", "second", Map.of("A.java", "class A { int m() { return 1; } }\n"));
    }
  }

  private String url() {
    return "file://" + origin.toAbsolutePath();
  }

  private Path cloneOnce() throws ExtractionException {
    try (RepositoryReader reader = RepositoryReader.open(url()).cacheDir(cache)) {
      ResolvedRepository r = reader.resolve();
      assertEquals(List.of(), reader.warnings());
      return r.gitDir();
    }
  }

  private List<Path> packFiles(Path gitDir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(gitDir.resolve("objects/pack"))) {
      List<Path> found = s.filter(p -> p.toString().endsWith(suffix)).toList();
      assertFalse(found.isEmpty(), "the clone has a " + suffix);
      return found;
    }
  }

  private void assertReclonedWithOneWarning() throws Exception {
    try (RepositoryReader reader = RepositoryReader.open(url()).cacheDir(cache)) {
      ResolvedRepository r = reader.resolve();
      assertEquals(head.name(), r.commit());
      assertEquals(1, reader.warnings().size(), reader.warnings().toString());
      String w = reader.warnings().get(0);
      assertTrue(w.startsWith("the cached clone of " + url() + " was damaged (") && w.endsWith("); cloned it again"), w);
      assertFalse(w.contains("\n"), w);
      // the new clone reads: the files of the commit are there
      assertFalse(reader.list(r).isEmpty());
    }
    try (RepositoryReader reader = RepositoryReader.open(url()).cacheDir(cache)) {
      reader.resolve();
      assertEquals(List.of(), reader.warnings(), "repaired for good");
    }
    try (Stream<Path> repos = Files.list(cache.resolve("repos"))) {
      assertEquals(1, repos.count(), "the damaged clone is not left behind");
    }
  }

  @Test
  void givenCachedCloneWithoutPackIndex_whenResolved_thenClonedAgainAndSaidSo() throws Exception {
    Path gitDir = cloneOnce();
    for (Path idx : packFiles(gitDir, ".idx")) {
      Files.delete(idx);
    }
    assertReclonedWithOneWarning();
  }

  @Test
  void givenCachedCloneWithTruncatedPack_whenResolved_thenClonedAgainAndSaidSo() throws Exception {
    Path gitDir = cloneOnce();
    for (Path pack : packFiles(gitDir, ".pack")) {
      try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
        f.setLength(f.length() / 2);
      }
    }
    assertReclonedWithOneWarning();
  }

  /** Two cold runs on one cache: both clone, one move wins, the other uses the winner's clone. */
  @Test
  void givenTwoColdResolvesOfOneUrlAtOnce_thenBothSucceedOnOneClone() throws Exception {
    for (int round = 0; round < 5; round++) {
      cache = tmp.resolve("cache-" + round);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<ResolvedRepository>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          runs.add(
              pool.submit(
                  () -> {
                    start.await();
                    try (RepositoryReader reader = RepositoryReader.open(url()).cacheDir(cache)) {
                      return reader.resolve();
                    }
                  }));
        }
        start.countDown();
        ResolvedRepository a = runs.get(0).get();
        ResolvedRepository b = runs.get(1).get();
        assertEquals(head.name(), a.commit());
        assertEquals(a, b);
      } finally {
        pool.shutdownNow();
      }
      try (Stream<Path> repos = Files.list(cache.resolve("repos"))) {
        assertEquals(1, repos.count(), "one clone, no temp folder left");
      }
    }
  }

  private CachedCloneCommand command(GitSource source, OpenRepositories open) {
    return new CachedCloneCommand(source, open).setCacheDir(cache);
  }

  @Test
  void givenCommandCalledTwice_thenTheSecondCallFails() throws Exception {
    GitSource source = new GitSource(url());
    try (OpenRepositories open = new OpenRepositories(source)) {
      CachedCloneCommand clone = command(source, open);
      Path gitDir = clone.call();
      assertTrue(gitDir.getFileName().toString().matches("widget-[0-9a-f]{12}\\.git"), gitDir.toString());
      assertEquals(cache.resolve("repos"), gitDir.getParent());
      IllegalStateException e = assertThrows(IllegalStateException.class, clone::call);
      assertTrue(e.getMessage().contains("CachedCloneCommand"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> clone.setRef("main"));
      assertEquals(gitDir, command(source, open).call(), "a new command fetches into the same clone");
    }
  }

  @Test
  void givenDamagedClone_whenCalled_thenTheWarningGoesToItsSink() throws Exception {
    GitSource source = new GitSource(url());
    try (OpenRepositories open = new OpenRepositories(source)) {
      Path gitDir = command(source, open).call();
      open.forget(gitDir);
      for (Path idx : packFiles(gitDir, ".idx")) {
        Files.delete(idx);
      }
      List<String> warnings = new ArrayList<>();
      assertEquals(gitDir, command(source, open).setWarnings(warnings::add).call());
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).startsWith("the cached clone of " + url() + " was damaged ("), warnings.get(0));
      assertEquals(head, open.get(gitDir).resolve("refs/heads/main"), "the new clone reads");
    }
  }

  @Test
  void givenUnreachableUrl_whenCalled_thenRepositoryNotFoundAndNothingCached() {
    GitSource source = new GitSource("file://" + tmp.resolve("no/such/repo.git").toAbsolutePath());
    try (OpenRepositories open = new OpenRepositories(source)) {
      RepositoryNotFoundException e =
          assertThrows(RepositoryNotFoundException.class, () -> command(source, open).call());
      assertTrue(e.getMessage().startsWith("repository not found: " + source.display()), e.getMessage());
    }
  }

  /** A full disk during a clone is said as such, not as "check the URL and the network". */
  @Test
  void givenNoSpaceLeftInTheCauseChain_thenDiskFull() {
    IOException enospc = new IOException("No space left on device");
    assertTrue(
        CachedCloneCommand.isDiskFull(
            new org.eclipse.jgit.api.errors.TransportException(
                "file:///x: fetch failed", new org.eclipse.jgit.errors.TransportException("write failed", enospc))));
    assertTrue(CachedCloneCommand.isDiskFull(new org.eclipse.jgit.api.errors.JGitInternalException("oops", enospc)));
    IOException suppressed = new IOException("close failed");
    suppressed.addSuppressed(new java.nio.file.FileSystemException("/c/repos/x.pack: No space left on device"));
    assertTrue(CachedCloneCommand.isDiskFull(suppressed));
    assertFalse(CachedCloneCommand.isDiskFull(new java.net.ConnectException("Connection refused")));
    assertFalse(CachedCloneCommand.isDiskFull(new IOException((String) null)));
  }
}
