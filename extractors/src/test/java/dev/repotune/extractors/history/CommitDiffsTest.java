package dev.repotune.extractors.history;

import static dev.repotune.extractors.history.CommitLogTest.hunkLines;
import static dev.repotune.extractors.history.HistoryRepos.commit;
import static dev.repotune.extractors.history.HistoryRepos.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitDiffsTest {
  @TempDir Path tmp;

  private static final String PARSER =
      """
      package p;

      class Parser {
        int a() { return 1; }
        int b() { return 2; }
        int c() { return 3; }
        int d() { return 4; }
        int e() { return 5; }
        int f() { return 6; }
      }
      """;

  private static CommitChange diff(Repository repo, ObjectId id) throws Exception {
    return CommitDiffs.of(repo, info(repo, id), CommitDiffs.Limits.DEFAULT);
  }

  @Test
  void renameWithASmallEditIsOneRenameWithBothPathsAndItsDiff() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      ObjectId c0 = commit(repo, null, 0, "Add the parser\n", Map.of("src/Parser.java", PARSER));
      String edited = PARSER.replace("class Parser", "class Reader").replace("return 3;", "return 33;");
      ObjectId c1 = commit(repo, c0, 1, "Rename the parser to reader\n", Map.of("src/Reader.java", edited));
      CommitChange ch = diff(repo, c1);
      assertNull(ch.overCap());
      assertEquals(1, ch.files().size());
      FileChange f = ch.files().get(0);
      assertEquals("rename", f.type());
      assertEquals("src/Parser.java", f.oldPath());
      assertEquals("src/Reader.java", f.newPath());
      assertFalse(f.binary());
      assertEquals(PARSER, f.before());
      assertEquals(edited, f.after());
      assertEquals(2, f.added());
      assertEquals(2, f.removed());
      String[] lines = f.diff().split("\n");
      assertEquals("diff --git a/src/Parser.java b/src/Reader.java", lines[0]);
      assertTrue(f.diff().contains("\nrename from src/Parser.java\nrename to src/Reader.java\n"), f.diff());
      assertTrue(f.diff().contains("\n--- a/src/Parser.java\n+++ b/src/Reader.java\n@@ -1,9 +1,9 @@\n"), f.diff());
      assertEquals(
          """
           package p;
          \s
          -class Parser {
          +class Reader {
             int a() { return 1; }
             int b() { return 2; }
          -  int c() { return 3; }
          +  int c() { return 33; }
             int d() { return 4; }
             int e() { return 5; }
             int f() { return 6; }
          """,
          hunkLines(f.diff()));
    }
  }

  @Test
  void rootCommitIsDiffedAgainstTheEmptyTreeAndFilesComeSortedByPath() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      ObjectId c0 = commit(repo, null, 0, "Start\n", Map.of("z.txt", "z\n", "a.txt", "a\n", "m/x.txt", "x\ny\n"));
      CommitChange root = diff(repo, c0);
      assertEquals(List.of("a.txt", "m/x.txt", "z.txt"), root.files().stream().map(FileChange::path).toList());
      FileChange x = root.files().get(1);
      assertEquals("add", x.type());
      assertNull(x.oldPath());
      assertNull(x.before());
      assertEquals("x\ny\n", x.after());
      assertEquals(2, x.added());
      assertEquals(0, x.removed());
      assertTrue(x.diff().contains("--- /dev/null\n+++ b/m/x.txt\n@@ -0,0 +1,2 @@\n+x\n+y\n"), x.diff());

      ObjectId c1 = commit(repo, c0, 1, "Edit and drop\n", Map.of("a.txt", "a2\n", "m/x.txt", "x\ny\n"));
      CommitChange ch = diff(repo, c1);
      assertEquals(List.of("a.txt", "z.txt"), ch.files().stream().map(FileChange::path).toList());
      assertEquals("modify", ch.files().get(0).type());
      FileChange z = ch.files().get(1);
      assertEquals("delete", z.type());
      assertNull(z.newPath());
      assertEquals("z\n", z.before());
      assertNull(z.after());
      assertEquals(1, z.removed());
      assertTrue(z.diff().contains("--- a/z.txt\n+++ /dev/null\n"), z.diff());
    }
  }

  @Test
  void aSecondCopyOfAMovedFileIsACopy() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      ObjectId c0 = commit(repo, null, 0, "Add the parser\n", Map.of("src/Parser.java", PARSER));
      ObjectId c1 =
          commit(repo, c0, 1, "Split the parser\n", Map.of("src/A.java", PARSER, "src/B.java", PARSER));
      List<String> types = diff(repo, c1).files().stream().map(f -> f.type() + " " + f.oldPath()).sorted().toList();
      assertEquals(List.of("copy src/Parser.java", "rename src/Parser.java"), types);
    }
  }

  @Test
  void binaryAndOversizedSidesHaveNoTextsAndNoDiff() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1};
      byte[] png2 = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 2};
      ObjectId c0 = commit(repo, null, 0, "Add the logo\n", Map.of("logo.png", png, "big.txt", "x\n"));
      ObjectId c1 =
          commit(repo, c0, 1, "Change the logo\n", Map.of("logo.png", png2, "big.txt", "y".repeat(200) + "\n"));
      CommitChange ch = CommitDiffs.of(repo, info(repo, c1), new CommitDiffs.Limits(20, 2000, 100));
      assertEquals(2, ch.files().size());
      for (FileChange f : ch.files()) {
        assertTrue(f.binary(), f.path());
        assertNull(f.before());
        assertNull(f.after());
        assertEquals("", f.diff());
        assertEquals(0, f.added() + f.removed());
      }
      assertEquals("modify", ch.files().get(1).type());
      // the same change under a larger byte limit: the text file is text again
      CommitChange roomy = diff(repo, c1);
      assertFalse(roomy.files().get(0).binary());
      assertTrue(roomy.files().get(1).binary());
    }
  }

  @Test
  void tooManyFilesIsDecidedBeforeAnyTextIsRead() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      ObjectId c0 = commit(repo, null, 0, "Start\n", Map.of("README", "r\n"));
      Map<String, String> many = new HashMap<>(Map.of("README", "r\n"));
      for (int i = 0; i < 21; i++) {
        many.put("f" + i + ".txt", i + "\n");
      }
      CommitChange over = diff(repo, commit(repo, c0, 1, "Add many\n", many));
      assertEquals(CommitFilters.TOO_MANY_FILES, over.overCap());
      assertTrue(over.files().isEmpty());
      many.remove("f20.txt");
      CommitChange at = diff(repo, commit(repo, c0, 1, "Add twenty\n", many));
      assertNull(at.overCap());
      assertEquals(20, at.files().size());
    }
  }

  @Test
  void renamesCountOnceAgainstTheFileCap() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      Map<String, String> before = new HashMap<>();
      Map<String, String> after = new HashMap<>();
      for (int i = 0; i < 15; i++) {
        String text = "file number " + i + "\nwith some lines\nthat move\n";
        before.put("old/f" + i + ".txt", text);
        after.put("new/f" + i + ".txt", text);
      }
      ObjectId c0 = commit(repo, null, 0, "Start\n", before);
      CommitChange ch = diff(repo, commit(repo, c0, 1, "Move the files\n", after)); // 30 raw entries
      assertNull(ch.overCap());
      assertEquals(15, ch.files().size());
      assertTrue(ch.files().stream().allMatch(f -> f.type().equals("rename")));
    }
  }

  @Test
  void diffTooLargeCountsAddedAndRemovedLines() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      ObjectId c0 = commit(repo, null, 0, "Start\n", Map.of("a.txt", "1\n2\n3\n4\n5\n"));
      ObjectId c1 = commit(repo, c0, 1, "Change\n", Map.of("a.txt", "1\nb\nc\nd\n5\n", "b.txt", "x\ny\n"));
      CommitInfo c = info(repo, c1);
      // 3 removed + 3 added + 2 added
      assertNull(CommitDiffs.of(repo, c, new CommitDiffs.Limits(20, 8, 1 << 20)).overCap());
      CommitChange over = CommitDiffs.of(repo, c, new CommitDiffs.Limits(20, 7, 1 << 20));
      assertEquals(CommitFilters.DIFF_TOO_LARGE, over.overCap());
      assertTrue(over.files().isEmpty());
    }
  }

  @Test
  void formatOnlyMeansEveryTextFileIsEqualWithoutWhitespace() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      String a = "class A {\nint x;\n}\n";
      ObjectId c0 = commit(repo, null, 0, "Start\n", Map.of("A.java", a, "l.png", new byte[] {0}));
      ObjectId reindent =
          commit(repo, c0, 1, "Indent\n", Map.of("A.java", a.replace("int", "    int"), "l.png", new byte[] {0, 1}));
      ObjectId edit =
          commit(repo, c0, 1, "Edit\n", Map.of("A.java", a.replace("int x", "    int y"), "l.png", new byte[] {0}));
      ObjectId binary = commit(repo, c0, 1, "Logo\n", Map.of("A.java", a, "l.png", new byte[] {2}));
      ObjectId added = commit(repo, c0, 1, "Add\n", Map.of("A.java", a, "l.png", new byte[] {0}, "B", " "));
      assertTrue(CommitDiffs.formatOnly(diff(repo, reindent)));
      assertFalse(CommitDiffs.formatOnly(diff(repo, edit)));
      assertFalse(CommitDiffs.formatOnly(diff(repo, binary))); // no text file at all
      assertFalse(CommitDiffs.formatOnly(diff(repo, added))); // a new file is a change
    }
  }

  @Test
  void concurrentCallsOverOneRepositoryAgreeWithSequentialOnes() throws Exception {
    try (Repository repo = HistoryRepos.init(tmp.resolve("r"))) {
      ObjectId head = null;
      for (int i = 0; i < 40; i++) {
        Map<String, String> files = new HashMap<>();
        for (int j = 0; j <= i % 7; j++) {
          files.put("src/F" + j + ".java", PARSER.replace("return " + (j % 6 + 1), "return " + i));
        }
        head = commit(repo, head, i, "Change " + i + "\n", files);
      }
      List<CommitInfo> commits = CommitLog.of(repo, head, 100, null).commits();
      List<CommitChange> sequential = new ArrayList<>();
      for (CommitInfo c : commits) {
        sequential.add(CommitDiffs.of(repo, c, CommitDiffs.Limits.DEFAULT));
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<CommitChange>> futures = new ArrayList<>();
        for (CommitInfo c : commits) {
          futures.add(pool.submit(() -> CommitDiffs.of(repo, c, CommitDiffs.Limits.DEFAULT)));
        }
        for (int i = 0; i < commits.size(); i++) {
          assertEquals(sequential.get(i), futures.get(i).get());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
