package dev.repotune.extractors.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitBundlesTest {
  @TempDir Path tmp;

  @Test
  void givenTheMiddleAndLastCommitsBundled_thenTheUnpackedRepositoryHasThemTheirParentsAndTheirFiles() throws Exception {
    Path work = tmp.resolve("src");
    List<String> commits = new ArrayList<>();
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      for (int i = 1; i <= 3; i++) {
        Files.writeString(work.resolve("a.txt"), "version " + i + "\n");
        Files.writeString(work.resolve("only" + i + ".txt"), "file of commit " + i + "\n");
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("T", "t@example.invalid", new Date(1_700_000_000_000L + i * 1000L),
            TimeZone.getTimeZone("UTC"));
        commits.add(git.commit().setMessage("commit " + i).setAuthor(who).setCommitter(who).setSign(false).call().getName());
      }
    }
    // A side branch off the first commit: reachable from nothing bundled.
    String unbundled;
    try (Git git = Git.open(work.toFile())) {
      git.checkout().setCreateBranch(true).setName("side").setStartPoint(commits.get(0)).call();
      Files.writeString(work.resolve("side.txt"), "side\n");
      git.add().addFilepattern(".").call();
      unbundled = git.commit().setMessage("side").setSign(false).call().getName();
    }
    Path gitDir = work.resolve(".git");
    Path bundle = tmp.resolve("repo.bundle");
    try (OutputStream out = Files.newOutputStream(bundle)) {
      GitBundles.write(gitDir, List.of(commits.get(1), commits.get(2)), out);
    }
    Path bare = tmp.resolve("unpacked");
    GitBundles.unpack(bundle, bare);

    try (Repository original = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).build();
        Repository copy = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build()) {
      assertTrue(copy.isBare());
      assertEquals(0, copy.getConfig().getInt("gc", "auto", -1)); // no background gc under the stages
      for (String c : commits) {
        RevCommit o = parse(original, c);
        RevCommit u = parse(copy, c);
        assertEquals(o.getName(), u.getName());
        assertEquals(o.getFullMessage(), u.getFullMessage());
        assertEquals(o.getTree().getName(), u.getTree().getName());
        assertEquals(names(o.getParents()), names(u.getParents()));
        assertArrayEquals(bytes(original, o, "a.txt"), bytes(copy, u, "a.txt"));
        assertEquals("version " + (commits.indexOf(c) + 1) + "\n",
            new String(bytes(copy, u, "a.txt"), StandardCharsets.UTF_8));
      }
      assertNotNull(copy.exactRef(GitBundles.REF_PREFIX + commits.get(1)));
      assertNotNull(copy.exactRef(GitBundles.REF_PREFIX + commits.get(2)));
      assertNotNull(original.resolve(unbundled));
      assertThrows(MissingObjectException.class, () -> parse(copy, unbundled));
    }
  }

  @Test
  void givenACommitTheRepositoryLacks_thenWriteFails() throws Exception {
    Path work = tmp.resolve("src");
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Files.writeString(work.resolve("a.txt"), "a\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("one").setSign(false).call();
    }
    IOException e = assertThrows(IOException.class, () -> GitBundles.write(work.resolve(".git"),
        List.of("0123456789abcdef0123456789abcdef01234567"), OutputStream.nullOutputStream()));
    assertTrue(e.getMessage().contains("0123456789abcdef"), e.getMessage());
  }

  private static RevCommit parse(Repository repo, String id) throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(id));
      for (RevCommit p : c.getParents()) {
        walk.parseHeaders(p);
      }
      return c;
    }
  }

  private static List<String> names(RevCommit[] commits) {
    List<String> out = new ArrayList<>();
    for (RevCommit c : commits) {
      out.add(c.getName());
    }
    return out;
  }

  private static byte[] bytes(Repository repo, RevCommit c, String path) throws IOException {
    try (TreeWalk t = TreeWalk.forPath(repo, path, c.getTree())) {
      assertNotNull(t, path + " at " + c.getName());
      return repo.open(t.getObjectId(0)).getBytes();
    }
  }
}
