package dev.repotune.extractors.history;

import static dev.repotune.extractors.history.HistoryRepos.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitFiltersTest {
  @TempDir Path tmp;

  private static CommitInfo info(String message, int parents, boolean bot) {
    return new CommitInfo("0".repeat(40), parents == 0 ? null : "1".repeat(40), 0, message, parents, bot);
  }

  private static Optional<String> skip(String message) {
    return CommitFilters.skip(info(message, 1, false));
  }

  @Test
  void mergesAndBotsAreSkippedByWhatTheyAre() {
    assertEquals(Optional.of("merge"), CommitFilters.skip(info("Merge branch 'fix-parser'\n", 2, false)));
    assertEquals(Optional.of("merge"), CommitFilters.skip(info("Octopus merge\n", 3, false)));
    assertEquals(Optional.of("merge"), CommitFilters.skip(info("Merge pull request #12 from a/b\n", 2, false)),
        "a pull request's merge without its title says no why");
    assertEquals(Optional.empty(),
        CommitFilters.skip(info("Merge pull request #871 from square/jw/2021-06-10/records\n\nSupport records\n", 2, false)),
        "a pull request's merge with its title is the pull request's change");
    assertEquals(Optional.of("bot"), CommitFilters.skip(info("Fix the parser for nested tables\n", 1, true)));
    assertEquals(Optional.empty(), CommitFilters.skip(info("Fix the parser for nested tables\n", 1, false)));
    assertEquals(Optional.empty(), CommitFilters.skip(info("Add the first parser\n", 0, false)));
  }

  @Test
  void releaseRitualsAreSkippedAndChangesThatMentionReleasingAreNot() {
    for (String s :
        List.of(
            "[maven-release-plugin] prepare release jsoup-1.15.4",
            "[maven-release-plugin] prepare for next development iteration",
            "Prepare release 1.2.3",
            "prepare for next development iteration",
            "Release 1.2.3",
            "Released jsoup 1.16.1",
            "Release prep",
            "Changelog release date",
            "v1.21.2 release date",
            "Bump version to 2.0",
            "bumped to 2.0.1",
            "[Gradle Release Plugin] - new version commit:  'v1.4.0'.",
            "Update version to 3.1.0-SNAPSHOT",
            "Back to 1.9-SNAPSHOT")) {
      assertEquals(Optional.of("release"), skip(s + "\n"), s);
    }
    for (String s :
        List.of(
            "Release the connection before closing the stream",
            "Prepare the parser for streaming input",
            "Update the version check to accept Java 21",
            "Fix version parsing of 1.2.3-beta strings")) {
      assertEquals(Optional.empty(), skip(s + "\n"), s);
    }
  }

  @Test
  void aRevertIsKeptAndARevertOfARevertIsNot() {
    assertEquals(Optional.empty(), skip("Revert \"Add a cache to the selector\"\n\nThis reverts commit abc.\n"));
    assertEquals(
        Optional.of("revert_of_revert"),
        skip("Revert \"Revert \"Add a cache to the selector\"\"\n\nThis reverts commit def.\n"));
  }

  @Test
  void changesWithNothingToLearnAreSkippedByTheirDiff() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      String java = "class A {\n  int x() { return 1; }\n}\n";
      ObjectId c0 = commit(repo, null, 0, "Start\n", Map.of("A.java", java, "logo.png", new byte[] {0, 1}));
      ObjectId same = commit(repo, c0, 1, "Nothing\n", Map.of("A.java", java, "logo.png", new byte[] {0, 1}));
      ObjectId logo = commit(repo, c0, 1, "Logo\n", Map.of("A.java", java, "logo.png", new byte[] {0, 2}));
      ObjectId indent =
          commit(repo, c0, 1, "Indent\n", Map.of("A.java", java.replace("  ", "    "), "logo.png", new byte[] {0, 1}));
      ObjectId real =
          commit(repo, c0, 1, "Return two\n", Map.of("A.java", java.replace("1", "2"), "logo.png", new byte[] {0, 2}));
      assertEquals(Optional.of("no_change"), CommitFilters.skip(change(repo, same)));
      assertEquals(Optional.of("binary_only"), CommitFilters.skip(change(repo, logo)));
      assertEquals(Optional.of("format_only"), CommitFilters.skip(change(repo, indent)));
      assertEquals(Optional.empty(), CommitFilters.skip(change(repo, real)));
      CommitChange over = new CommitChange(HistoryRepos.info(repo, real), List.of(), CommitFilters.TOO_MANY_FILES);
      assertEquals(Optional.of("too_many_files"), CommitFilters.skip(over));
    }
  }

  private static CommitChange change(Repository repo, ObjectId id) throws Exception {
    return CommitDiffs.of(repo, HistoryRepos.info(repo, id), CommitDiffs.Limits.DEFAULT);
  }

  private static final String POM =
      """
      <project>
        <groupId>org.jsoup</groupId>
        <artifactId>jsoup</artifactId>
        <version>1.15.4-SNAPSHOT</version>
        <properties>
          <junit.version>5.9.2</junit.version>
        </properties>
        <dependencies>
        </dependencies>
      </project>
      """;

  @Test
  void versionBumpIsOnlyVersionStringsInBuildFiles() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      String gradle = "version = '1.0.0'\ngroup = 'x'\n";
      ObjectId c0 =
          commit(repo, null, 0, "Start\n", Map.of("pom.xml", POM, "sub/gradle.properties", "version=1.0\n",
              "build.gradle.kts", gradle, "Main.java", "class Main {}\n"));
      String pom2 = POM.replace("1.15.4-SNAPSHOT", "1.15.4").replace("5.9.2", "5.10.0");
      ObjectId bump =
          commit(repo, c0, 1, "Versions\n", Map.of("pom.xml", pom2, "sub/gradle.properties", "version=1.1\n",
              "build.gradle.kts", gradle.replace("1.0.0", "1.0.1"), "Main.java", "class Main {}\n"));
      assertTrue(CommitFilters.versionBump(change(repo, bump)));
      assertEquals(Optional.of("version_bump"), CommitFilters.skip(change(repo, bump)));

      String withDependency = POM.replace("  <dependencies>\n", "  <dependencies>\n    <dependency>x</dependency>\n");
      ObjectId dependency =
          commit(repo, c0, 1, "Depend\n", Map.of("pom.xml", withDependency, "sub/gradle.properties", "version=1.0\n",
              "build.gradle.kts", gradle, "Main.java", "class Main {}\n"));
      assertFalse(CommitFilters.versionBump(change(repo, dependency)));
      String renamedProperty =
          POM.replace("<junit.version>5.9.2</junit.version>", "<jupiter.version>5.10.0</jupiter.version>");
      ObjectId rename =
          commit(repo, c0, 1, "Rename\n", Map.of("pom.xml", renamedProperty, "sub/gradle.properties", "version=1.0\n",
              "build.gradle.kts", gradle, "Main.java", "class Main {}\n"));
      assertFalse(CommitFilters.versionBump(change(repo, rename)));
      ObjectId code =
          commit(repo, c0, 1, "Code too\n", Map.of("pom.xml", pom2, "sub/gradle.properties", "version=1.0\n",
              "build.gradle.kts", gradle, "Main.java", "class Main { int v = 2; }\n"));
      assertFalse(CommitFilters.versionBump(change(repo, code)));
    }
  }
}
