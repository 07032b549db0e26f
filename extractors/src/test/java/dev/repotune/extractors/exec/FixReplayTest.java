package dev.repotune.extractors.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the commits of a small Maven history committed with JGit, for real (two Maven builds per replay
 * that gets that far): a fix with a test that fails before it, a test-only commit, a fix whose tests passed
 * already, a fix that does not compile, a commit on a parent that does not compile, and a README edit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FixReplayTest {
  private static final String CALC_BUGGY = """
      package fx;

      public final class Calc {
        public static int add(int a, int b) {
          return a + b;
        }

        public static int max(int a, int b) {
          return a;
        }
      }
      """;

  private static final String CALC_FIXED = CALC_BUGGY.replace("return a;\n", "return a >= b ? a : b;\n");

  private static final String CALC_EXACT = CALC_FIXED.replace("return a + b;", "return Math.addExact(a, b);");

  private static final String CALC_BROKEN = CALC_EXACT.replace("public final class Calc {\n",
      "public final class Calc {\n  static int broken = \"text\";\n\n");

  private Path tmp;
  private Path bare;
  private FixReplay replay;
  /** Commit ids by fixture name, in history order. */
  private final Map<String, String> ids = new LinkedHashMap<>();
  private final Map<String, FixReplay.Result> results = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  void commitHistory(@TempDir Path dir) throws Exception {
    tmp = dir;
    Path src = tmp.resolve("src-repo");
    try (Git git = Git.init().setDirectory(src.toFile()).setInitialBranch("main").call()) {
      Map<String, String> root = new LinkedHashMap<>();
      root.put("pom.xml", ExecFoundationTest.pom("calc"));
      root.put("src/main/java/fx/Calc.java", CALC_BUGGY);
      root.put("src/test/java/fx/CalcTest.java", calcTest(List.of("adds")));
      root.put("src/test/java/fx/ObsoleteTest.java", testClass("ObsoleteTest", "stillThere", "assertTrue(true);"));
      commit(git, src, "root", "Calc with add and max", root);

      Map<String, String> fix = new LinkedHashMap<>();
      fix.put("src/main/java/fx/Calc.java", CALC_FIXED);
      fix.put("src/test/java/fx/CalcTest.java", calcTest(List.of("adds", "maxOfTwo")));
      fix.put("src/test/java/fx/KnownBugTest.java",
          testClass("KnownBugTest", "stillWrong", "assertEquals(7, Calc.max(2, 3));"));
      fix.put("src/test/java/fx/ObsoleteTest.java", null);
      commit(git, src, "fix", "Fix Calc.max returning its first argument\n\nmax(2, 3) was 2.", fix);

      commit(git, src, "testOnly", "Test adding zero",
          Map.of("src/test/java/fx/CalcTest.java", calcTest(List.of("adds", "maxOfTwo", "addsZero"))));

      Map<String, String> refactor = new LinkedHashMap<>();
      refactor.put("src/main/java/fx/Calc.java", CALC_EXACT);
      refactor.put("src/test/java/fx/CalcTest.java",
          calcTest(List.of("adds", "maxOfTwo", "addsZero", "addsNegatives")));
      commit(git, src, "refactor", "add through Math.addExact", refactor);

      Map<String, String> broken = new LinkedHashMap<>();
      broken.put("src/main/java/fx/Calc.java", CALC_BROKEN);
      broken.put("src/test/java/fx/CalcTest.java",
          calcTest(List.of("adds", "maxOfTwo", "addsZero", "addsNegatives", "addsOne")));
      commit(git, src, "breaks", "A field of the wrong type", broken);

      Map<String, String> repair = new LinkedHashMap<>();
      repair.put("src/main/java/fx/Calc.java", CALC_EXACT);
      repair.put("src/test/java/fx/CalcTest.java",
          calcTest(List.of("adds", "maxOfTwo", "addsZero", "addsNegatives", "addsOne", "maxOfEqual")));
      commit(git, src, "repair", "Remove the wrong field", repair);

      commit(git, src, "docs", "A README", Map.of("README.md", "# calc\n"));
    }
    bare = tmp.resolve("repo.git");
    Git.cloneRepository().setURI(src.toUri().toString()).setBare(true).setGitDir(bare.toFile()).call().close();
    // online: on a fresh machine Maven fetches what the fixture needs once (offline it would find nothing)
    replay = new FixReplay(new MavenBuild(false, MavenBuild.defaultLocalRepository()), Limits.defaults(),
        MavenBuild.defaultLocalRepository());
  }

  private static final Map<String, String> TESTS = Map.of(
      "adds", "assertEquals(4, Calc.add(2, 2));",
      "maxOfTwo", "assertEquals(3, Calc.max(2, 3));",
      "addsZero", "assertEquals(2, Calc.add(2, 0));",
      "addsNegatives", "assertEquals(-5, Calc.add(-2, -3));",
      "addsOne", "assertEquals(3, Calc.add(2, 1));",
      "maxOfEqual", "assertEquals(2, Calc.max(2, 2));");

  private static String calcTest(List<String> names) {
    StringBuilder body = new StringBuilder();
    for (String n : names) {
      body.append("  @Test\n  void ").append(n).append("() {\n    ").append(TESTS.get(n)).append("\n  }\n\n");
    }
    return testSource("CalcTest", body.toString().stripTrailing() + "\n");
  }

  private static String testClass(String name, String method, String statement) {
    return testSource(name, "  @Test\n  void " + method + "() {\n    " + statement + "\n  }\n");
  }

  private static String testSource(String name, String body) {
    return """
        package fx;

        import static org.junit.jupiter.api.Assertions.assertEquals;
        import static org.junit.jupiter.api.Assertions.assertTrue;

        import org.junit.jupiter.api.Test;

        class %s {
        %s}
        """.formatted(name, body);
  }

  /** Writes (or, for a null text, deletes) the files and commits them all as one commit named {@code key}. */
  private void commit(Git git, Path src, String key, String message, Map<String, String> files) throws Exception {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = src.resolve(f.getKey());
      if (f.getValue() == null) {
        Files.delete(p);
        git.rm().addFilepattern(f.getKey()).call();
      } else {
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        git.add().addFilepattern(f.getKey()).call();
      }
    }
    RevCommit c = git.commit().setMessage(message).setAuthor("Ada", "ada@example.com")
        .setCommitter("Ada", "ada@example.com").setSign(false).call();
    ids.put(key, c.getName());
  }

  /** Each commit is replayed once for the class: a replay is two Maven builds. */
  private FixReplay.Result replay(String key) {
    return results.computeIfAbsent(key, this::replayNow);
  }

  private FixReplay.Result replayNow(String key) {
    Path scratch = tmp.resolve("scratch-" + key);
    FixReplay.Result r = replay.replay(bare, ids.get(key), scratch);
    assertFalse(Files.exists(scratch), "scratch left behind for " + key);
    assertEquals(ids.get(key), r.commit());
    return r;
  }

  @Test
  void aFixWithATestThatFailedBeforeIsAnInstance() throws Exception {
    FixReplay.Result r = replay("fix");
    assertEquals(FixReplay.Status.INSTANCE, r.status(), r::detail);
    assertTrue(r.isInstance());
    assertEquals(ids.get("root"), r.baseCommit());
    assertEquals(List.of("fx.CalcTest#maxOfTwo()"), r.failToPass());
    // KnownBugTest#stillWrong fails on both sides: neither list
    assertEquals(List.of("fx.CalcTest#adds()"), r.passToPass());
    assertEquals(List.of("fx.CalcTest", "fx.KnownBugTest"), r.testClasses());
    assertTrue(r.commitMessage().startsWith("Fix Calc.max"), r.commitMessage());

    assertEquals(List.of("src/main/java/fx/Calc.java"), diffPaths(r.patch()));
    assertEquals(List.of("src/test/java/fx/CalcTest.java", "src/test/java/fx/KnownBugTest.java",
        "src/test/java/fx/ObsoleteTest.java"), diffPaths(r.testPatch()));
    assertTrue(r.testPatch().contains("deleted file mode"), r.testPatch());

    assertTrue(r.buildCommand().contains("test-compile") && r.buildCommand().contains("build-classpath"),
        r.buildCommand());
    assertTrue(r.testCommand().contains("--select-class=fx.CalcTest --select-class=fx.KnownBugTest"),
        r.testCommand());
    assertTrue(r.testCommand().contains("$(cat cp.txt)"), r.testCommand());
    assertTrue(r.millis() > 0);

    FixReplay.Result copy = roundTrip(r);
    assertEquals(r, copy);
  }

  /** The patches are what an instance hands over: at the base, test_patch then patch must give the commit. */
  @Test
  void thePatchesApplyAtTheBaseAndGiveTheCommitsTree() throws Exception {
    FixReplay.Result r = replay("fix");
    Path clone = tmp.resolve("apply");
    try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(clone.toFile()).call()) {
      git.checkout().setName(r.baseCommit()).call();
      Map<String, String> commitTree = tree(git.getRepository(), r.commit());
      Map<String, String> baseTree = tree(git.getRepository(), r.baseCommit());
      assertEquals(baseTree, files(clone));

      git.apply().setPatch(new ByteArrayInputStream(r.testPatch().getBytes(StandardCharsets.UTF_8))).call();
      Map<String, String> withTests = files(clone);
      assertEquals(commitTree.get("src/test/java/fx/CalcTest.java"), withTests.get("src/test/java/fx/CalcTest.java"));
      assertEquals(baseTree.get("src/main/java/fx/Calc.java"), withTests.get("src/main/java/fx/Calc.java"));
      assertFalse(withTests.containsKey("src/test/java/fx/ObsoleteTest.java"));
      assertNotEquals(commitTree, withTests);

      git.apply().setPatch(new ByteArrayInputStream(r.patch().getBytes(StandardCharsets.UTF_8))).call();
      assertEquals(commitTree, files(clone));
    }
  }

  /** What the instance says a user runs does run: at the commit, its two lines pass exactly the listed tests. */
  @Test
  void theBuildAndTestCommandsRunTheTestsAtTheCommit() throws Exception {
    FixReplay.Result r = replay("fix");
    Path work = WorkCopy.checkout(bare, r.commit(), tmp.resolve("commands/work"));
    Path log = tmp.resolve("commands/log.txt");
    Process p = new ProcessBuilder("sh", "-c", r.buildCommand() + " && " + r.testCommand())
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the commands did not finish");
    String output = Files.readString(log);
    // KnownBugTest fails at the commit too, so the launcher ends with 1 (0 = all passed, 2 = no tests found)
    assertEquals(1, p.exitValue(), output);
    Map<String, TestOutcome.Status> outcomes = TestRun.readReports(work.resolve("target/repotune-reports")).stream()
        .collect(Collectors.toMap(TestOutcome::key, TestOutcome::status));
    assertEquals(Map.of("fx.CalcTest#adds()", TestOutcome.Status.PASSED,
        "fx.CalcTest#maxOfTwo()", TestOutcome.Status.PASSED,
        "fx.KnownBugTest#stillWrong()", TestOutcome.Status.FAILED), outcomes, output);
  }

  @Test
  void aCommitChangingOnlyTestsHasNoFix() {
    FixReplay.Result r = replay("testOnly");
    assertEquals(FixReplay.Status.NO_FIX, r.status());
    assertEquals("no_fix", r.status().wireName());
    assertEquals("", r.patch());
    assertEquals(List.of("src/test/java/fx/CalcTest.java"), diffPaths(r.testPatch()));
    assertEquals(List.of(), r.failToPass());
  }

  @Test
  void aFixWhoseTestsPassedAlreadyIsNoInstance() {
    FixReplay.Result r = replay("refactor");
    assertEquals(FixReplay.Status.NO_FAIL_TO_PASS, r.status(), r::detail);
    assertEquals("no_fail_to_pass", r.status().wireName());
    assertEquals(List.of(), r.failToPass());
    assertEquals(List.of("fx.CalcTest#adds()", "fx.CalcTest#addsNegatives()", "fx.CalcTest#addsZero()",
        "fx.CalcTest#maxOfTwo()"), r.passToPass());
    assertTrue(r.detail().contains("before: 4 passed"), r::detail);
  }

  @Test
  void aFixThatDoesNotCompileIsRejectedWithTheCompilersLine() {
    FixReplay.Result r = replay("breaks");
    assertEquals(FixReplay.Status.AFTER_DOES_NOT_BUILD, r.status(), r::detail);
    assertTrue(r.detail().contains("Calc.java") && r.detail().contains("incompatible types"), r::detail);
  }

  @Test
  void aParentThatDoesNotCompileIsRejectedWithTheCompilersLine() {
    FixReplay.Result r = replay("repair");
    assertEquals(FixReplay.Status.BEFORE_DOES_NOT_BUILD, r.status(), r::detail);
    assertEquals("before_does_not_build", r.status().wireName());
    assertTrue(r.detail().contains("Calc.java") && r.detail().contains("incompatible types"), r::detail);
    assertEquals(ids.get("breaks"), r.baseCommit());
    assertEquals(List.of(), r.failToPass());
  }

  @Test
  void commitsWithoutParentOrTestChangeNeedNoBuild() {
    FixReplay.Result root = replay("root");
    assertEquals(FixReplay.Status.NO_PARENT, root.status());
    assertEquals("", root.patch());
    FixReplay.Result docs = replay("docs");
    assertEquals(FixReplay.Status.NO_TEST_CHANGE, docs.status());
    assertEquals(List.of("README.md"), diffPaths(docs.patch()));
    assertTrue(root.millis() < 5_000 && docs.millis() < 5_000, "a build ran: " + root.millis() + ", " + docs.millis());
  }

  @Test
  void testPathsAndClassNamesFollowTheSources() {
    assertTrue(FixReplay.isTestPath("src/test/java/a/b/CTest.java"));
    assertTrue(FixReplay.isTestPath("core/src/test/resources/x.txt"));
    assertTrue(FixReplay.isTestPath("tests/unit/FooTest.java"));
    assertFalse(FixReplay.isTestPath("src/main/java/a/b/Testing.java"));
    assertFalse(FixReplay.isTestPath("src/main/java/a/contest/C.java"));
    assertEquals("a.b.CTest", FixReplay.className("src/test/java/a/b/CTest.java",
        "/* package not.this; */\npackage a.b;\n\nclass CTest {}\n"));
    assertEquals("CTest", FixReplay.className("test/CTest.java", "class CTest {}\n"));
  }

  @Test
  void wireNamesAreSnakeCase() {
    assertEquals("after_does_not_build", FixReplay.Status.AFTER_DOES_NOT_BUILD.wireName());
    assertEquals("timed_out", FixReplay.Status.TIMED_OUT.wireName());
    assertEquals("instance", FixReplay.Status.INSTANCE.wireName());
  }

  private static List<String> diffPaths(String diff) {
    return diff.lines().filter(l -> l.startsWith("diff --git a/"))
        .map(l -> l.substring("diff --git a/".length(), l.indexOf(" b/"))).toList();
  }

  /** Every file of {@code rev}'s tree with its text. */
  private static Map<String, String> tree(Repository repo, String rev) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(walk.parseCommit(repo.resolve(rev)).getTree());
      tw.setRecursive(true);
      while (tw.next()) {
        out.put(tw.getPathString(), new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Every file of a work tree but its .git folder, with its text. */
  private static Map<String, String> files(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (!rel.startsWith(".git/")) {
          out.put(rel, Files.readString(p));
        }
      }
    }
    return out;
  }

  private static FixReplay.Result roundTrip(FixReplay.Result r) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(r);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (FixReplay.Result) in.readObject();
    }
  }
}
