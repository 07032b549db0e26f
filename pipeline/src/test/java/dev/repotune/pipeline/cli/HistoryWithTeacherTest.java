package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.FakeTeacherServer;
import dev.repotune.pipeline.FakeTeacherServer.Reply;
import dev.repotune.pipeline.FixtureRepo;
import dev.repotune.prompts.IssuePrompt;
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
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history's issue rows under {@code --teacher openai}, against an in-process chat-completions
 * server, on a repository with a little history (a fix with its test, a feature, a rename; a wip and a
 * bot's bump that no row is made of): each change and fix-with-test row gets one twin whose request is
 * the issue the server wrote for its commit, one call per commit, none on a rerun; a reply that gives no
 * issue or a call that fails leaves the offline rows and one TeacherIssue row; no author is sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryWithTeacherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AUTHOR = "Jane Maintainer";
  private static final String AUTHOR_EMAIL = "jane.maintainer@acme-devs.example";
  private static final String REPORTER = "bob.reporter@gmail.com";
  private static final String ASKS_ISSUE = "Write the issue this commit resolves.";
  private static final String TEACHER = "fake-model";

  @TempDir static Path tmp;
  Path repo;
  String fix;
  FakeTeacherServer server;
  Path out;
  int firstRunIssueCalls;
  int firstRunCalls;

  @BeforeAll
  void repository() throws Exception {
    repo = tmp.resolve("calc");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    String calc = FixtureRepo.CALCULATOR;
    String test = FixtureRepo.CALCULATOR_TEST;
    String fixed = calc.replace("if (b == 0) {", "if (b == 0 || Double.isNaN(b)) {");
    String fixedTest = test.substring(0, test.lastIndexOf('}'))
        + "\n  @org.junit.Test(expected = ArithmeticException.class)\n  public void rejectsNaNDivisor() {\n"
        + "    new Calculator(2).divide(1, Double.NaN);\n  }\n}\n";
    fix = commit(Map.of("src/main/java/com/acme/calc/Calculator.java", fixed,
            "src/test/java/com/acme/calc/CalculatorTest.java", fixedTest),
        "Reject a NaN divisor in Calculator.divide\n\nA NaN divisor gave NaN instead of the documented exception.\n\n"
            + "Signed-off-by: " + AUTHOR + " <" + AUTHOR_EMAIL + ">", AUTHOR, AUTHOR_EMAIL);
    commit(Map.of("pom.xml", "<project><version>1.0.1</version></project>\n"), "Bump junit from 4.12 to 4.13.2",
        "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com");
    commit(Map.of("README.md", "# calc\n\nwork in progress\n"), "wip", AUTHOR, AUTHOR_EMAIL);
    String negate = fixed.substring(0, fixed.lastIndexOf('}'))
        + "\n  /** The number with its sign changed. */\n  public double negate(double a) {\n"
        + "    return round(-a);\n  }\n}\n";
    commit(Map.of("src/main/java/com/acme/calc/Calculator.java", negate),
        "Add Calculator.negate for sign changes\n\nAsked for by " + REPORTER + " in the tracker.",
        AUTHOR, AUTHOR_EMAIL);
    String renamed = negate.replace("public double total(", "public double sumOfAll(");
    commit(Map.of("src/main/java/com/acme/calc/Calculator.java", renamed),
        "Rename Calculator.total to sumOfAll so its name says what it adds", AUTHOR, AUTHOR_EMAIL);

    server = new FakeTeacherServer();
    server.byUserMessage = user -> user.contains(ASKS_ISSUE) ? Reply.content(issueReply(subjectOf(user))) : null;
    out = tmp.resolve("out");
    Result r = generate(out, tmp.resolve("cache"));
    assertEquals(0, r.code(), r.err());
    firstRunIssueCalls = issueBodies().size();
    firstRunCalls = server.chatRequests.get();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** The issue the fake model files for a commit: its title names the commit's subject, so a row shows whose it is. */
  static String issueText(String subject) {
    return "Problem behind: " + subject + "\n\nI use `Calculator` and what I get is not what I need.";
  }

  private static String issueReply(String subject) {
    try {
      return JSON.writeValueAsString(Map.of("pairs", List.of(Map.of(
          "question", issueText(subject), "answer", "`Calculator` should do what the title says."))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The commit subject in an issue prompt's user message (the line after "Commit message:"). */
  private static String subjectOf(String user) {
    String rest = user.substring(user.indexOf("Commit message:\n") + "Commit message:\n".length());
    return rest.substring(0, rest.indexOf('\n'));
  }

  record Result(int code, String out, String err) {}

  private Result generate(Path dir, Path cache, String... more) {
    List<String> args = new ArrayList<>(List.of("generate", repo.toString(), "--out", dir.toString(),
        "--cache-dir", cache.toString(), "--fim-per-file", "0", "--max-chunks", "2",
        "--teacher", "openai", "--base-url", server.baseUrl(), "--model", TEACHER,
        "--api-key-env", "REPOTUNE_TEST_UNSET_KEY", "--concurrency", "2"));
    args.addAll(List.of(more));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
    return new Result(code, o.toString(), e.toString());
  }

  private String commit(Map<String, String> files, String message, String name, String email) throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path p = repo.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, e.getValue());
      }
      git.add().addFilepattern(".").call();
      int n = 0;
      for (var c : git.log().call()) {
        n++;
      }
      PersonIdent who = new PersonIdent(name, email, new Date(1_700_000_000_000L + 86_400_000L * n),
          TimeZone.getTimeZone("UTC"));
      return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().getName();
    }
  }

  private List<String> issueBodies() {
    return server.chatBodies.stream().filter(b -> b.contains(ASKS_ISSUE)).toList();
  }

  private static List<JsonNode> rows(Path dataset, String folder) throws IOException {
    return DeduplicateEndToEndTest.lines(dataset, folder + "/");
  }

  private static boolean rewritten(JsonNode r) {
    return Set.of("change", "fix-with-test").contains(r.at("/meta/task").asText());
  }

  private static String key(JsonNode r) {
    return r.at("/meta/commit").asText() + " " + r.at("/meta/task").asText() + " " + r.at("/meta/symbol").asText()
        + " " + r.at("/messages/2/content").asText();
  }

  private static String user(JsonNode r) {
    return r.at("/messages/1/content").asText();
  }

  @Test
  void eachChangeAndFixWithTestRowGetsOneTwinAskedWithTheIssue() throws IOException {
    List<JsonNode> history = rows(out, "history");
    List<JsonNode> offline = history.stream().filter(r -> !r.at("/meta/teacher").asText().equals(TEACHER)).toList();
    List<JsonNode> issues = history.stream().filter(r -> r.at("/meta/teacher").asText().equals(TEACHER)).toList();
    List<JsonNode> originals = offline.stream().filter(HistoryWithTeacherTest::rewritten).toList();
    assertFalse(originals.isEmpty(), "the fixture gives change rows");
    assertTrue(originals.stream().anyMatch(r -> r.at("/meta/task").asText().equals("fix-with-test")),
        "and a fix-with-test row");
    assertTrue(offline.stream().anyMatch(r -> r.at("/meta/task").asText().equals("commit-message")),
        "the other kinds are kept as they are");
    assertEquals(originals.size(), issues.size(), "one issue row per change or fix-with-test row");
    Map<String, JsonNode> byKey =
        originals.stream().collect(Collectors.toMap(HistoryWithTeacherTest::key, Function.identity()));
    String version = IssuePrompt.load().version();
    for (JsonNode issue : issues) {
      JsonNode original = byKey.remove(key(issue));
      assertTrue(original != null, "an issue row with the same commit, task and answer as an original: " + issue);
      String subject = original.at("/messages/1/content").asText();
      String commitSubject = firstLineOfMessage(issue.at("/meta/commit").asText());
      assertTrue(user(original).contains(commitSubject), "the original asks with the commit message");
      assertTrue(user(issue).contains(issueText(commitSubject)), "the twin asks with the issue: " + user(issue));
      assertFalse(user(issue).contains("\n\n" + commitSubject), "and not with the message: " + user(issue));
      String context = "The code as it is now:";
      assertEquals(subject.substring(subject.indexOf(context)), user(issue).substring(user(issue).indexOf(context)),
          "the same code as it is");
      assertEquals(version, issue.at("/meta/prompt_version").asText());
      assertEquals(original.at("/meta/exec_candidate"), issue.at("/meta/exec_candidate"));
      assertEquals(original.at("/meta/split"), issue.at("/meta/split"));
      assertEquals(original.at("/messages/0"), issue.at("/messages/0"), "the same system prompt");
      assertNotEquals(original.at("/meta/id").asText(), issue.at("/meta/id").asText());
      assertFalse(issue.at("/meta/id").asText().isEmpty());
    }
    assertTrue(byKey.isEmpty(), "every original has its twin: " + byKey.keySet());
    Set<String> commits =
        issues.stream().map(r -> r.at("/meta/commit").asText()).collect(Collectors.toCollection(TreeSet::new));
    assertTrue(commits.contains(fix), commits.toString());
    assertEquals(commits.size(), firstRunIssueCalls, "one call per commit, not per row");
  }

  /** The subject of a commit of the fixture, as git has it. */
  private String firstLineOfMessage(String commit) throws IOException {
    try (Git git = Git.open(repo.toFile())) {
      return git.getRepository().parseCommit(git.getRepository().resolve(commit)).getShortMessage();
    }
  }

  @Test
  void noAuthorNorAddressIsSentToTheTeacher() {
    assertTrue(firstRunIssueCalls > 0);
    for (String body : server.chatBodies) {
      for (String secret :
          List.of(AUTHOR, AUTHOR_EMAIL, REPORTER, "dependabot[bot]@users", "fixture@example.invalid")) {
        assertFalse(body.contains(secret), secret + " was sent: " + body);
      }
    }
  }

  @Test
  void aDryRunCountsTheIssueCallsItWouldMakeAndCallsNothing() throws IOException {
    int before = server.chatRequests.get();
    Path fresh = tmp.resolve("dry-cache");
    Result r = generate(tmp.resolve("dry"), fresh, "--dry-run");
    assertEquals(0, r.code(), r.err());
    assertEquals(before, server.chatRequests.get(), "a dry run calls nothing");
    String line = r.out().lines().filter(l -> l.strip().startsWith("issue ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
    assertTrue(line.contains("0 already cached, " + firstRunIssueCalls + " to call"), line);
    Result cached = generate(tmp.resolve("dry2"), tmp.resolve("cache"), "--dry-run");
    String again = cached.out().lines().filter(l -> l.strip().startsWith("issue ")).findFirst().orElseThrow();
    assertTrue(again.contains(firstRunIssueCalls + " already cached, 0 to call"), again);
  }

  @Test
  void theManifestCountsTheIssueCallsAndTheirStage() throws IOException {
    JsonNode m = JSON.readTree(out.resolve("manifest.json").toFile());
    assertEquals(firstRunCalls, m.at("/cost/fresh_calls").asInt(),
        "the issue calls are in the run's cost: " + m.at("/cost"));
    assertEquals(firstRunIssueCalls, m.at("/counts/stages/TeacherIssue/in").asInt(), m.at("/counts/stages").toString());
    assertEquals(firstRunIssueCalls, m.at("/counts/stages/TeacherIssue/out").asInt(),
        m.at("/counts/stages").toString());
    assertEquals(dev.repotune.prompts.IssuePrompt.load().version(), m.at("/prompt_versions/issue").asText(),
        "the issue template's version: " + m.at("/prompt_versions"));
  }

  @Test
  void aRerunMakesNoCallAndWritesTheSameHistory() throws IOException {
    int before = server.chatRequests.get();
    Path again = tmp.resolve("again");
    Result r = generate(again, tmp.resolve("cache"));
    assertEquals(0, r.code(), r.err());
    assertEquals(before, server.chatRequests.get(), "the rerun is answered from the cache");
    try (Stream<Path> files = Files.list(out.resolve("history"))) {
      for (Path f : files.sorted().toList()) {
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(again.resolve("history").resolve(f.getFileName())),
            f.toString());
      }
    }
  }

  @Test
  void aGarbageReplyLeavesTheOfflineRowsAndOneRejectedRowPerCommit() throws IOException {
    server.byUserMessage = user -> user.contains(ASKS_ISSUE) ? Reply.content("Sure! Here is an issue for you.") : null;
    Path garbage = tmp.resolve("garbage");
    try {
      Result r = generate(garbage, tmp.resolve("cache-garbage"));
      assertEquals(0, r.code(), r.err());
    } finally {
      server.byUserMessage = user -> user.contains(ASKS_ISSUE) ? Reply.content(issueReply(subjectOf(user))) : null;
    }
    List<JsonNode> history = rows(garbage, "history");
    assertTrue(history.stream().noneMatch(h -> h.at("/meta/teacher").asText().equals(TEACHER)), "no issue row");
    Set<String> offline = rows(out, "history").stream().filter(h -> !h.at("/meta/teacher").asText().equals(TEACHER))
        .map(JsonNode::toString).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(offline, history.stream().map(JsonNode::toString).collect(Collectors.toCollection(TreeSet::new)),
        "the offline rows, as the answered run has them");
    List<JsonNode> rejected = rows(garbage, "rejected").stream()
        .filter(x -> x.get("stage").asText().equals("TeacherIssue")).toList();
    assertEquals(firstRunIssueCalls, rejected.size(), "one row per commit asked: " + rejected);
    assertTrue(rejected.stream().allMatch(x -> x.get("reason").asText().equals("unparseable")), rejected.toString());
  }

  @Test
  void aFailedCallLeavesTheOfflineRowsAndOneFailedRowPerCommit() throws IOException {
    server.byUserMessage =
        user -> user.contains(ASKS_ISSUE) ? Reply.raw(400, "{\"error\":{\"message\":\"no\"}}") : null;
    Path failing = tmp.resolve("failing");
    try {
      Result r = generate(failing, tmp.resolve("cache-failing"), "--max-failed-share", "1");
      assertEquals(0, r.code(), r.err());
    } finally {
      server.byUserMessage = user -> user.contains(ASKS_ISSUE) ? Reply.content(issueReply(subjectOf(user))) : null;
    }
    assertTrue(rows(failing, "history").stream().noneMatch(h -> h.at("/meta/teacher").asText().equals(TEACHER)));
    assertFalse(rows(failing, "history").isEmpty(), "the offline rows are written");
    List<JsonNode> failed = rows(failing, "failed").stream()
        .filter(x -> x.get("stage").asText().equals("TeacherIssue")).toList();
    assertEquals(firstRunIssueCalls, failed.size(), "one row per commit asked: " + failed);
  }

  /** The chunks ask once here: only the issue calls' refusals reach the three in a row that stop a run. */
  @Test
  void aKeyRefusedThroughoutStopsTheRunWithExit4() {
    server.byUserMessage = user -> Reply.raw(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}");
    Path refused = tmp.resolve("refused");
    Result r;
    try {
      r = generate(refused, tmp.resolve("cache-refused"));
    } finally {
      server.byUserMessage = user -> user.contains(ASKS_ISSUE) ? Reply.content(issueReply(subjectOf(user))) : null;
    }
    assertEquals(ExitCodes.TEACHER_UNAVAILABLE, r.code(), r.err());
    assertTrue(r.err().contains("refused 3 calls in a row"), r.err());
    assertFalse(Files.exists(refused), "no dataset");
  }

  /**
   * Each call costs exactly $1 here (100 tokens out at $10,000 a million, nothing in), and the budget
   * is $2.50: two calls in all. A budget of its own per path would let the history make two besides the
   * chunks' call.
   */
  @Test
  void theIssueCallsSpendTheRunsOneBudget() throws IOException {
    Path prices = tmp.resolve("prices.properties");
    Files.writeString(prices, TEACHER + " = 0 10000\n");
    int before = server.chatRequests.get();
    Path budget = tmp.resolve("budget");
    Result r = generate(budget, tmp.resolve("cache-budget"), "--price-table", prices.toString(),
        "--max-tokens", "100", "--budget-usd", "2.5", "--max-failed-share", "1");
    assertEquals(0, r.code(), r.err());
    assertEquals(2, server.chatRequests.get() - before, "two calls fit the budget, chunk and issue calls together");
    long stopped = rows(budget, "failed").stream().filter(x -> x.get("error").asText().startsWith("budget:")).count();
    assertEquals(firstRunCalls - 2, stopped, "every other call is stopped by the budget: " + rows(budget, "failed"));
  }

  /** From the history cache the teacher run wrote (its entries keep the commit's task): the same offline rows. */
  @Test
  void offlineTheHistoryIsTheAnsweredRunsWithoutItsIssueRows() throws IOException {
    Path offlineOut = tmp.resolve("offline");
    List<String> args = List.of("generate", repo.toString(), "--out", offlineOut.toString(),
        "--cache-dir", tmp.resolve("cache").toString(), "--fim-per-file", "0", "--max-chunks", "2");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int before = server.chatRequests.get();
    assertEquals(0, Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new)), e.toString());
    assertEquals(before, server.chatRequests.get());
    Set<String> offline = rows(out, "history").stream().filter(h -> !h.at("/meta/teacher").asText().equals(TEACHER))
        .map(JsonNode::toString).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(offline, rows(offlineOut, "history").stream().map(JsonNode::toString)
        .collect(Collectors.toCollection(TreeSet::new)));
    assertFalse(Files.exists(offlineOut.resolve("rejected")) && rows(offlineOut, "rejected").stream()
        .anyMatch(x -> x.get("stage").asText().equals("TeacherIssue")), "no TeacherIssue row offline");
  }
}
