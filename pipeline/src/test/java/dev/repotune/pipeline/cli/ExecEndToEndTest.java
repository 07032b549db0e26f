package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --exec} through the command line on a small Maven project with JUnit 5 tests and a real little
 * history: a buggy {@code max} fixed together with the test that shows the bug, then a {@code clamp} whose
 * one test reaches only its in-range case. The repository's own build and tests make fix-bug rows,
 * preference pairs and RL tasks of the mutants its tests kill, reject the mutants they miss, and replay the
 * fix as a SWE-bench-style instance; a rerun runs nothing again; a repository that does not build is one
 * warning and a run without execution.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  Path repo;
  String fix;
  Path out;
  String err;

  @BeforeAll
  void repository() throws Exception {
    repo = tmp.resolve("calc");
    fix = ExecFixture.create(repo);
    out = tmp.resolve("out");
    err = generate(out);
  }

  private String generate(Path dir, String... more) {
    return generate(repo, dir, 0, more);
  }

  private static String generate(Path source, Path dir, int expected, String... more) {
    List<String> args = new ArrayList<>(List.of("generate", source.toString(), "--out", dir.toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--fim-per-file", "0", "--exec", "--exec-timeout", "60"));
    args.addAll(List.of(more));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
    assertEquals(expected, code, e.toString());
    return e.toString();
  }

  private static List<JsonNode> rows(Path dataset, String folder) throws IOException {
    return DeduplicateEndToEndTest.lines(dataset, folder + "/");
  }

  @Test
  void theDriverBuildsOnceAndSaysWhatPasses() {
    assertTrue(err.contains("calc: building at"), err);
    assertTrue(err.contains("3 of 3 tests pass twice"), err);
  }

  @Test
  void killedMutantsBecomeFixBugRowsWithTheFailingTestAndTheOriginalAsAnswer() throws IOException {
    List<JsonNode> exec = rows(out, "exec");
    assertFalse(exec.isEmpty(), err);
    Set<String> symbols = new TreeSet<>();
    for (JsonNode r : exec) {
      assertEquals("fix-bug", r.at("/meta/task").asText());
      symbols.add(r.at("/meta/symbol").asText());
      String request = r.at("/messages/1/content").asText();
      String answer = r.at("/messages/2/content").asText();
      assertTrue(request.contains("fx.CalcTest#"), request);
      assertFalse(request.toLowerCase().contains("mutant"), request);
      String symbol = r.at("/meta/symbol").asText();
      String name = symbol.substring("Calc.".length(), symbol.indexOf('('));
      String original = originalMethod(name);
      assertTrue(answer.contains(original), "the answer is the method as written: " + answer + "\n---\n" + original);
      assertFalse(request.contains(original), "the request shows it broken: " + request);
    }
    assertTrue(symbols.contains("Calc.max(int, int)"), symbols.toString());
    assertTrue(symbols.contains("Calc.sum(int[])"), symbols.toString());
  }

  @Test
  void preferencePairsChooseTheRealMethodAndRejectAKilledMutant() throws IOException {
    List<JsonNode> pairs = rows(out, "preference");
    assertFalse(pairs.isEmpty());
    for (JsonNode p : pairs) {
      assertEquals(List.of("prompt", "chosen", "rejected", "meta"), fieldNames(p));
      assertEquals("user", p.at("/prompt/1/role").asText());
      assertEquals("assistant", p.at("/chosen/0/role").asText());
      assertFalse(p.at("/chosen/0/content").asText().equals(p.at("/rejected/0/content").asText()));
      assertEquals("mutant", p.at("/meta/rejected_by").asText());
    }
  }

  @Test
  void everyTestedMethodIsAnRlTaskWhoseGroundTruthNamesItsPassingTests() throws IOException {
    Map<String, JsonNode> bySymbol = new TreeMap<>();
    for (JsonNode t : rows(out, "rl")) {
      JsonNode spec = JSON.readTree(t.at("/reward_model/ground_truth").asText());
      bySymbol.put(spec.get("symbol").asText(), spec);
      assertEquals("rule", t.at("/reward_model/style").asText());
    }
    // every method of main code with a passing test and an implement question
    assertEquals(Set.of("Calc.clamp(int, int, int)", "Calc.max(int, int)", "Calc.sum(int[])"), bySymbol.keySet());
    assertEquals("[\"fx.CalcTest#maxOfTwo\"]", bySymbol.get("Calc.max(int, int)").get("tests").toString());
    assertEquals("src/main/java/fx/Calc.java", bySymbol.get("Calc.max(int, int)").get("path").asText());
  }

  @Test
  void mutantsTheTestsMissAreRejectedAsSurvived() throws IOException {
    List<JsonNode> rejected = rows(out, "rejected").stream()
        .filter(r -> r.get("stage").asText().equals("TestMutants")).toList();
    Set<String> reasons = rejected.stream().map(r -> r.get("reason").asText()).collect(Collectors.toSet());
    assertTrue(reasons.contains("survived"), rejected.toString());
    for (JsonNode r : rejected) {
      assertTrue(r.get("detail").asText().startsWith("the method's linked tests all pass with "), r.toString());
      assertTrue(JSON.readTree(r.get("record").asText()).get("mutation").asText().matches("[a-z_]+"), r.toString());
    }
  }

  @Test
  void theFixWithItsTestIsAnInstanceWhoseNewTestFailsBeforeAndPassesAfter() throws IOException {
    List<JsonNode> instances = rows(out, "instances");
    assertEquals(1, instances.size(), err);
    JsonNode i = instances.get(0);
    assertEquals(fix, i.get("meta").get("commit").asText());
    assertTrue(i.get("FAIL_TO_PASS").toString().contains("fx.CalcTest#maxOfTwo()"), i.toString());
    assertTrue(i.get("PASS_TO_PASS").toString().contains("fx.CalcTest#sumsValues()"), i.toString());
    assertTrue(i.get("patch").asText().contains("+++ b/src/main/java/fx/Calc.java"), i.toString());
    assertFalse(i.get("patch").asText().contains("CalcTest"));
    assertTrue(i.get("test_patch").asText().contains("maxOfTwo"));
    assertTrue(i.get("problem_statement").asText().startsWith("Fix Calc.max returning its first argument"));
  }

  @Test
  void validateAcceptsTheExecutionFolders() {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), "validate", out.toString());
    assertEquals(0, code, o + "\n" + e);
  }

  @Test
  void theManifestCountsAddUpAndARerunRunsNothingAgain() throws IOException {
    JsonNode counts = JSON.readTree(out.resolve("manifest.json").toFile()).get("counts");
    assertEquals(counts.at("/exec/train/total").asLong() + counts.at("/exec/test/total").asLong(),
        counts.at("/mutants/killed").asLong(), counts.toString());
    assertEquals(counts.at("/stages/TestMutants/in").asLong(), counts.at("/mutants/checked").asLong());
    String again = generate(tmp.resolve("again"), "--verbose");
    assertTrue(again.contains("built copy reused from the cache"), again);
    assertTrue(again.contains("0 mutants checked"), again);
    assertTrue(again.contains("0 history commits replayed"), again);
    assertEquals(rows(out, "exec"), rows(tmp.resolve("again"), "exec"));
    assertEquals(rows(out, "instances"), rows(tmp.resolve("again"), "instances"));
  }

  @Test
  void aRepositoryThatDoesNotBuildIsOneWarningAndARunWithoutExecution() throws Exception {
    Path broken = tmp.resolve("broken");
    Files.createDirectories(broken.resolve("src/main/java/fx"));
    Files.writeString(broken.resolve("pom.xml"), ExecFixture.POM.replace("<artifactId>calc</artifactId>", "<artifactId>broken</artifactId>"));
    Files.writeString(broken.resolve("src/main/java/fx/Broken.java"),
        "package fx;\n\n/** Does not compile. */\npublic class Broken {\n  int x = \"text\";\n}\n");
    try (Git git = Git.init().setDirectory(broken.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("Add a class that does not compile").setAuthor("Ada", "ada@example.com")
          .setCommitter("Ada", "ada@example.com").setSign(false).call();
    }
    Path dir = tmp.resolve("broken-out");
    String e = generate(broken, dir, 0);
    assertTrue(e.contains("warning: broken does not build at"), e);
    assertTrue(e.contains("incompatible types"), e);
    assertFalse(e.contains("Exception"), e);
    assertTrue(rows(dir, "exec").isEmpty());
    assertFalse(rows(dir, "cpt").isEmpty(), "the rest of the run goes on");
    assertTrue(Files.isRegularFile(dir.resolve("manifest.json")));
  }

  /** The method {@code name} of the newest Calc as the chunker cuts it (Javadoc to closing brace), dedented. */
  private static String originalMethod(String name) {
    String text = ExecFixture.calc(ExecFixture.FIXED_MAX, true);
    int sig = text.indexOf("public static int " + name + "(");
    int start = text.lastIndexOf("/**", sig);
    int end = text.indexOf("\n  }\n", sig) + 4;
    return text.substring(start, end).replace("\n  ", "\n");
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * eval asks the rl/ test rows and scores them by the repository's tests: the method as written passes,
   * one that compiles but returns 0 fails, and a rerun finds every verdict cached.
   */
  @Test
  void evalScoresRlAnswersByRunningTheRepositorysTests() throws Exception {
    // a second class of the same size, so a test split by file can hold one of the two
    Path two = tmp.resolve("calc2");
    ExecFixture.create(two);
    ExecFixture.commit(two, Map.of(
        "src/main/java/fx/Calc2.java", ExecFixture.calc(ExecFixture.FIXED_MAX, true).replace("class Calc ", "class Calc2 ")
            .replace("private Calc()", "private Calc2()"),
        "src/test/java/fx/Calc2Test.java", ExecFixture.test(true, true).replace("class CalcTest", "class Calc2Test")
            .replace("Calc.", "Calc2.")), "Add Calc2");
    Path held = tmp.resolve("held");
    generate(two, held, 0, "--test-fraction", "0.5");
    List<JsonNode> rl = rows(held, "rl");
    Map<String, String> method = new TreeMap<>();
    for (JsonNode t : rl) {
      if (t.at("/extra_info/split").asText().equals("test")) {
        method.put(t.at("/prompt/1/content").asText(), t.at("/extra_info/reference").asText());
      }
    }
    assertFalse(method.isEmpty(), "rl test rows with --test-fraction 0.5");
    try (dev.repotune.pipeline.FakeTeacherServer right = new dev.repotune.pipeline.FakeTeacherServer();
        dev.repotune.pipeline.FakeTeacherServer wrong = new dev.repotune.pipeline.FakeTeacherServer()) {
      right.byUserMessage = u -> dev.repotune.pipeline.FakeTeacherServer.Reply.content(
          "As written:\n\n```java\n" + HeldOutTests.withoutJavadoc(method.getOrDefault(u, "")) + "\n```");
      // compiles, but every return gives 0
      wrong.byUserMessage = u -> dev.repotune.pipeline.FakeTeacherServer.Reply.content(
          "```java\n" + method.getOrDefault(u, "").replace("return ", "return 0 * ") + "\n```");
      String[] args = {"eval", held.toString(), "--out", tmp.resolve("eval").toString(), "--cache-dir",
          tmp.resolve("cache").toString(), "--base-url", right.baseUrl(), "--model", "right", "--against",
          wrong.baseUrl(), "--model2", "wrong", "--test-timeout", "60"};
      CliRun r = CliRun.of(args);
      assertEquals(0, r.code(), r.err());
      assertTrue(r.err().contains("A (right): " + method.size() + " of " + method.size() + " rl answers pass their tests"
          + " (" + method.size() + " compile)"), r.err());
      assertTrue(r.err().contains("B (wrong): 0 of " + method.size() + " rl answers pass their tests ("
          + method.size() + " compile)"), r.err());
      JsonNode result = JSON.readTree(tmp.resolve("eval/eval.json").toFile());
      JsonNode kind = null;
      for (JsonNode k : result.get("kinds")) {
        if (k.get("task").asText().equals("rl")) {
          kind = k;
        }
      }
      assertTrue(kind != null, result.toString());
      assertEquals("tests", kind.get("metric").asText());
      assertEquals(method.size(), kind.get("n").asInt());
      assertEquals(1.0, kind.get("mean_a").asDouble());
      assertEquals(0.0, kind.get("mean_b").asDouble());
      for (JsonNode q : result.get("questions")) {
        if (q.get("task").asText().equals("rl")) {
          // the method without its Javadoc (the file keeps it): the same code as the reference
          assertEquals(1.0, q.at("/parts_a/edit_similarity").asDouble(), q.toString());
          assertEquals(1.0, q.at("/parts_b/compiles").asDouble(), q.toString());
          assertEquals(0.0, q.at("/parts_b/passes").asDouble(), q.toString());
        }
      }
      List<Path> verdicts;
      try (var s = Files.list(tmp.resolve("cache/eval-tests"))) {
        verdicts = s.toList();
      }
      assertEquals(2 * method.size(), verdicts.size(), "one verdict an answer");
      for (Path v : verdicts) {
        Files.writeString(v, "PASSES"); // a rerun reads them: the wrong answers now score 1
      }
      CliRun again = CliRun.of(args);
      assertEquals(0, again.code(), again.err());
      assertTrue(again.err().contains("B (wrong): " + method.size() + " of " + method.size()), again.err());
    }
  }
}
