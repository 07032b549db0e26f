package dev.repotune.extractors.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryNameTest {
  @TempDir Path tmp;

  private static String ofUrl(String urlOrPath) {
    return RepositoryName.of(urlOrPath, () -> "from-build-file");
  }

  @Test
  void givenUrlWithOwnerAndName_thenTheNameSegment() {
    assertEquals("gson", ofUrl("https://github.com/google/gson"));
    assertEquals("gson", ofUrl("https://github.com/google/gson.git"));
    assertEquals("gson", ofUrl("https://github.com/google/gson/"));
    assertEquals("gson", ofUrl("git@github.com:google/gson.git"));
    assertEquals("gson", ofUrl("ssh://git@host:2222/google/gson.git"));
    assertEquals("gson", ofUrl("https://host/google/gson.git?x=1#frag"));
  }

  @Test
  void givenUrlEndingInMeaninglessSegments_thenTheNearestMeaningfulOne() {
    assertEquals("gson", ofUrl("file:///x/gson/repo"));
    assertEquals("gson", ofUrl("file:///x/gson/repo.git"));
    assertEquals("gson", ofUrl("file:///srv/gson/.git"));
    assertEquals("gson", ofUrl("file:///srv/mirrors/gson.git"));
    assertEquals("widget", ofUrl("https://git.example.com/acme/widget/SRC/Mirror/code.git"));
    assertEquals("widget", ofUrl("git@host:acme/widget/source.git"));
  }

  @Test
  void givenUrlWithNoMeaningfulSegment_thenTheBuildFileElseRepo() {
    assertEquals("from-build-file", ofUrl("https://example.com"));
    assertEquals("from-build-file", ofUrl("git@host:repo.git"));
    assertEquals("from-build-file", ofUrl("https://host/git/repo/"));
    assertEquals("repo", RepositoryName.of("https://example.com/src/repo.git", () -> null));
  }

  @Test
  void givenLocalPath_thenLastSegmentElseTheBuildFileBeforeTheParentFolders() {
    assertEquals("gson", ofUrl("/srv/gson/.git"));
    assertEquals("gson", ofUrl("/srv/mirrors/gson.git"));
    assertEquals("gson", ofUrl("C:\\work\\gson"));
    assertEquals("from-build-file", ofUrl("/home/me/gson/repo"), "a local path's parents are the user's layout");
    assertEquals("gson", RepositoryName.of("/home/me/gson/repo", () -> null), "no build file: the parent folder");
    assertEquals("repo", RepositoryName.of("/src/repo/.git", () -> null));
  }

  @Test
  void givenMeaningfulName_thenBuildFileNeverRead() {
    AtomicInteger asked = new AtomicInteger();
    RepositoryName.of("/srv/gson", () -> {
      asked.incrementAndGet();
      return "x";
    });
    RepositoryName.of("https://github.com/google/gson/repo", () -> {
      asked.incrementAndGet();
      return "x";
    });
    assertEquals(0, asked.get());
  }

  @Test
  void mavenArtifactIdIsTheProjectsNotTheParents() {
    String pom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <parent><groupId>org.acme</groupId><artifactId>acme-parent</artifactId></parent>
          <modelVersion>4.0.0</modelVersion>
          <artifactId> acme-lib </artifactId>
          <dependencies><dependency><artifactId>junit</artifactId></dependency></dependencies>
        </project>
        """;
    assertEquals("acme-lib", RepositoryName.mavenArtifactId(pom));
    assertNull(RepositoryName.mavenArtifactId("<project><artifactId>${name}</artifactId></project>"));
    assertNull(RepositoryName.mavenArtifactId("<project><parent><artifactId>p</artifactId></parent></project>"));
    assertNull(RepositoryName.mavenArtifactId("not xml"));
  }

  @Test
  void mavenPomWithDoctypeIsNotExpanded() {
    String pom = "<?xml version=\"1.0\"?><!DOCTYPE project [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
        + "<project><artifactId>&x;</artifactId></project>";
    assertNull(RepositoryName.mavenArtifactId(pom), "a DOCTYPE is refused, so no external entity is read");
  }

  @Test
  void gradleRootProjectName() {
    assertEquals("acme-app", RepositoryName.gradleRootProjectName("pluginManagement {}\nrootProject.name = 'acme-app'\ninclude 'core'\n"));
    assertEquals("acme-kts", RepositoryName.gradleRootProjectName("rootProject.name = \"acme-kts\"\n"));
    assertNull(RepositoryName.gradleRootProjectName("// rootProject.name = 'commented'\ninclude 'a'\n"));
  }

  @Test
  void givenLocalRepositoryAtRepoWithPom_whenResolved_thenNamedByItsArtifactId() throws Exception {
    Path dir = tmp.resolve("repo");
    try (Repository repo = TestRepos.init(dir)) {
      TestRepos.commit(repo, "main", "first", Map.of(
          "pom.xml", "<project><parent><artifactId>acme-parent</artifactId></parent><artifactId>acme-lib</artifactId></project>",
          "A.java", "class A {}\n"));
    }
    assertEquals("acme-lib", resolve(dir.toString()).name());
  }

  @Test
  void givenBareRepositoryAtRepoWithGradleSettings_whenResolved_thenNamedByRootProjectName() throws Exception {
    Path dir = tmp.resolve("src").resolve("repo.git");
    try (Repository repo = TestRepos.initBare(dir)) {
      TestRepos.commit(repo, "main", "first", Map.of(
          "settings.gradle.kts", "rootProject.name = \"acme-gradle\"\ninclude(\"core\")\n",
          "pom.xml", "<project><artifactId>${project.name}</artifactId></project>"));
    }
    assertEquals("acme-gradle", resolve(dir.toString()).name(), "a ${property} artifactId gives way to Gradle's name");
  }

  @Test
  void givenFileUrlOfBareMirrorAtRepo_whenResolved_thenNamedByItsParentFolder() throws Exception {
    Path dir = tmp.resolve("gson").resolve("repo");
    try (Repository repo = TestRepos.initBare(dir)) {
      TestRepos.commit(repo, "main", "first", Map.of("pom.xml", "<project><artifactId>gson-parent</artifactId></project>"));
    }
    assertEquals("gson", resolve("file://" + dir).name());
  }

  private ResolvedRepository resolve(String source) throws Exception {
    try (RepositoryReader reader = RepositoryReader.open(source).cacheDir(tmp.resolve("cache"))) {
      return reader.resolve();
    }
  }
}
