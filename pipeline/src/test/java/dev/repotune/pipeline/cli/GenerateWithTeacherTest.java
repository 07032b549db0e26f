package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repotune.pipeline.FakeTeacherServer;
import dev.repotune.pipeline.FakeTeacherServer.Reply;
import dev.repotune.pipeline.FixtureRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --teacher openai} end to end against an in-process chat-completions server. */
class GenerateWithTeacherTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path repo;
  Path cache;
  FakeTeacherServer server;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("acme");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    cache = tmp.resolve("cache");
    server = new FakeTeacherServer();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  Result generate(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("generate", repo.toString(), "--out", out.toString(),
        "--cache-dir", cache.toString(), "--teacher", "openai", "--base-url", server.baseUrl(), "--model", "fake-model",
        "--api-key-env", "REPOTUNE_TEST_UNSET_KEY", "--concurrency", "4"));
    args.addAll(List.of(extra));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
    return new Result(code, o.toString(), e.toString());
  }

  @Test
  void givenSecretsInTheRepository_thenNoneReachesTheEndpointOrTheCache() throws Exception {
    // not AWS's documented example key (wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY), which is no secret and kept
    String awsSecret = "q8Vn3xR7tLp2/k9Wm4Yb6Hc1Jd5Fg0Ns8Ae3Ui7O";
    String githubToken = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    java.util.Map<String, byte[]> files = FixtureRepo.defaultFiles();
    files.put(
        "src/main/java/com/acme/calc/Cloud.java",
        ("package com.acme.calc;\n\n/** Talks to the cloud. */\npublic class Cloud {\n"
                + "  private static final String AWS_SECRET_ACCESS_KEY = \"" + awsSecret + "\";\n\n"
                + "  /**\n   * Uploads a file with the build token.\n   *\n   * @return the token used\n   */\n"
                + "  public String upload() {\n    String token = \"" + githubToken + "\";\n    return token;\n  }\n}\n")
            .getBytes(StandardCharsets.UTF_8));
    repo = tmp.resolve("cloudy");
    FixtureRepo.create(repo, files);
    Result r = generate(tmp.resolve("out"));
    assertEquals(0, r.code(), r.err());
    assertTrue(server.chatRequests.get() > 0);
    assertTrue(server.chatBodies.stream().anyMatch(b -> b.contains("REDACTED")),
        "the Cloud chunks were asked about, with the secrets replaced");
    for (String body : server.chatBodies) {
      assertFalse(body.contains(awsSecret), "AWS secret sent to the endpoint");
      assertFalse(body.contains(githubToken), "GitHub token sent to the endpoint");
    }
    try (Stream<Path> s = Files.walk(cache)) {
      for (Path f : s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/repos/")).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(awsSecret) || text.contains(githubToken), "secret in cache file " + f);
      }
    }
  }

  @Test
  void givenServer_whenGenerateTwice_thenSecondRunMakesNoRequestsAndShardsAreByteIdentical() throws Exception {
    server.behaviour = symbol -> {
      if (symbol.startsWith("Calculator.divide(")) {
        return Reply.content("```json\n{\"pairs\":[{\"question\":\"What does `divide` throw?\",\"answer\":\"`divide` throws `ArithmeticException`.\"},"
            + "{\"question\":\"Is it fast?\",\"answer\":\"It uses `FastDivider.run()`.\"}]}\n```");
      }
      if (symbol.equals("com.acme.calc.Circle")) return Reply.finish("{\"pairs\":[", "length");
      return null;
    };
    Path a = tmp.resolve("a");
    Result first = generate(a);
    assertEquals(0, first.code(), first.err());
    int requests = server.chatRequests.get();
    assertTrue(requests > 3, "requests " + requests);

    JsonNode m = JSON.readTree(a.resolve("manifest.json").toFile());
    assertEquals(requests, m.at("/cost/fresh_calls").asInt(), m.toPrettyString());
    assertEquals(0, m.at("/cost/cached_calls").asInt());
    assertEquals(1000L * requests, m.at("/cost/tokens_in").asLong());
    assertEquals(100L * requests, m.at("/cost/tokens_out").asLong());
    assertEquals(dev.repotune.prompts.QaPrompt.load().version(), m.at("/prompt_versions/llm/explain").asText());
    assertEquals(1, m.at("/prompt_versions/llm").size(), "explain alone by default");
    assertEquals(1, m.at("/grounding/ungrounded_pairs").asInt(), m.toPrettyString());
    assertTrue(m.at("/grounding/rate").asDouble() > 0.8 && m.at("/grounding/rate").asDouble() < 1.0);
    assertEquals(1, m.at("/counts/rejected/AskTeacher/truncated").asInt(), m.toPrettyString());
    assertEquals("fake-model", m.at("/config/model").asText());
    assertTrue(first.out().contains(requests + " fresh"), first.out());
    String sft = read(a.resolve("sft"));
    assertTrue(sft.contains("\"teacher\":\"fake-model\""), sft);
    assertTrue(sft.contains("What does `divide` throw?"));
    assertFalse(sft.contains("FastDivider"), "the ungrounded pair is not a row");
    assertTrue(read(a.resolve("rejected")).contains("FastDivider"), "it is a Grounding rejected row");

    Path b = tmp.resolve("b");
    Result second = generate(b);
    assertEquals(0, second.code(), second.err());
    assertEquals(requests, server.chatRequests.get(), "the rerun is answered from the cache");
    JsonNode m2 = JSON.readTree(b.resolve("manifest.json").toFile());
    assertEquals(requests, m2.at("/cost/cached_calls").asInt());
    assertEquals(0, m2.at("/cost/fresh_calls").asInt());
    assertEquals(0.0, m2.at("/cost/usd").asDouble());
    List<String> files = relativeFiles(a);
    assertEquals(files, relativeFiles(b));
    for (String f : files) {
      if (f.equals("manifest.json")) continue;
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    }
  }

  @Test
  void givenServerRefusingTheKey_whenGenerate_thenExit4OneLineNoDatasetAndNoKeyShown() throws Exception {
    server.modelsStatus = 401;
    Path out = tmp.resolve("out");
    List<String> args = new ArrayList<>(List.of("generate", repo.toString(), "--out", out.toString(), "--cache-dir", cache.toString(),
        "--teacher", "openai", "--base-url", server.baseUrl(), "--api-key-env", "HOME"));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
    assertEquals(ExitCodes.TEACHER_UNAVAILABLE, code, e.toString());
    String err = e.toString().strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains("refused") && err.contains("$HOME"), err);
    assertFalse(err.contains(System.getenv("HOME")), "the key's value is never printed");
    assertFalse(Files.exists(out));
    assertEquals(0, server.chatRequests.get());
  }

  /** The model list answers, but every completion is refused: the run stops at once with exit 4 and one line. */
  @Test
  void givenCompletionsRefusedThoughModelsAnswer_whenGenerate_thenExit4OneLineNoDatasetAndFewCalls() throws Exception {
    server.behaviour = symbol -> Reply.raw(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}");
    Path out = tmp.resolve("out");

    Result r = generate(out);

    assertEquals(ExitCodes.TEACHER_UNAVAILABLE, r.code(), r.err());
    List<String> lines = r.err().lines().filter(l -> l.startsWith("repotune: ") && !l.matches("repotune: .* @ [0-9a-f]{12} \\(.*\\)")).toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).contains("refused 3 calls in a row") && lines.get(0).contains("$REPOTUNE_TEST_UNSET_KEY"), lines.get(0));
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(out), "no dataset");
    assertFalse(Files.exists(tmp.resolve(".out.partial")), "no work folder left");
    // three refusals stop it; at most the calls already in flight or on the pool (2 x --concurrency 4) go out
    assertTrue(server.chatRequests.get() <= 8, "calls after the stop: " + server.chatRequests.get());
  }

  /** A third of the calls fail: the dataset is written, and the exit code says the run was not clean. */
  @Test
  void givenManyFailedCalls_whenGenerate_thenDatasetWrittenAndExit1AboveMaxFailedShare() throws Exception {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    server.behaviour = symbol -> n.incrementAndGet() % 3 == 0 ? Reply.raw(400, "{\"error\":{\"message\":\"context too long\"}}") : null;
    Path out = tmp.resolve("out");

    Result strict = generate(out);

    assertEquals(ExitCodes.RUN_FAILED, strict.code(), strict.err());
    assertTrue(strict.err().contains("more than --max-failed-share 0.2"), strict.err());
    assertTrue(Files.exists(out.resolve("manifest.json")), "the dataset is still written");
    long failed = JSON.readTree(out.resolve("manifest.json").toFile()).at("/counts/teacher/calls/failed").asLong();
    assertTrue(failed > 0, "failed calls counted in the manifest");

    Result lenient = generate(out, "--max-failed-share", "0.9");
    assertEquals(0, lenient.code(), lenient.err());
  }

  @Test
  void givenNothingListening_whenGenerate_thenExit4() throws Exception {
    String url = server.baseUrl();
    server.close();
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(new PrintWriter(o), new PrintWriter(e), "generate", repo.toString(), "--out", tmp.resolve("out").toString(),
        "--cache-dir", cache.toString(), "--teacher", "openai", "--base-url", url);
    assertEquals(ExitCodes.TEACHER_UNAVAILABLE, code, e.toString());
    assertTrue(e.toString().contains("cannot reach the teacher"), e.toString());
  }

  @Test
  void givenDryRun_whenGenerate_thenEstimatePrintedNothingCalledNothingWritten() throws Exception {
    Path out = tmp.resolve("out");
    Path prices = tmp.resolve("prices.properties");
    Files.writeString(prices, "fake-model = 1.00 2.00\n");
    Result r = generate(out, "--dry-run", "--price-table", prices.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Dry run"), r.out());
    assertTrue(r.out().matches("(?s).*prompts\\s+\\d+ rendered.*0 already cached, \\d+ to call.*"), r.out());
    assertTrue(r.out().contains("at most $"), r.out());
    assertEquals(0, server.chatRequests.get());
    assertEquals(0, server.modelRequests.get());
    assertFalse(Files.exists(out));
  }

  @Test
  void givenSeveralTasks_whenDryRunThenGenerateTwice_thenCallsPerTaskAsEstimatedVersionsInManifestAndRerunCallsNothing() throws Exception {
    String tasks = "explain,tests,write-test";
    Result dry = generate(tmp.resolve("dry"), "--tasks", tasks, "--dry-run");
    assertEquals(0, dry.code(), dry.err());
    assertEquals(0, server.chatRequests.get());

    Path out = tmp.resolve("a");
    Result first = generate(out, "--tasks", tasks);
    assertEquals(0, first.code(), first.err());
    java.util.Map<String, Integer> perTask = new java.util.TreeMap<>();
    for (String body : server.chatBodies) {
      String task = body.contains("that the tests listed above pin down") ? "tests"
          : body.contains("about testing this code") ? "write-test" : "explain";
      perTask.merge(task, 1, Integer::sum);
    }
    assertEquals(java.util.Set.of("explain", "tests", "write-test"), perTask.keySet(), perTask.toString());
    JsonNode m = JSON.readTree(out.resolve("manifest.json").toFile());
    for (String t : perTask.keySet()) {
      dev.repotune.prompts.TaskKind k = dev.repotune.prompts.TaskKind.parse(t);
      String version = dev.repotune.prompts.QaPrompt.load(k).version();
      assertEquals(version, m.at("/prompt_versions/llm/" + t).asText(), m.toPrettyString());
      assertTrue(dry.out().matches("(?s).*\\n\\s+" + t + "\\s+template " + version + ": 0 already cached, " + perTask.get(t) + " to call\\n.*"),
          t + " " + perTask + "\n" + dry.out());
      assertTrue(read(out.resolve("sft")).contains("\"task\":\"" + t + "\""), t);
    }
    assertEquals(3, m.at("/prompt_versions/llm").size());
    assertEquals(server.chatRequests.get(), m.at("/cost/fresh_calls").asInt());

    int requests = server.chatRequests.get();
    Result second = generate(tmp.resolve("b"), "--tasks", tasks);
    assertEquals(0, second.code(), second.err());
    assertEquals(requests, server.chatRequests.get(), "the rerun is answered from the cache");
  }

  @Test
  void givenTaskWithoutLlmTemplate_whenGenerateWithTeacher_thenUsageErrorNamingIt() {
    Result r = generate(tmp.resolve("out"), "--tasks", "explain,signature");
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("no template for signature"), r.err());
    assertEquals(0, server.chatRequests.get());
  }

  private static String read(Path dir) throws Exception {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        b.append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return b.toString();
  }

  private static List<String> relativeFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}
