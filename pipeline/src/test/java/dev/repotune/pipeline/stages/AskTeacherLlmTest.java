package dev.repotune.pipeline.stages;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.repotune.extractors.index.IndexedChunk;
import dev.repotune.pipeline.FakeTeacherServer;
import dev.repotune.pipeline.FakeTeacherServer.Reply;
import dev.repotune.pipeline.StageResult;
import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.PriceTable;
import dev.repotune.prompts.QaPrompt;
import dev.repotune.prompts.TaskKind;
import dev.repotune.prompts.RetryPolicy;
import dev.repotune.samples.Failed;
import dev.repotune.samples.SftRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** AskTeacher's LLM path against an in-process chat-completions server: every fault becomes a row. */
@RunWith(JUnit4.class)
public class AskTeacherLlmTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private transient FakeTeacherServer server;

  @Before
  public void start() throws Exception {
    server = new FakeTeacherServer();
  }

  @After
  public void stop() {
    server.close();
  }

  private PCollection<IndexedChunk> indexed() {
    return p.apply(Create.of(StagesTest.fixtureFiles())).apply(ExtractChunks.of()).getOutput().apply(BuildIndex.of());
  }

  private TeacherSpec spec() throws Exception {
    return TeacherSpec.of(
            new OpenAiTeacher.Endpoint(server.baseUrl(), "fake-model", "REPOTUNE_TEST_NO_SUCH_KEY", Duration.ofSeconds(10)),
            tmp.newFolder("responses").toString())
        .withRetry(RetryPolicy.defaults().withMaxAttempts(2).withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)))
        .withConcurrency(3);
  }

  private static List<String> strings(Iterable<String> it) {
    List<String> out = new ArrayList<>();
    it.forEach(out::add);
    return out;
  }

  @Test
  public void givenFaultyReplies_whenAskTeacherLlm_thenEachBecomesARejectedOrFailedRowWithItsReason() throws Exception {
    server.behaviour =
        symbol -> {
          if (symbol.startsWith("Calculator.divide(")) return Reply.finish("{\"pairs\":[{\"question\":\"Why", "length");
          if (symbol.startsWith("Calculator.total(")) {
            return Reply.raw(200, "{\"choices\":[{\"message\":{\"content\":null,\"refusal\":\"I can't help with that.\"}}]}");
          }
          if (symbol.equals("com.acme.calc.Circle")) return Reply.content("Sure! Circle is a nice class.");
          if (symbol.equals("com.acme.calc.Shape")) {
            return Reply.content("{\"pairs\":[{\"question\":\"How?\",\"answer\":\"It calls `Frobnicator.spin()`.\"}]}");
          }
          if (symbol.startsWith("Calculator.Calculator(")) return Reply.raw(503, "{\"error\":\"overloaded\"}");
          return null;
        };
    StageResult<SftRecord> r = indexed().apply(AskTeacher.llm(spec()));

    PAssert.that(r.getRejected().apply(MapElements.into(TypeDescriptors.strings()).via(x -> x.stage() + "/" + x.reason() + " " + x.record())))
        .satisfies(all -> {
          List<String> rows = strings(all);
          String seen = String.join("\n", rows);
          assertTrue(seen, rows.stream().anyMatch(s -> s.startsWith("AskTeacher/truncated") && s.contains("Calculator.divide(")));
          assertTrue(seen, rows.stream().anyMatch(s -> s.startsWith("AskTeacher/refused") && s.contains("Calculator.total(")));
          assertTrue(seen, rows.stream().anyMatch(s -> s.startsWith("AskTeacher/unparseable") && s.contains("com.acme.calc.Circle")));
          assertTrue(seen, rows.stream().anyMatch(s -> s.startsWith("AskTeacher/ungrounded") && s.contains("com.acme.calc.Shape")));
          assertTrue(seen, rows.stream().anyMatch(s -> s.startsWith("Grounding/ungrounded") && s.contains("Frobnicator")));
          return null;
        });
    PAssert.that(r.getFailed())
        .satisfies(all -> {
          List<Failed> failed = new ArrayList<>();
          all.forEach(failed::add);
          assertEquals(failed.toString(), 1, failed.size());
          assertTrue(failed.get(0).error(), failed.get(0).error().startsWith("server: HTTP 503"));
          assertEquals(2, failed.get(0).attempts());
          return null;
        });
    PAssert.that(r.getOutput())
        .satisfies(rows -> {
          List<SftRecord> list = StreamSupport.stream(rows.spliterator(), false).toList();
          SftRecord add = list.stream().filter(x -> x.meta().symbol().startsWith("Calculator.add(")).findFirst()
              .orElseThrow(() -> new AssertionError("no row for Calculator.add in " + list));
          assertEquals("fake-model", add.meta().teacher());
          assertEquals("explain", add.meta().task());
          assertTrue(add.messages().get(2).content().contains("`add`"));
          assertTrue(list.stream().noneMatch(x -> x.meta().symbol().equals("com.acme.calc.Shape")));
          return null;
        });
    p.run().waitUntilFinish();
  }

  @Test
  public void givenSlowServer_whenAskTeacherLlm_thenNeverMoreCallsInFlightThanConcurrency() throws Exception {
    server.delayMillis = 150;
    StageResult<SftRecord> r = indexed().apply(AskTeacher.llm(spec().withConcurrency(2)));
    PAssert.that(r.getFailed()).empty();
    p.run().waitUntilFinish();
    assertTrue("calls " + server.chatRequests.get(), server.chatRequests.get() > 4);
    assertTrue("max in flight " + server.maxInFlight.get(), server.maxInFlight.get() <= 2);
    assertEquals("the bound is used, not just respected", 2, server.maxInFlight.get());
  }

  @Test
  public void givenRunThatFailedSomeCalls_whenRunAgain_thenOnlyTheUnansweredAreCalled() throws Exception {
    TeacherSpec spec = spec();
    server.behaviour = symbol -> symbol.startsWith("Calculator.divide(") ? Reply.raw(503, "") : null;
    runOnce(spec);
    int first = server.chatRequests.get();
    assertTrue("first run calls " + first, first > 4);

    server.behaviour = symbol -> null;
    runOnce(spec);
    assertEquals("only the chunk that failed is asked again", first + 1, server.chatRequests.get());
  }

  private static void runOnce(TeacherSpec spec) {
    runOnce(spec, Set.of(TaskKind.EXPLAIN));
  }

  private static void runOnce(TeacherSpec spec, Set<TaskKind> tasks) {
    org.apache.beam.sdk.Pipeline run = org.apache.beam.sdk.Pipeline.create(
        org.apache.beam.sdk.options.PipelineOptionsFactory.create());
    run.apply(Create.of(StagesTest.fixtureFiles())).apply(ExtractChunks.of()).getOutput()
        .apply(BuildIndex.of()).apply(AskTeacher.llm(spec, tasks));
    run.run().waitUntilFinish();
  }

  /** A phrase only each template's instruction has, to tell which template a request body came from. */
  private static final Map<TaskKind, String> MARK = Map.of(
      TaskKind.EXPLAIN, "Prefer questions about behaviour",
      TaskKind.CALLERS, "is used across",
      TaskKind.TESTS, "that the tests listed above pin down",
      TaskKind.WRITE_TEST, "about testing this code");

  private static TaskKind templateOf(String body) {
    List<TaskKind> hits = MARK.entrySet().stream().filter(e -> body.contains(e.getValue())).map(Map.Entry::getKey).toList();
    assertEquals(body, 1, hits.size());
    return hits.get(0);
  }

  @Test
  public void givenSeveralTasks_whenAskTeacherLlm_thenEachRendersItsOwnTemplateAndCacheEntryAndARerunCallsNothing() throws Exception {
    TeacherSpec spec = spec();
    Set<TaskKind> tasks = EnumSet.of(TaskKind.EXPLAIN, TaskKind.CALLERS, TaskKind.TESTS, TaskKind.WRITE_TEST);
    Map<String, String> versions = QaPrompt.versions(tasks);
    StageResult<SftRecord> r = indexed().apply(AskTeacher.llm(spec, tasks));
    PAssert.that(r.getOutput())
        .satisfies(rows -> {
          Map<String, Set<String>> addTasks = new TreeMap<>();
          for (SftRecord x : rows) {
            assertEquals(x.meta().task(), versions.get(x.meta().task()), x.meta().promptVersion());
            if (x.meta().symbol().startsWith("Calculator.add(")) {
              addTasks.computeIfAbsent("add", k -> new TreeSet<>()).add(x.meta().task());
            }
          }
          // add has callers (total) and a test (addsTwoNumbers): every selected task applies to it.
          assertEquals(Set.of("explain", "callers", "tests", "write-test"), addTasks.get("add"));
          return null;
        });
    PAssert.that(r.getFailed()).empty();
    p.run().waitUntilFinish();

    int requests = server.chatRequests.get();
    Map<TaskKind, Integer> perTemplate = new TreeMap<>();
    for (String body : server.chatBodies) {
      perTemplate.merge(templateOf(body), 1, Integer::sum);
    }
    assertEquals(tasks, perTemplate.keySet());
    assertTrue(perTemplate.toString(), perTemplate.get(TaskKind.EXPLAIN) > perTemplate.get(TaskKind.TESTS));
    assertEquals("the test asks only about the two tested methods", 2, (int) perTemplate.get(TaskKind.WRITE_TEST));
    try (java.util.stream.Stream<Path> files = Files.walk(Path.of(spec.responseCacheDir()))) {
      assertEquals("one cache entry per request", requests,
          files.filter(f -> f.toString().endsWith(".json")).count());
    }

    runOnce(spec, tasks);
    assertEquals("the rerun is answered from the cache", requests, server.chatRequests.get());
  }

  @Test
  public void givenOneTaskFailingForEveryChunk_whenAskTeacherLlm_thenEachChunkHasOneOutcomeAndTheRestAreTaskRows() throws Exception {
    server.byUserMessage = user -> user.contains(MARK.get(TaskKind.TESTS)) ? Reply.raw(400, "{\"error\":\"no\"}")
        : user.contains("Symbol: Calculator.divide(") ? Reply.content("no JSON here") : null;
    StageResult<SftRecord> r = indexed().apply(AskTeacher.llm(spec(), EnumSet.of(TaskKind.EXPLAIN, TaskKind.TESTS)));
    PAssert.that(r.getFailed().apply("FailedText", MapElements.into(TypeDescriptors.strings()).via(f -> f.stage() + " " + f.error())))
        .satisfies(all -> {
          List<String> rows = strings(all);
          // add: explain answered, so its failed tests call is a task row; divide: no rows, so the failed call is its outcome.
          assertEquals(rows.toString(), 2, rows.size());
          assertEquals(rows.toString(), 1, rows.stream().filter(x -> x.startsWith("TeacherTask bad_reply: HTTP 400") && x.endsWith("[task tests]")).count());
          assertEquals(rows.toString(), 1, rows.stream().filter(x -> x.startsWith("AskTeacher bad_reply: HTTP 400") && x.endsWith("[task tests]")).count());
          return null;
        });
    PAssert.that(r.getRejected().apply("RejectedText", MapElements.into(TypeDescriptors.strings()).via(x -> x.stage() + "/" + x.reason() + " " + x.record())))
        .satisfies(all -> {
          List<String> rows = strings(all);
          assertTrue(rows.toString(), rows.stream().anyMatch(x -> x.startsWith("TeacherTask/unparseable") && x.contains("Calculator.divide(") && x.contains("\"task\":\"explain\"")));
          assertTrue(rows.toString(), rows.stream().noneMatch(x -> x.startsWith("AskTeacher/unparseable")));
          return null;
        });
    p.run().waitUntilFinish();
  }

  @Test
  public void givenBudgetBelowOneCall_whenAskTeacherLlm_thenEveryCallIsFailedBudgetAndNoneIsMade() throws Exception {
    Path prices = tmp.newFile("prices.properties").toPath();
    Files.writeString(prices, "fake-model = 1000 1000\n");
    TeacherSpec spec = spec().withPrices(PriceTable.fromFile(prices)).withBudgetUsd(0.01);
    StageResult<SftRecord> r = indexed().apply(AskTeacher.llm(spec));
    PAssert.that(r.getOutput()).empty();
    PAssert.that(r.getFailed().apply(MapElements.into(TypeDescriptors.strings()).via(Failed::error)))
        .satisfies(all -> {
          List<String> errors = strings(all);
          assertTrue(errors.size() > 3);
          assertTrue(errors.toString(), errors.stream().allMatch(e -> e.startsWith("budget")));
          return null;
        });
    p.run().waitUntilFinish();
    assertEquals(0, server.chatRequests.get());
  }
}
