package dev.repotune.extractors.history;

import static dev.repotune.extractors.history.HistoryRepos.HUMAN;
import static dev.repotune.extractors.history.HistoryRepos.T0;
import static dev.repotune.extractors.history.HistoryRepos.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitLogTest {
  @TempDir Path tmp;

  /** Five commits, one a day: c0 (root) .. c4 (head). */
  private List<ObjectId> linear(Repository repo) throws Exception {
    List<ObjectId> ids = new ArrayList<>();
    ObjectId parent = null;
    for (int i = 0; i < 5; i++) {
      parent = commit(repo, parent, i, "Add step " + i + " to the list\n", Map.of("a.txt", "step " + i + "\n"));
      ids.add(parent);
    }
    return ids;
  }

  @Test
  void linearHistoryNewestFirstWithParentsAndTimes() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      List<ObjectId> ids = linear(repo);
      CommitLog.Listing l = CommitLog.of(repo, ids.get(4), CommitLog.DEFAULT_MAX, null);
      assertEquals(5, l.commits().size());
      assertFalse(l.shallow());
      assertFalse(l.truncated());
      for (int i = 0; i < 5; i++) {
        CommitInfo c = l.commits().get(i);
        assertEquals(ids.get(4 - i).name(), c.id());
        assertEquals(T0.plusSeconds(86_400L * (4 - i)).getEpochSecond(), c.epochSecond());
        assertEquals("Add step " + (4 - i) + " to the list\n", c.message());
        assertFalse(c.botAuthor());
      }
      assertEquals(ids.get(3).name(), l.commits().get(0).parent());
      assertEquals(1, l.commits().get(0).parents());
      CommitInfo root = l.commits().get(4);
      assertNull(root.parent());
      assertEquals(0, root.parents());
    }
  }

  @Test
  void maxCutsTheListingAndSaysSo() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      List<ObjectId> ids = linear(repo);
      CommitLog.Listing two = CommitLog.of(repo, ids.get(4), 2, null);
      assertEquals(List.of(ids.get(4).name(), ids.get(3).name()), two.commits().stream().map(CommitInfo::id).toList());
      assertTrue(two.truncated());
      CommitLog.Listing exact = CommitLog.of(repo, ids.get(4), 5, null);
      assertEquals(5, exact.commits().size());
      assertFalse(exact.truncated());
      CommitLog.Listing none = CommitLog.of(repo, ids.get(4), 0, null);
      assertTrue(none.commits().isEmpty());
      assertTrue(none.truncated());
      assertTrue(CommitLog.of(repo, ids.get(4), -3, null).commits().isEmpty());
    }
  }

  @Test
  void sinceStopsAtTheFirstOlderCommit() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      List<ObjectId> ids = linear(repo);
      CommitLog.Listing l = CommitLog.of(repo, ids.get(4), 100, T0.plusSeconds(86_400L * 2));
      assertEquals(
          List.of(ids.get(4).name(), ids.get(3).name(), ids.get(2).name()),
          l.commits().stream().map(CommitInfo::id).toList());
      assertFalse(l.truncated()); // older commits are out of bounds, not past max
      CommitLog.Listing cut = CommitLog.of(repo, ids.get(4), 2, T0.plusSeconds(86_400L * 3));
      assertEquals(2, cut.commits().size());
      assertFalse(cut.truncated()); // c2 exists but is older than since
    }
  }

  @Test
  void firstParentWalkSkipsTheSideBranchAndReportsTheMerge() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      ObjectId base = commit(repo, null, 0, "Add the base file\n", Map.of("a.txt", "a\n"));
      ObjectId side1 = commit(repo, base, 1, "Add the side file\n", Map.of("a.txt", "a\n", "b.txt", "b\n"));
      ObjectId side2 = commit(repo, side1, 2, "Fix the side file\n", Map.of("a.txt", "a\n", "b.txt", "b2\n"));
      ObjectId main1 = commit(repo, base, 3, "Change the main file\n", Map.of("a.txt", "a2\n"));
      ObjectId merge =
          commit(
              repo, List.of(main1, side2), 4, HUMAN, "Merge branch 'side'\n",
              Map.of("a.txt", "a2\n", "b.txt", "b2\n"));
      CommitLog.Listing l = CommitLog.of(repo, merge, 100, null);
      assertEquals(
          List.of(merge.name(), main1.name(), base.name()), l.commits().stream().map(CommitInfo::id).toList());
      CommitInfo m = l.commits().get(0);
      assertEquals(2, m.parents());
      assertEquals(main1.name(), m.parent());
    }
  }

  @Test
  void botAuthorsAreFlaggedAndNeverKept() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      PersonIdent dependabot =
          HistoryRepos.person("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", T0);
      ObjectId c0 = commit(repo, null, 0, "Add the pom\n", Map.of("pom.xml", "<project/>\n"));
      ObjectId c1 =
          commit(repo, List.of(c0), 1, dependabot, "Bump junit from 5.9 to 5.10\n", Map.of("pom.xml", "<p/>\n"));
      PersonIdent renovate = HistoryRepos.person("Renovate Bot", "bot@renovateapp.com", T0);
      ObjectId c2 = commit(repo, List.of(c1), 2, renovate, "Update dependency x to v2\n", Map.of("pom.xml", "<q/>\n"));
      ObjectId c3 =
          commit(
              repo, c2, 3, "Fix the pom\n\nIt was wrong.\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n",
              Map.of("pom.xml", "<r/>\n"));
      List<CommitInfo> commits = CommitLog.of(repo, c3, 10, null).commits();
      assertEquals(List.of(false, true, true, false), commits.stream().map(CommitInfo::botAuthor).toList());
      assertEquals("Fix the pom\n\nIt was wrong.\n\n", commits.get(0).message()); // the trailer is dropped
      for (CommitInfo c : commits) {
        String s = c.toString();
        for (String secret : List.of("dependabot", "49699333", "Renovate", "renovateapp", "Ada", "ada@example.com")) {
          assertFalse(s.contains(secret), () -> s + " holds " + secret);
        }
      }
    }
  }

  @Test
  void botRuleNamesTheUpdatersAndNotGitHubItself() {
    assertTrue(CommitLog.isBot("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com"));
    assertTrue(CommitLog.isBot("Greenkeeper", "support@greenkeeper.io"));
    assertTrue(CommitLog.isBot("Snyk bot", "snyk-bot@snyk.io"));
    assertTrue(CommitLog.isBot("GitHub Action", "action@github.com"));
    assertFalse(CommitLog.isBot("GitHub", "noreply@github.com")); // a human's web merge
    assertFalse(CommitLog.isBot("Jonathan Hedley", "jonathan@hedley.net"));
    assertFalse(CommitLog.isBot(null, null));
  }

  @Test
  void shallowCloneIsReportedAndTheWalkEndsAtItsBoundary() throws Exception {
    Path originDir = tmp.resolve("origin");
    List<ObjectId> ids;
    try (Repository origin = HistoryRepos.init(originDir)) {
      ids = linear(origin);
      HistoryRepos.setBranch(origin, "main", ids.get(4));
    }
    Path cloneDir = tmp.resolve("clone");
    try (Git clone =
        Git.cloneRepository()
            .setURI(originDir.toUri().toString())
            .setDirectory(cloneDir.toFile())
            .setBare(true)
            .setDepth(2)
            .call()) {
      Repository repo = clone.getRepository();
      assertEquals(1, repo.getObjectDatabase().getShallowCommits().size());
      CommitLog.Listing l = CommitLog.of(repo, repo.resolve("refs/heads/main"), 100, null);
      assertTrue(l.shallow());
      assertFalse(l.truncated());
      assertEquals(List.of(ids.get(4).name(), ids.get(3).name()), l.commits().stream().map(CommitInfo::id).toList());
      CommitInfo boundary = l.commits().get(1);
      assertEquals(ids.get(2).name(), boundary.parent()); // its real parent, though the clone lacks it
      assertEquals(1, boundary.parents());
      CommitChange ch = CommitDiffs.of(repo, boundary, CommitDiffs.Limits.DEFAULT);
      assertEquals(CommitFilters.PARENT_MISSING, ch.overCap());
      assertTrue(ch.files().isEmpty());
      CommitChange inside = CommitDiffs.of(repo, l.commits().get(0), CommitDiffs.Limits.DEFAULT);
      assertNull(inside.overCap());
      assertEquals("-step 3\n+step 4\n", hunkLines(inside.files().get(0).diff()));
    }
  }

  static String hunkLines(String diff) {
    StringBuilder sb = new StringBuilder();
    boolean hunk = false;
    for (String line : diff.split("\n")) {
      if (line.startsWith("@@")) {
        hunk = true;
      } else if (hunk) {
        sb.append(line).append('\n');
      }
    }
    return sb.toString();
  }
}
