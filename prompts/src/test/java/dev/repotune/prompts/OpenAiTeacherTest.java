package dev.repotune.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenAiTeacher, RetryPolicy and ResponseCache against an in-process chat-completions server. */
class OpenAiTeacherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAIRS =
      "{\"pairs\":[{\"question\":\"What does `add` round to?\",\"answer\":\"`add` rounds to `scale`.\"}]}";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  FakeChatServer server;
  OpenAiTeacher teacher;
  final List<Duration> slept = new ArrayList<>();
  final RetryPolicy.Sleeper countingSleeper = slept::add;

  @BeforeEach
  void start() throws Exception {
    server = new FakeChatServer();
    teacher = teacher(Duration.ofSeconds(5), "sk-test-123");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  OpenAiTeacher teacher(Duration timeout, String key) {
    return OpenAiTeacher.connect(
        new OpenAiTeacher.Endpoint(server.baseUrl(), "gpt-4o-mini", "TEST_KEY", timeout),
        name -> name.equals("TEST_KEY") ? key : null);
  }

  static TeacherRequest request() {
    QaPrompt prompt = QaPrompt.load();
    return new TeacherRequest(
        "chunk-1",
        TaskKind.EXPLAIN,
        prompt.version(),
        List.of(new ChatMessage("system", "sys"), new ChatMessage("user", "Explain `add`.")),
        new SamplingParams("gpt-4o-mini", 0.2, 512, prompt.jsonSchema()));
  }

  RetryPolicy.Outcome<TeacherResponse> askWithRetries() {
    return RetryPolicy.defaults().run(() -> teacher.ask(request()), countingSleeper, CLOCK, new Random(1));
  }

  @Test
  void givenCompletion_whenAsk_thenTextUsageAndFinishReason() throws Exception {
    server.then(FakeChatServer.Reply.ok(FakeChatServer.completion(PAIRS, "stop")));
    TeacherResponse r = teacher.ask(request());
    assertEquals(PAIRS, r.text());
    assertEquals(new TeacherResponse.Usage(120, 30), r.usage());
    assertEquals("stop", r.finishReason());
    assertFalse(r.cached());
    FakeChatServer.Seen seen = server.seen.get(0);
    assertEquals("/v1/chat/completions", seen.path());
    assertEquals("Bearer sk-test-123", seen.authorization());
    JsonNode body = JSON.readTree(seen.body());
    assertEquals("gpt-4o-mini", body.get("model").asText());
    assertEquals(512, body.get("max_tokens").asInt());
    assertEquals("json_schema", body.at("/response_format/type").asText());
    assertEquals("user", body.at("/messages/1/role").asText());
  }

  @Test
  void givenLocalServerReplyWithoutUsageOrFinishReason_whenAsk_thenEstimatedUsageAndStop() throws Exception {
    server.then(FakeChatServer.Reply.ok(
        "{\"choices\":[{\"message\":{\"content\":" + FakeChatServer.quote(PAIRS) + "}}]}"));
    TeacherResponse r = teacher.ask(request());
    assertEquals("stop", r.finishReason());
    assertTrue(r.usage().promptTokens() > 0 && r.usage().completionTokens() > 0, r.usage().toString());
  }

  @Test
  void given429WithRetryAfter_whenAskWithRetries_thenWaitsWhatServerAskedAndSucceeds() {
    server.then(new FakeChatServer.Reply(429, Map.of("Retry-After", "7"), "{\"error\":{\"message\":\"slow down\"}}", Duration.ZERO))
        .then(FakeChatServer.Reply.ok(FakeChatServer.completion(PAIRS, "stop")));
    RetryPolicy.Outcome<TeacherResponse> o = askWithRetries();
    assertTrue(o.ok(), String.valueOf(o.error()));
    assertEquals(2, o.attempts());
    assertEquals(List.of(Duration.ofSeconds(7)), slept);
  }

  @Test
  void given500ThenSuccess_whenAskWithRetries_thenBacksOffOnceWithJitter() {
    server.then(FakeChatServer.Reply.status(500, "{\"error\":\"boom\"}"))
        .then(FakeChatServer.Reply.ok(FakeChatServer.completion(PAIRS, "stop")));
    RetryPolicy.Outcome<TeacherResponse> o = askWithRetries();
    assertTrue(o.ok(), String.valueOf(o.error()));
    assertEquals(2, o.attempts());
    assertEquals(1, slept.size());
    assertTrue(slept.get(0).toMillis() >= 500 && slept.get(0).toMillis() < 1000, slept.toString());
  }

  @Test
  void givenServerAlways500_whenAskWithRetries_thenGivesUpAfterMaxAttemptsWithServerError() {
    for (int i = 0; i < 5; i++) server.then(FakeChatServer.Reply.status(503, ""));
    RetryPolicy.Outcome<TeacherResponse> o = askWithRetries();
    assertInstanceOf(TeacherServerException.class, o.error());
    assertEquals(5, o.attempts());
    assertEquals(4, slept.size());
    assertTrue(slept.get(3).compareTo(slept.get(0)) > 0, "backoff grows: " + slept);
  }

  @Test
  void givenHangPastTimeout_whenAsk_thenTimeoutExceptionWhichIsRetryable() {
    teacher = teacher(Duration.ofMillis(300), null);
    server.then(new FakeChatServer.Reply(200, Map.of(), FakeChatServer.completion(PAIRS, "stop"), Duration.ofSeconds(3)));
    TeacherException e = assertThrows(TeacherException.class, () -> teacher.ask(request()));
    assertInstanceOf(TeacherTimeoutException.class, e);
    assertTrue(RetryPolicy.isRetryable(e));
  }

  @Test
  void givenMalformedJson_whenAsk_thenReplyExceptionNotRetried() {
    server.then(FakeChatServer.Reply.ok("{\"choices\":[{\"message\":"));
    RetryPolicy.Outcome<TeacherResponse> o = askWithRetries();
    assertInstanceOf(TeacherReplyException.class, o.error());
    assertEquals(1, o.attempts());
    assertTrue(slept.isEmpty());
  }

  @Test
  void givenFinishReasonLength_whenAsk_thenReportedForTheCallerToReject() throws Exception {
    server.then(FakeChatServer.Reply.ok(FakeChatServer.completion("{\"pairs\":[{\"question\":\"Wh", "length")));
    TeacherResponse r = teacher.ask(request());
    assertEquals("length", r.finishReason());
    assertEquals(ReplyParser.Kind.UNPARSEABLE, ReplyParser.parse(r.text()).kind());
  }

  @Test
  void given401_whenAsk_thenAuthExceptionNotRetriedAndKeyNotInMessage() {
    server.then(FakeChatServer.Reply.status(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-123\"}}"));
    RetryPolicy.Outcome<TeacherResponse> o = askWithRetries();
    assertInstanceOf(TeacherAuthException.class, o.error());
    assertEquals(1, o.attempts());
    assertFalse(o.error().getMessage().contains("sk-test-123"), o.error().getMessage());
    assertTrue(o.error().getMessage().contains("$TEST_KEY"), o.error().getMessage());
  }

  @Test
  void given403OnModels_whenPreflight_thenAuthException() {
    server.then(FakeChatServer.Reply.status(403, ""));
    assertThrows(TeacherAuthException.class, () -> teacher.preflight());
    assertEquals("/v1/models", server.seen.get(0).path());
  }

  @Test
  void givenServerThatIsNotAnOpenAiEndpoint_whenPreflight_thenReplyExceptionNamingTheFix() {
    server.then(FakeChatServer.Reply.status(404, "<html>Not Found</html>"));
    TeacherException e = assertThrows(TeacherException.class, () -> teacher.preflight());
    assertInstanceOf(TeacherReplyException.class, e);
    assertTrue(e.getMessage().contains("not an OpenAI-compatible endpoint") && e.getMessage().contains("/v1"), e.getMessage());

    server.then(FakeChatServer.Reply.status(200, "<html>a web page</html>"));
    assertInstanceOf(TeacherReplyException.class, assertThrows(TeacherException.class, () -> teacher.preflight()));
  }

  @Test
  void given501_whenAsk_thenNotRetried() {
    server.then(FakeChatServer.Reply.status(501, "Unsupported method ('POST')"));
    RetryPolicy.Outcome<TeacherResponse> o = askWithRetries();
    assertInstanceOf(TeacherReplyException.class, o.error());
    assertEquals(1, o.attempts());
  }

  @Test
  void givenNothingListening_whenPreflight_thenServerException() {
    int port = Integer.parseInt(server.baseUrl().replaceAll(".*:(\\d+)/v1", "$1"));
    server.close();
    OpenAiTeacher dead = OpenAiTeacher.connect(
        new OpenAiTeacher.Endpoint("http://127.0.0.1:" + port + "/v1", "m", "TEST_KEY", Duration.ofSeconds(2)), n -> null);
    TeacherException e = assertThrows(TeacherException.class, dead::preflight);
    assertInstanceOf(TeacherServerException.class, e);
  }

  @Test
  void givenRefusalField_whenAsk_thenFinishReasonRefusal() throws Exception {
    server.then(FakeChatServer.Reply.ok(
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I can't help with that.\"},\"finish_reason\":\"stop\"}]}"));
    TeacherResponse r = teacher.ask(request());
    assertEquals(TeacherResponse.REFUSAL, r.finishReason());
    assertEquals("I can't help with that.", r.text());
  }

  @Test
  void givenServerWithoutJsonSchemaSupport_whenAsk_thenRetriesOnceWithoutResponseFormat() throws Exception {
    server.then(FakeChatServer.Reply.status(400, "{\"error\":{\"message\":\"response_format json_schema is not supported\"}}"))
        .then(FakeChatServer.Reply.ok(FakeChatServer.completion("```json\n" + PAIRS + "\n```", "stop")));
    TeacherResponse r = teacher.ask(request());
    assertEquals(1, ReplyParser.parse(r.text()).pairs().size());
    assertFalse(JSON.readTree(server.seen.get(1).body()).has("response_format"));
  }

  @Test
  void givenReasoningModelRejectingMaxTokensAndTemperature_whenAsk_thenAdaptsTheRequest() throws Exception {
    server.then(FakeChatServer.Reply.status(400, "{\"error\":{\"message\":\"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.\"}}"))
        .then(FakeChatServer.Reply.status(400, "{\"error\":{\"message\":\"Unsupported value: 'temperature' does not support 0.2 with this model.\"}}"))
        .then(FakeChatServer.Reply.ok(FakeChatServer.completion(PAIRS, "stop")));
    assertEquals(PAIRS, teacher.ask(request()).text());
    JsonNode last = JSON.readTree(server.seen.get(2).body());
    assertEquals(512, last.get("max_completion_tokens").asInt());
    assertFalse(last.has("max_tokens"));
    assertFalse(last.has("temperature"));
    assertTrue(last.has("response_format"), "the schema is kept");
  }

  @Test
  void givenOther400_whenAsk_thenReplyExceptionWithServerMessage() {
    server.then(FakeChatServer.Reply.status(400, "{\"error\":{\"message\":\"model 'nope' not found\"}}"));
    TeacherException e = assertThrows(TeacherReplyException.class, () -> teacher.ask(request()));
    assertTrue(e.getMessage().contains("model 'nope' not found"), e.getMessage());
    assertEquals(1, server.chatRequests());
  }

  @Test
  void givenCachedReply_whenAskedAgain_thenZeroRequests(@TempDir Path dir) throws Exception {
    ResponseCache cache = new ResponseCache(new LocalCacheStore(dir));
    server.then(FakeChatServer.Reply.ok(FakeChatServer.completion(PAIRS, "stop")));
    TeacherResponse first = teacher.ask(request());
    cache.put(request(), first);
    long before = server.seen.size();

    TeacherResponse again = new ResponseCache(new LocalCacheStore(dir)).get(request()).orElseThrow();
    assertEquals(before, server.seen.size(), "a cache hit makes no request");
    assertTrue(again.cached());
    assertEquals(first.text(), again.text());
    assertEquals(first.usage(), again.usage());
  }

  @Test
  void givenDifferentModelOrTemplate_thenDifferentCacheKey() {
    TeacherRequest r = request();
    TeacherRequest otherModel = new TeacherRequest(r.chunkId(), r.taskKind(), r.promptVersion(), r.messages(),
        new SamplingParams("gpt-4o", 0.2, 512, r.params().jsonSchema()));
    TeacherRequest otherTemplate = new TeacherRequest(r.chunkId(), r.taskKind(), "000000000000", r.messages(), r.params());
    TeacherRequest otherChunkSameContent = new TeacherRequest("chunk-2", r.taskKind(), r.promptVersion(), r.messages(), r.params());
    assertFalse(ResponseCache.key(r).equals(ResponseCache.key(otherModel)));
    assertFalse(ResponseCache.key(r).equals(ResponseCache.key(otherTemplate)));
    assertEquals(ResponseCache.key(r), ResponseCache.key(otherChunkSameContent));
    assertEquals(64, ResponseCache.key(r).length());
  }

  @Test
  void givenRetryAfterAsHttpDate_thenDurationFromClock() {
    assertEquals(Duration.ofSeconds(30), OpenAiTeacher.retryAfter("Thu, 01 Jan 2026 00:00:30 GMT", CLOCK));
    assertEquals(Duration.ofMillis(1500), OpenAiTeacher.retryAfter("1.5", CLOCK));
    assertNull(OpenAiTeacher.retryAfter("soon", CLOCK));
  }

  @Test
  void givenRetryAfterPastTotalTime_whenAskWithRetries_thenGivesUpWithoutSleeping() {
    server.then(new FakeChatServer.Reply(429, Map.of("Retry-After", "3600"), "", Duration.ZERO));
    RetryPolicy.Outcome<TeacherResponse> o = askWithRetries();
    assertInstanceOf(TeacherQuotaException.class, o.error());
    assertTrue(slept.isEmpty());
  }
}
