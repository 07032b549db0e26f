package dev.repotune.extractors.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ref-resolution command on its own, over a bare repository read in place. */
class ResolveRefCommandTest {
  @TempDir Path tmp;

  private Path gitDir;
  private ObjectId first;
  private ObjectId second;

  @BeforeEach
  void createRepo() throws Exception {
    gitDir = tmp.resolve("widget.git");
    try (Repository repo = TestRepos.initBare(gitDir)) {
      first = TestRepos.commit(repo, "main", "first", Map.of("A.java", "class A {}\n"));
      TestRepos.annotatedTag(repo, "v1.0", first);
      second = TestRepos.commit(repo, "main", "second", Map.of("A.java", "class A { int f; }\n"));
    }
  }

  private ResolvedRepository resolve(String ref) throws Exception {
    GitSource source = new GitSource(gitDir.toString());
    try (OpenRepositories open = new OpenRepositories(source)) {
      return new ResolveRefCommand(source, open).setGitDir(gitDir).setRef(ref).call();
    }
  }

  @Test
  void givenBranchTagShaOrExpression_thenItsCommitAndFullRefName() throws Exception {
    ResolvedRepository head = resolve("HEAD");
    assertEquals(second.name(), head.commit());
    assertEquals("refs/heads/main", head.ref());
    assertEquals("widget", head.name());
    assertEquals(gitDir.toAbsolutePath().toString(), head.url());
    assertEquals(gitDir, head.gitDir());
    assertEquals("refs/tags/v1.0", resolve("v1.0").ref());
    assertEquals(first.name(), resolve("v1.0").commit(), "an annotated tag peels to its commit");
    assertEquals(first.name(), resolve(first.name().substring(0, 6)).commit());
    assertEquals(first.name(), resolve("main~1").commit());
  }

  @Test
  void givenUnknownRef_thenNotFoundNamingTheBranchesAndTags() {
    RefNotFoundException e = assertThrows(RefNotFoundException.class, () -> resolve("nope"));
    assertEquals(
        "ref not found: 'nope' in " + gitDir.toAbsolutePath()
            + " (give a branch, a tag or a commit sha; branches: main; tags: v1.0)",
        e.getMessage());
  }

  @Test
  void givenRefNoFileSystemCanHold_thenRejectedBeforeAnyLookup() throws Exception {
    ResolveRefCommand.checkRefLength("feature/" + "x".repeat(255));
    RefNotFoundException part =
        assertThrows(RefNotFoundException.class, () -> ResolveRefCommand.checkRefLength("feature/" + "x".repeat(256)));
    assertTrue(part.getMessage().startsWith("not a valid ref: 'feature/xxx"), part.getMessage());
    assertTrue(part.getMessage().contains("...' (264 characters) is longer than"), part.getMessage());
    RefNotFoundException whole =
        assertThrows(RefNotFoundException.class, () -> ResolveRefCommand.checkRefLength("a/".repeat(600)));
    assertTrue(whole.getMessage().contains("(1,200 characters)"), whole.getMessage());
  }

  @Test
  void givenCommandCalledTwice_thenTheSecondCallFails() throws Exception {
    GitSource source = new GitSource(gitDir.toString());
    try (OpenRepositories open = new OpenRepositories(source)) {
      ResolveRefCommand command = new ResolveRefCommand(source, open).setGitDir(gitDir);
      assertEquals(second.name(), command.call().commit());
      assertThrows(IllegalStateException.class, command::call);
      assertThrows(IllegalStateException.class, () -> command.setRef("v1.0"));
    }
  }
}
