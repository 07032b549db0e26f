package dev.repotune.extractors.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GitSourceTest {
  @Test
  void redactUrlRemovesUserInfo() {
    assertEquals("https://github.com/google/gson.git", RepositoryReader.redactUrl("https://user:token@github.com/google/gson.git"));
    assertEquals("https://github.com/google/gson", RepositoryReader.redactUrl("https://ghp_abc123@github.com/google/gson"));
    assertEquals("http://host:8080/a/b.git?x=1", RepositoryReader.redactUrl("http://u:p%40ss@host:8080/a/b.git?x=1"));
    assertEquals("https://host/a@b", RepositoryReader.redactUrl("https://host/a@b"), "an @ in the path is not user-info");
    assertEquals("file:///srv/git/x.git", RepositoryReader.redactUrl("file://u:p@/srv/git/x.git"));
    assertEquals("https://github.com/google/gson.git", RepositoryReader.redactUrl("https://github.com/google/gson.git"));
    assertEquals("/home/me/repo", RepositoryReader.redactUrl("/home/me/repo"));
  }

  @Test
  void redactUrlKeepsSshLoginButNeverAPassword() {
    assertEquals("git@github.com:google/gson.git", RepositoryReader.redactUrl("git@github.com:google/gson.git"));
    assertEquals("ssh://git@host/x.git", RepositoryReader.redactUrl("ssh://git:hunter2@host/x.git"));
    assertEquals("git@host:x.git", RepositoryReader.redactUrl("git:hunter2@host:x.git"));
  }

  @Test
  void sourceKindAndName() {
    assertTrue(new GitSource("https://github.com/google/gson.git").remote);
    assertTrue(new GitSource("git@github.com:google/gson.git").remote);
    assertTrue(new GitSource("file:///root/.cache/repotune-corpus/gson.git").remote);
    assertFalse(new GitSource("/root/src/gson").remote);
    assertFalse(new GitSource("../gson").remote);
    assertEquals("gson", GitSource.nameOf("file:///root/.cache/repotune-corpus/gson.git"));
    assertEquals("gson", GitSource.nameOf("https://github.com/google/gson/"));
    assertEquals("gson", GitSource.nameOf("git@github.com:google/gson.git"));
    assertEquals("gson", GitSource.nameOf("/root/src/gson/.git"));
    assertEquals("repo", GitSource.nameOf("https://example.com"));
  }

  @Test
  void displayIsTheRedactedUrlOrTheAbsolutePath() {
    assertEquals("https://host/x.git", new GitSource("https://bob:p%40ss@host/x.git").display());
    assertEquals(
        java.nio.file.Path.of("a/../b").toAbsolutePath().normalize().toString(), new GitSource("a/../b").display());
  }

  @Test
  void scrubRemovesRawAndDecodedSecrets() {
    GitSource source = new GitSource("https://bob:p%40ss@host/x.git");
    assertEquals("failed for *** and ***", source.scrub("failed for bob:p%40ss and p@ss"));
  }
}
