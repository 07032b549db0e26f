package dev.repotune.extractors.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.extractors.ExtractionException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryReaderResolveTest {
  @TempDir Path tmp;

  private Path cache;
  private Path origin;
  private Repository originRepo;
  private ObjectId first;
  private ObjectId second;
  private ObjectId onFeature;

  /** main: first, second; feature: first, onFeature; tags: v1.0 (annotated) and light, both at first. */
  @BeforeEach
  void createOrigin() throws Exception {
    cache = tmp.resolve("cache");
    origin = tmp.resolve("widget");
    originRepo = TestRepos.init(origin);
    first = TestRepos.commit(originRepo, "main", "first", Map.of("A.java", "class A {}\n"));
    TestRepos.annotatedTag(originRepo, "v1.0", first);
    TestRepos.setRef(originRepo, Constants.R_TAGS + "light", first);
    TestRepos.setRef(originRepo, Constants.R_HEADS + "feature", first);
    onFeature = TestRepos.commit(originRepo, "feature", "feature", Map.of("A.java", "class A { int f; }\n"));
    second = TestRepos.commit(originRepo, "main", "second", Map.of("A.java", "class A { int m() { return 1; } }\n"));
  }

  private ResolvedRepository resolve(String source, String ref) throws ExtractionException {
    try (RepositoryReader reader = RepositoryReader.open(source).cacheDir(cache).ref(ref)) {
      return reader.resolve();
    }
  }

  private String fileUrl(Path dir) {
    return "file://" + dir.toAbsolutePath();
  }

  @Test
  void givenLocalWorkingTree_eachRefKindResolvesToItsCommit() throws Exception {
    String path = origin.toString();
    assertEquals(second.name(), resolve(path, "HEAD").commit());
    assertEquals(second.name(), resolve(path, "main").commit());
    assertEquals(second.name(), resolve(path, "refs/heads/main").commit());
    assertEquals(onFeature.name(), resolve(path, "feature").commit());
    assertEquals(first.name(), resolve(path, "v1.0").commit(), "annotated tag peels to its commit");
    assertEquals(first.name(), resolve(path, "light").commit());
    assertEquals(first.name(), resolve(path, first.name()).commit());
    assertEquals(first.name(), resolve(path, first.name().substring(0, 7)).commit());
    assertEquals(first.name(), resolve(path, "HEAD~1").commit());

    ResolvedRepository head = resolve(path, "HEAD");
    assertEquals("refs/heads/main", head.ref());
    assertEquals("widget", head.name());
    assertEquals(origin.resolve(".git").toAbsolutePath(), head.gitDir());
    assertEquals("refs/tags/v1.0", resolve(path, "v1.0").ref());
    assertFalse(Files.exists(cache), "a local path is read in place, never cloned");
  }

  @Test
  void givenFileUrl_clonesAllBranchesAndTagsBare() throws Exception {
    ResolvedRepository head = resolve(fileUrl(origin), "HEAD");
    assertEquals(second.name(), head.commit());
    assertEquals("widget", head.name());
    assertEquals(fileUrl(origin), head.url());
    assertTrue(head.gitDir().startsWith(cache.resolve("repos")));
    assertTrue(head.gitDir().getFileName().toString().matches("widget-[0-9a-f]{12}\\.git"), head.gitDir().toString());
    assertTrue(Files.exists(head.gitDir().resolve("objects")), "bare: objects at the top");
    assertFalse(Files.exists(head.gitDir().resolve(".git")));

    assertEquals(onFeature.name(), resolve(fileUrl(origin), "feature").commit());
    assertEquals(first.name(), resolve(fileUrl(origin), "v1.0").commit());
    assertEquals(first.name(), resolve(fileUrl(origin), "light").commit());
    assertEquals(first.name(), resolve(fileUrl(origin), first.name().substring(0, 8)).commit());
  }

  @Test
  void givenExistingClone_resolveFetchesNewCommitsAndTagsIntoTheSameFolder() throws Exception {
    ResolvedRepository before = resolve(fileUrl(origin), "main");
    assertEquals(second.name(), before.commit());
    Path marker = before.gitDir().resolve("repotune-marker");
    Files.writeString(marker, "a re-clone would lose this file");

    ObjectId third = TestRepos.commit(originRepo, "main", "third", Map.of("B.java", "class B {}\n"));
    TestRepos.annotatedTag(originRepo, "v2.0", third);
    TestRepos.setRef(originRepo, Constants.R_HEADS + "late", third);

    ResolvedRepository after = resolve(fileUrl(origin), "main");
    assertEquals(before.gitDir(), after.gitDir());
    assertEquals(third.name(), after.commit());
    assertTrue(Files.exists(marker), "fetched into the existing clone, not cloned again");
    assertEquals(third.name(), resolve(fileUrl(origin), "v2.0").commit());
    assertEquals(third.name(), resolve(fileUrl(origin), "late").commit());
    assertEquals(first.name(), resolve(fileUrl(origin), first.name()).commit(), "old commits stay");
    try (Stream<Path> repos = Files.list(cache.resolve("repos"))) {
      assertEquals(List.of(before.gitDir()), repos.toList(), "no temp folder left behind");
    }
  }

  @Test
  void givenUnknownRef_throwsRefNotFoundWithOneLineHint() {
    RefNotFoundException e = assertThrows(RefNotFoundException.class, () -> resolve(origin.toString(), "nope"));
    assertOneLine(e);
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    assertTrue(e.getMessage().contains("branches: feature, main"), e.getMessage());
    assertThrows(RefNotFoundException.class, () -> resolve(fileUrl(origin), "nope"));
    assertThrows(RefNotFoundException.class, () -> resolve(origin.toString(), "0".repeat(40)));
  }

  @Test
  void givenMissingRepository_throwsRepositoryNotFound() throws Exception {
    Path missing = tmp.resolve("no/such/repo.git");
    assertOneLine(assertThrows(RepositoryNotFoundException.class, () -> resolve(missing.toString(), "HEAD")));
    RepositoryNotFoundException e =
        assertThrows(RepositoryNotFoundException.class, () -> resolve(fileUrl(missing), "HEAD"));
    assertOneLine(e);
    assertTrue(e.getMessage().startsWith("repository not found: " + fileUrl(missing)), e.getMessage());
    try (Stream<Path> repos = Files.list(cache.resolve("repos"))) {
      assertEquals(0, repos.count(), "a failed clone leaves nothing in the cache");
    }
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertOneLine(assertThrows(RepositoryNotFoundException.class, () -> resolve(plain.toString(), "HEAD")));
  }

  @Test
  void givenRepositoryWithoutCommits_throwsEmptyRepository() throws Exception {
    Path empty = tmp.resolve("empty.git");
    TestRepos.initBare(empty).close();
    assertOneLine(assertThrows(EmptyRepositoryException.class, () -> resolve(empty.toString(), "HEAD")));
    assertOneLine(assertThrows(EmptyRepositoryException.class, () -> resolve(fileUrl(empty), "HEAD")));
  }

  @Test
  void givenCredentialsInUrl_theyAppearNowhere() throws Exception {
    String secretUrl = "file://alice:s3cr3t@" + origin.toAbsolutePath();
    ResolvedRepository resolved = resolve(secretUrl, "HEAD");
    assertEquals(second.name(), resolved.commit());
    assertEquals(fileUrl(origin), resolved.url());
    assertFalse(resolved.toString().contains("s3cr3t") || resolved.toString().contains("alice"));
    String config = Files.readString(resolved.gitDir().resolve("config"));
    assertFalse(config.contains("s3cr3t") || config.contains("alice"), config);

    // Port 1 on loopback refuses at once: the failure path, with no network needed.
    ExtractionException e =
        assertThrows(
            ExtractionException.class, () -> resolve("http://alice:s3cr3t@127.0.0.1:1/team/widget.git", "HEAD"));
    assertOneLine(e);
    for (Throwable c = e; c != null; c = c.getCause()) {
      assertFalse(String.valueOf(c.getMessage()).contains("s3cr3t"), c.getMessage());
      assertFalse(String.valueOf(c.getMessage()).contains("alice"), c.getMessage());
    }
    assertTrue(e.getMessage().contains("http://127.0.0.1:1/team/widget.git"), e.getMessage());
  }

  @Test
  void resolvedRepositorySurvivesJavaSerialization() throws Exception {
    ResolvedRepository resolved = resolve(origin.toString(), "HEAD");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(resolved);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(resolved, in.readObject());
    }
  }

  private static void assertOneLine(Exception e) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }
}
