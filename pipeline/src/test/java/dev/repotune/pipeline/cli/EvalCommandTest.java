package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repotune.pipeline.FakeTeacherServer;
import dev.repotune.pipeline.FixtureRepo;
import dev.repotune.pipeline.cli.HeldOutQuestions.Question;
import dev.repotune.prompts.ChatMessage;
import dev.repotune.samples.HistoryRecord;
import dev.repotune.samples.Message;
import dev.repotune.samples.OutputKind;
import dev.repotune.samples.eval.EvalResult;
import dev.repotune.samples.eval.KindSummary;
import dev.repotune.samples.eval.QuestionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repotune eval} against in-process servers: one that answers each held-out question with the
 * dataset's own reference (scores near 1), one that answers every question wrongly (near 0), the two side
 * by side, the response cache making a rerun free, and the bad inputs with their exit codes. One
 * {@code generate} run makes the dataset for all.
 */
class EvalCommandTest {
  @TempDir static Path tmp;
  static Path dataset;
  static FakeTeacherServer right;
  static FakeTeacherServer wrong;
  static List<Question> questions;

  @BeforeAll
  static void generate() throws Exception {
    Path repo = tmp.resolve("acme");
    FixtureRepo.create(repo, files());
    dataset = tmp.resolve("acme-data");
    CliRun r = CliRun.of("generate", repo.toString(), "--out", dataset.toString(), "--cache-dir",
        tmp.resolve("gen-cache").toString(), "--test-fraction", "0.3", "--seed", "2", "--completion-holdout", "0.3");
    assertEquals(0, r.code(), r.err());
    questions = HeldOutQuestions.read(DatasetFiles.open(dataset), true);
    Map<String, String> reference = new HashMap<>();
    for (Question q : questions) {
      reference.putIfAbsent(userMessage(q), q.reference());
    }
    right = new FakeTeacherServer();
    right.byUserMessage = user -> FakeTeacherServer.Reply.content(reference.getOrDefault(user, ""));
    wrong = new FakeTeacherServer();
    wrong.byUserMessage = user -> FakeTeacherServer.Reply.content("I cannot say.");
  }

  /**
   * The fixture and enough small classes of a second package for a completion holdout (a repository of
   * fewer than {@code HoldOutFiles.MIN_CODE_FILES} code files holds none out, so it has no FIM test rows).
   */
  static Map<String, byte[]> files() {
    Map<String, byte[]> files = FixtureRepo.defaultFiles();
    for (int i = 1; i <= 16; i++) {
      files.put("src/main/java/com/acme/extra/Counter" + i + ".java", FixtureRepo.utf8("""
          package com.acme.extra;

          /** Keeps a running count that grows by multiples of %1$d. */
          public final class Counter%1$d {
            private int count;

            /**
             * Adds the step, times %1$d, to the count and returns the new count.
             *
             * @param step how many multiples to add
             * @return the count after adding
             */
            public int add%1$d(int step) {
              count = count + step * %1$d;
              return count;
            }
          }
          """.formatted(i)));
    }
    return files;
  }

  @AfterAll
  static void stop() {
    right.close();
    wrong.close();
  }

  private static String userMessage(Question q) {
    return q.prompt().stream().filter(m -> m.role().equals("user")).map(ChatMessage::content).reduce((a, b) -> b)
        .orElseThrow();
  }

  static CliRun eval(String cache, Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("eval", dataset.toString(), "--out", out.toString(),
        "--cache-dir", tmp.resolve(cache).toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void fixtureHasHeldOutQuestionsOfSeveralKindsWithFim() {
    Set<String> tasks = questions.stream().map(Question::task).collect(Collectors.toSet());
    assertTrue(tasks.contains("fim") && tasks.contains("locate") && tasks.size() >= 3, tasks.toString());
  }

  /** History test rows are asked like SFT rows: their own messages, the last assistant turn the reference. */
  @Test
  void givenHistoryTestRows_thenAskedWithTheirOwnMessages() throws IOException {
    Path copy = tmp.resolve("with-history");
    try (Stream<Path> s = Files.walk(dataset)) {
      for (Path p : s.sorted().toList()) {
        Path t = copy.resolve(dataset.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    HistoryRecord row = new HistoryRecord("h1", List.of(new Message("system", "You know acme's history."),
        new Message("user", "Write the commit message of this diff."), new Message("assistant", "Reject a NaN divisor")),
        new HistoryRecord.Meta("acme", "c1", "c0", "2024-03-01T12:00:00Z", "commit-message",
            List.of("src/main/java/com/acme/calc/Calculator.java"), "", "offline", "v", false, "test"));
    Files.createDirectories(copy.resolve("history"));
    Files.writeString(copy.resolve("history/test-00000-of-00001.jsonl"), OutputKind.HISTORY.codec().line(row) + "\n");
    Question q = HeldOutQuestions.read(DatasetFiles.open(copy), true).stream().filter(x -> x.id().equals("h1")).findFirst()
        .orElseThrow();
    assertEquals("commit-message", q.task());
    assertEquals(List.of(new ChatMessage("system", "You know acme's history."),
        new ChatMessage("user", "Write the commit message of this diff.")), q.prompt());
    assertEquals("Reject a NaN divisor", q.reference());
  }

  @Test
  void givenAnswersFromTheDataset_thenEveryKindScoresNearOne() throws IOException {
    Path out = tmp.resolve("eval-right");
    CliRun r = eval("cache-right", out, "--base-url", right.baseUrl(), "--model", "tuned");
    assertEquals(0, r.code(), r.err());
    EvalResult result = EvalResult.read(out.resolve("eval.json"));
    assertEquals(questions.size(), result.overall().n());
    assertTrue(result.overall().meanA() > 0.95, "overall " + result.overall().meanA());
    for (KindSummary k : result.kinds()) {
      assertTrue(k.meanA() > 0.9, k.task() + " " + k.meanA());
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(k.task() + " ")), "a line for " + k.task() + ":\n" + r.out());
    }
    assertTrue(r.out().lines().anyMatch(l -> l.matches("all +" + questions.size() + " +(0\\.9\\d\\d|1\\.000)  \\[.*")), r.out());
    assertTrue(Files.readString(out.resolve("eval.html")).contains("<tr class=\"kind\"><td>fim</td>"));
    assertEquals(questions.size(), right.chatBodies.stream().filter(b -> b.contains("\"model\":\"tuned\"")).count());
    assertTrue(right.chatBodies.stream().filter(b -> b.contains("\"model\":\"tuned\""))
        .allMatch(b -> b.contains("\"temperature\":0.0")), "asked at temperature 0");
  }

  @Test
  void givenWrongAnswers_thenOverallNearZero() throws IOException {
    Path out = tmp.resolve("eval-wrong");
    CliRun r = eval("cache-wrong", out, "--base-url", wrong.baseUrl(), "--model", "base");
    assertEquals(0, r.code(), r.err());
    EvalResult result = EvalResult.read(out.resolve("eval.json"));
    assertTrue(result.overall().meanA() < 0.15, "overall " + result.overall().meanA());
    assertTrue(result.overall().intervalA().high() < 0.3, result.overall().intervalA().toString());
  }

  @Test
  void givenAgainst_thenBothSideBySideWithThePairedDifference() throws IOException {
    Path out = tmp.resolve("eval-both");
    CliRun r = eval("cache-both", out, "--base-url", right.baseUrl(), "--model", "tuned", "--against", wrong.baseUrl(),
        "--model2", "base", "--max-questions", "12");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().lines().findFirst().orElse("").matches("task +n +A +B +A-B +95% interval of A-B"), r.out());
    String all = r.out().lines().filter(l -> l.startsWith("all ")).findFirst().orElseThrow();
    assertTrue(all.matches("all +12 +(0\\.9\\d\\d|1\\.000) +0\\.\\d{3} +\\+0\\.[5-9]\\d\\d  \\[\\+0\\.\\d{3}, \\+\\d\\.\\d{3}\\] \\*"), all);
    EvalResult result = EvalResult.read(out.resolve("eval.json"));
    assertEquals("tuned", result.modelA());
    assertEquals("base", result.modelB());
    assertEquals(12, result.questions().size());
    assertTrue(result.questions().stream().allMatch(q -> "I cannot say.".equals(q.answerB())));
    assertTrue(result.overall().difference().low() > 0.4, result.overall().difference().toString());
    assertTrue(result.kinds().size() >= 3, "--max-questions takes every kind in turn: " + result.kinds());
  }

  @Test
  void givenARerun_thenNoRequestAndTheSameFile() throws IOException {
    FakeTeacherServer server = new FakeTeacherServer();
    try (server) {
      Map<String, String> reference = new HashMap<>();
      questions.forEach(q -> reference.putIfAbsent(userMessage(q), q.reference()));
      server.byUserMessage = user -> FakeTeacherServer.Reply.content(reference.getOrDefault(user, ""));
      server.delayMillis = 30;
      Path out = tmp.resolve("eval-rerun");
      CliRun first = eval("cache-rerun", out, "--base-url", server.baseUrl(), "--model", "tuned", "--concurrency", "3");
      assertEquals(0, first.code(), first.err());
      int asked = server.chatRequests.get();
      assertEquals(questions.size(), asked);
      assertTrue(server.maxInFlight.get() > 1 && server.maxInFlight.get() <= 3, "in flight " + server.maxInFlight.get());
      String json = Files.readString(out.resolve("eval.json"));
      int models = server.modelRequests.get();

      CliRun again = eval("cache-rerun", out, "--base-url", server.baseUrl(), "--model", "tuned", "--concurrency", "3");
      assertEquals(0, again.code(), again.err());
      assertEquals(asked, server.chatRequests.get(), "a rerun asks nothing");
      assertEquals(models, server.modelRequests.get(), "nor checks the endpoint");
      assertTrue(again.err().contains("0 answers asked, " + questions.size() + " from the cache"), again.err());
      assertEquals(json, Files.readString(out.resolve("eval.json")));
    }
  }

  @Test
  void givenABudget_thenNoCallStartsOnceItIsSpentAndARerunAsksOnlyTheRest() throws IOException {
    FakeTeacherServer server = new FakeTeacherServer();
    try (server) {
      // every reply reports 1,000 prompt and 100 completion tokens: $1.10 a call at $1,000 per million
      Path prices = tmp.resolve("prices.txt");
      Files.writeString(prices, "budgeted = 1000 1000\n");
      Path out = tmp.resolve("eval-budget");
      CliRun first = eval("cache-budget", out, "--base-url", server.baseUrl(), "--model", "budgeted",
          "--concurrency", "1", "--budget-usd", "3", "--price-table", prices.toString());
      assertEquals(0, first.code(), first.err());
      assertEquals(3, server.chatRequests.get(), "$1.10, $2.20, $3.30: no fourth call");
      assertTrue(first.err().contains("3 answers asked, 0 from the cache, $3.30"), first.err());
      assertTrue(first.err().contains((questions.size() - 3) + " questions to budgeted were not asked: --budget-usd 3.0 was reached"),
          first.err());
      assertTrue(Files.isRegularFile(out.resolve("eval.json")));

      CliRun rest = eval("cache-budget", tmp.resolve("eval-budget-rest"), "--base-url", server.baseUrl(), "--model",
          "budgeted", "--concurrency", "1", "--price-table", prices.toString());
      assertEquals(0, rest.code(), rest.err());
      assertEquals(questions.size(), server.chatRequests.get(), "the rerun asks only what the budget left out");
      assertTrue(rest.err().contains((questions.size() - 3) + " answers asked, 3 from the cache"), rest.err());
    }
  }

  @Test
  void givenAFolderThatIsNoDataset_thenExit3AndOneLine() throws IOException {
    Path notData = Files.createDirectories(tmp.resolve("not-a-dataset"));
    Files.writeString(notData.resolve("notes.txt"), "hello\n");
    CliRun r = CliRun.of("eval", notData.toString(), "--out", tmp.resolve("eval-bad").toString(), "--cache-dir",
        tmp.resolve("cache-bad").toString(), "--base-url", right.baseUrl(), "--model", "m");
    assertEquals(ExitCodes.BAD_INPUT, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("repotune: ") && r.err().contains("has no manifest.json"), r.err());
  }

  @Test
  void givenNoTestRows_thenExit3NamingWhy() throws IOException {
    Path copy = tmp.resolve("no-test");
    try (Stream<Path> s = Files.walk(dataset)) {
      for (Path p : s.sorted().toList()) {
        Path t = copy.resolve(dataset.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else if (!p.getFileName().toString().startsWith("test-")) {
          Files.copy(p, t);
        }
      }
    }
    CliRun r = CliRun.of("eval", copy.toString(), "--out", tmp.resolve("eval-none").toString(), "--cache-dir",
        tmp.resolve("cache-none").toString(), "--base-url", right.baseUrl(), "--model", "m");
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("has no held-out questions"), r.err());
  }

  @Test
  void givenAnUnreachableEndpoint_thenExit4NamingIt() {
    CliRun r = eval("cache-down", tmp.resolve("eval-down"), "--base-url", right.baseUrl(), "--model", "m",
        "--against", "http://127.0.0.1:1/v1", "--model2", "other", "--max-questions", "2");
    assertEquals(ExitCodes.TEACHER_UNAVAILABLE, r.code(), r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("repotune: ") && !l.contains("questions of")
        && !l.contains("answers asked")).count(), r.err());
    assertTrue(r.err().contains("endpoint of B at http://127.0.0.1:1/v1 (--against)"), r.err());
    assertFalse(Files.exists(tmp.resolve("eval-down").resolve("eval.json")), "nothing written");
  }

  @Test
  void givenAnOutFolderInsideTheDatasetOrHoldingOtherFiles_thenExit3() throws IOException {
    CliRun inside = eval("cache-guard", dataset.resolve("eval"), "--base-url", right.baseUrl(), "--model", "m");
    assertEquals(ExitCodes.BAD_INPUT, inside.code(), inside.err());
    assertFalse(Files.exists(dataset.resolve("eval")));
    Path foreign = Files.createDirectories(tmp.resolve("someone-else"));
    Files.writeString(foreign.resolve("thesis.tex"), "x");
    CliRun other = eval("cache-guard", foreign, "--base-url", right.baseUrl(), "--model", "m");
    assertEquals(ExitCodes.BAD_INPUT, other.code(), other.err());
    assertTrue(other.err().contains("holds thesis.tex, which eval did not write"), other.err());
  }

  @Test
  void givenAgainstWithoutModel2_thenUsageError() {
    CliRun r = eval("cache-usage", tmp.resolve("eval-usage"), "--base-url", right.baseUrl(), "--model", "m",
        "--against", wrong.baseUrl());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("--against needs --model2"), r.err());
  }

  /** Scores as the library scores them: a question's result is the one QuestionResult.score gives. */
  @Test
  void givenEvalJson_thenEachQuestionScoredByItsTaskMetric() throws IOException {
    Path out = tmp.resolve("eval-metric");
    CliRun r = eval("cache-metric", out, "--base-url", wrong.baseUrl(), "--model", "base", "--max-questions", "6");
    assertEquals(0, r.code(), r.err());
    for (QuestionResult q : EvalResult.read(out.resolve("eval.json")).questions()) {
      QuestionResult expected = QuestionResult.score(q.id(), q.task(), q.question(), q.reference(), "I cannot say.", null);
      assertEquals(expected.scoreA(), q.scoreA(), 1e-12, q.id());
      assertEquals(expected.metric(), q.metric());
    }
  }

  @Test
  void givenInspectHtml_thenTaskMixCoverageRejectionsAndSamplesOnOnePage() throws IOException {
    Path page = tmp.resolve("pages").resolve("inspect.html");
    CliRun r = CliRun.of("inspect", dataset.toString(), "--html", page.toString(), "--rows", "1");
    assertEquals(0, r.code(), r.err());
    String html = Files.readString(page);
    var counts = DatasetFiles.open(dataset).manifest.path("counts");
    counts.path("sft").path("test").path("task").fields().forEachRemaining(e -> assertTrue(
        html.contains("<tr class=\"mix\"><td>sft</td><td>test</td><td>" + e.getKey() + "</td><td class=\"num\">"
            + e.getValue().asLong() + "</td>"), e.getKey()));
    assertTrue(html.contains("<tr class=\"mix\"><td>fim</td><td>test</td>"), "FIM middle kinds of the test split");
    // the fixture's two packages both have SFT rows
    assertTrue(html.contains("2 of 2 packages have at least one SFT row (100%)"), html);
    assertTrue(html.contains("<tr class=\"rejected\"><td>ReadRepository</td><td>vendored</td><td class=\"num\">1</td>"));
    assertTrue(html.contains("<section class=\"histogram\"><h3>sft test</h3>"));
    assertTrue(html.contains("<section class=\"question sample\">\n<h3>fim "), "FIM samples");
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"), "self-contained");
    CliRun inside = CliRun.of("inspect", dataset.toString(), "--html", dataset.resolve("inspect.html").toString());
    assertEquals(ExitCodes.BAD_INPUT, inside.code(), inside.err());
    assertFalse(Files.exists(dataset.resolve("inspect.html")));
    assertEquals(0, CliRun.of("validate", dataset.toString()).code(), "eval and inspect left the dataset valid");
  }

  /**
   * Both pages as a browser builds them: headless Chromium's DOM has every kind's row, and a model's
   * answer holding markup stays text (no script of it ran, none is in the DOM).
   */
  @Test
  void givenBothPages_thenHeadlessChromiumRendersTheirRows() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    Assumptions.assumeTrue(Files.isExecutable(chromium),
        "/usr/bin/chromium is missing, so eval.html and inspect --html are not rendered in a browser;"
            + " install it with apt-get install -y chromium (.ci/run does)");
    Path pages = tmp.resolve("chromium");
    try (FakeTeacherServer hostile = new FakeTeacherServer()) {
      hostile.byUserMessage = user -> FakeTeacherServer.Reply.content(
          "<script>document.title='hijacked'</script><b>bold</b>");
      CliRun e = eval("cache-chromium", pages.resolve("eval"), "--base-url", right.baseUrl(), "--model", "tuned",
          "--against", hostile.baseUrl(), "--model2", "hostile", "--max-questions", "8");
      assertEquals(0, e.code(), e.err());
    }
    CliRun i = CliRun.of("inspect", dataset.toString(), "--html", pages.resolve("inspect.html").toString());
    assertEquals(0, i.code(), i.err());

    String evalDom = dom(chromium, pages.resolve("eval").resolve("eval.html"), pages.resolve("profile"));
    EvalResult result = EvalResult.read(pages.resolve("eval").resolve("eval.json"));
    for (KindSummary k : result.kinds()) {
      assertTrue(evalDom.contains("<tr class=\"kind\"><td>" + k.task() + "</td>"), k.task() + " row:\n" + evalDom);
    }
    assertTrue(evalDom.contains("<tr class=\"overall\"><td>all</td>"), evalDom);
    assertTrue(evalDom.contains("&lt;script&gt;document.title="), "the answer shows as text");
    assertFalse(evalDom.contains("<script") || evalDom.contains("hijacked</title>") || evalDom.contains("<b>bold"), evalDom);

    String inspectDom = dom(chromium, pages.resolve("inspect.html"), pages.resolve("profile"));
    assertTrue(inspectDom.contains("<title>repotune inspect: acme-data</title>"), inspectDom);
    assertTrue(inspectDom.contains("<tr class=\"mix\"><td>sft</td><td>test</td>"), inspectDom);
    assertTrue(inspectDom.contains("<svg class=\"histogram\""), inspectDom);
  }

  /** The page's DOM after Chromium loaded it; fails on a non-zero exit or a minute without an answer. */
  private static String dom(Path chromium, Path page, Path profile) throws Exception {
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--dump-dom", page.toUri().toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (IOException x) {
        throw new java.io.UncheckedIOException(x);
      }
    });
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not render " + page + " within 60 s");
    }
    assertEquals(0, p.exitValue(), "chromium's exit code for " + page);
    String dom = out.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertTrue(dom.contains("</html>"), "a whole DOM of " + page + ":\n" + dom);
    return dom;
  }
}
