package dev.repotune.prompts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repotune.extractors.TokenCounter;
import java.io.IOException;
import java.io.Serializable;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A teacher behind any OpenAI-compatible {@code /chat/completions} endpoint: OpenAI, vLLM, Ollama,
 * llama.cpp server, LM Studio. Plain {@link HttpClient} and Jackson rather than the OpenAI SDK: the
 * local servers omit fields the SDK's strict models expect ({@code usage}, {@code finish_reason},
 * {@code id}), and the SDK would add some 75 MB to a jar that only ever needs one POST.
 *
 * <p>The key is read from the environment variable the {@link Endpoint} names and lives only in this
 * object's {@code Authorization} header: never in an error message, the cache or the manifest.
 */
public final class OpenAiTeacher implements Teacher, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where and how to call; serializable so a pipeline can ship it to workers (the key is not in it). */
  public record Endpoint(String baseUrl, String model, String apiKeyEnv, Duration timeout)
      implements Serializable {
    public Endpoint {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(model, "model");
      baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
    }
  }

  private final Endpoint endpoint;
  /** The base URL as messages show it: any user:password@ removed. */
  private final String shown;
  private final String apiKey;
  private final HttpClient http;
  private final Clock clock;
  /** Cleared when the server rejects {@code response_format}; the tolerant parser then does the work. */
  private final AtomicBoolean sendSchema = new AtomicBoolean(true);
  /** Set when the server wants {@code max_completion_tokens} (OpenAI's reasoning models). */
  private final AtomicBoolean maxCompletionTokens = new AtomicBoolean(false);
  /** Cleared when the server accepts only its default temperature (OpenAI's reasoning models). */
  private final AtomicBoolean sendTemperature = new AtomicBoolean(true);

  private OpenAiTeacher(Endpoint endpoint, String apiKey, Clock clock) {
    this.endpoint = endpoint;
    this.shown = dev.repotune.extractors.git.RepositoryReader.redactUrl(endpoint.baseUrl());
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** Reads the key from {@code env} (the process environment in production); none is fine for a local server. */
  public static OpenAiTeacher connect(Endpoint endpoint, Function<String, String> env) {
    String key = endpoint.apiKeyEnv() == null ? null : env.apply(endpoint.apiKeyEnv());
    return new OpenAiTeacher(endpoint, key, Clock.systemUTC());
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public boolean hasKey() {
    return apiKey != null;
  }

  /**
   * One cheap request before any work is spent: {@code GET /models}. Returns normally when the server
   * answers (a 404 too: some servers have no model list); throws {@link TeacherAuthException} on 401/403
   * and {@link TeacherServerException} when nothing answers.
   */
  public void preflight() throws TeacherException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri("/models")).timeout(Duration.ofSeconds(15)).GET();
    HttpResponse<String> r = send(authorize(b).build());
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw auth(r.statusCode());
    }
    if (r.statusCode() == 501 || r.statusCode() == 404 || r.statusCode() == 405) {
      throw new TeacherReplyException(
          "not an OpenAI-compatible endpoint: GET " + shown + "/models answered HTTP " + r.statusCode()
              + " (the base URL usually ends in /v1)");
    }
    if (r.statusCode() >= 500) {
      throw new TeacherServerException("HTTP " + r.statusCode() + " from " + shown + "/models");
    }
    if (r.statusCode() == 200) {
      try {
        if (!JSON.readTree(r.body()).isObject()) {
          throw new TeacherReplyException("not JSON");
        }
      } catch (java.io.IOException | TeacherReplyException e) {
        throw new TeacherReplyException(
            "not an OpenAI-compatible endpoint: GET " + shown + "/models did not answer with JSON");
      }
    }
  }

  @Override
  public TeacherResponse ask(TeacherRequest request) throws TeacherException {
    HttpResponse<String> r = post(request);
    // A 400 that names a parameter this server does not take: adapt once per parameter, for the whole run.
    for (int i = 0; i < 3 && r.statusCode() == 400 && adapt(r.body()); i++) {
      r = post(request);
    }
    int status = r.statusCode();
    if (status == 401 || status == 403) {
      throw auth(status);
    }
    if (status == 429) {
      throw new TeacherQuotaException(
          "HTTP 429 (rate limited)" + detail(r.body()),
          retryAfter(r.headers().firstValue("retry-after").orElse(null), clock));
    }
    if (status == 501 || status == 505) {
      // Not implemented: asking again cannot help.
      throw new TeacherReplyException("HTTP " + status + " (the server does not implement this call)" + detail(r.body()));
    }
    if (status >= 500) {
      throw new TeacherServerException("HTTP " + status + detail(r.body()));
    }
    if (status != 200) {
      throw new TeacherReplyException("HTTP " + status + detail(r.body()));
    }
    return parse(r.body(), request);
  }

  /**
   * Learns from a 400 which optional parameter to change: {@code response_format} (llama.cpp builds and
   * servers without structured output), {@code max_tokens} → {@code max_completion_tokens} and no
   * {@code temperature} (OpenAI's reasoning models). False when the 400 is about something else.
   */
  private boolean adapt(String body) {
    String b = body == null ? "" : body.toLowerCase(Locale.ROOT);
    if (sendSchema.get() && (b.contains("response_format") || b.contains("json_schema"))) {
      sendSchema.set(false);
      return true;
    }
    if (!maxCompletionTokens.get() && b.contains("max_tokens") && b.contains("max_completion_tokens")) {
      maxCompletionTokens.set(true);
      return true;
    }
    if (sendTemperature.get() && b.contains("temperature")) {
      sendTemperature.set(false);
      return true;
    }
    return false;
  }

  private HttpResponse<String> post(TeacherRequest request) throws TeacherException {
    boolean schema = request.params().jsonSchema() != null && sendSchema.get();
    String body;
    try {
      body = JSON.writeValueAsString(body(request, schema));
    } catch (JsonProcessingException e) {
      throw new TeacherReplyException("cannot encode the request: " + e.getOriginalMessage(), e);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri("/chat/completions"))
            .timeout(endpoint.timeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(authorize(b).build());
  }

  private ObjectNode body(TeacherRequest request, boolean schema) {
    ObjectNode n = JSON.createObjectNode();
    n.put("model", request.params().model());
    var messages = n.putArray("messages");
    for (ChatMessage m : request.messages()) {
      messages.addObject().put("role", m.role()).put("content", m.content());
    }
    if (sendTemperature.get()) {
      n.put("temperature", request.params().temperature());
    }
    n.put(maxCompletionTokens.get() ? "max_completion_tokens" : "max_tokens", request.params().maxTokens());
    if (schema) {
      try {
        ObjectNode rf = n.putObject("response_format");
        rf.put("type", "json_schema");
        rf.putObject("json_schema")
            .put("name", "qa_pairs")
            .put("strict", true)
            .set("schema", JSON.readTree(request.params().jsonSchema()));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("the template's JSON schema does not parse", e);
      }
    }
    return n;
  }

  private HttpResponse<String> send(HttpRequest request) throws TeacherException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw new TeacherServerException("cannot connect to " + shown + " (connect timeout)", e);
    } catch (HttpTimeoutException e) {
      throw new TeacherTimeoutException(
          "no reply from " + shown + " within " + endpoint.timeout().toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw new TeacherServerException("cannot connect to " + shown + " (connection refused)", e);
    } catch (IOException e) {
      throw new TeacherServerException(
          "connection to " + shown + " failed (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TeacherTimeoutException("interrupted while waiting for " + shown, e);
    }
  }

  private HttpRequest.Builder authorize(HttpRequest.Builder b) {
    return apiKey == null ? b : b.header("Authorization", "Bearer " + apiKey);
  }

  private URI uri(String path) {
    try {
      return URI.create(endpoint.baseUrl() + path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--base-url " + shown + " is not a URL", e);
    }
  }

  private TeacherAuthException auth(int status) {
    String why =
        apiKey == null
            ? "no key was sent: set $" + endpoint.apiKeyEnv()
            : "the key in $" + endpoint.apiKeyEnv() + " was refused";
    return new TeacherAuthException("HTTP " + status + " from " + shown + ": " + why);
  }

  /**
   * Reads a chat completion leniently: {@code usage}, {@code finish_reason} and {@code id} may be missing
   * (several local servers omit them); missing usage is estimated with the tokenizer so the budget still
   * counts something.
   */
  static TeacherResponse parse(String body, TeacherRequest request) throws TeacherReplyException {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new TeacherReplyException("the reply is not JSON: " + snippet(body), e);
    }
    JsonNode choice = n == null ? null : n.path("choices").path(0);
    if (choice == null || choice.isMissingNode() || !choice.isObject()) {
      throw new TeacherReplyException("the reply has no choices: " + snippet(body));
    }
    JsonNode message = choice.path("message");
    String text = message.path("content").isTextual() ? message.path("content").asText() : "";
    String finish = choice.path("finish_reason").isTextual() ? choice.path("finish_reason").asText() : "stop";
    JsonNode refusal = message.path("refusal");
    if (refusal.isTextual() && !refusal.asText().isBlank()) {
      text = refusal.asText();
      finish = TeacherResponse.REFUSAL;
    }
    JsonNode usage = n.path("usage");
    long in = usage.path("prompt_tokens").asLong(-1);
    long out = usage.path("completion_tokens").asLong(-1);
    if (in < 0) {
      in = 0;
      for (ChatMessage m : request.messages()) {
        in += TokenCounter.count(m.content());
      }
    }
    if (out < 0) {
      out = TokenCounter.count(text);
    }
    return new TeacherResponse(text, new TeacherResponse.Usage(in, out), finish, false);
  }

  /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.strip();
    try {
      return Duration.ofMillis((long) (Double.parseDouble(h) * 1000));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }

  /** The server's own error message, shortened: it never contains our key (we never send it in a body). */
  private static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode m = JSON.readTree(body).path("error");
      String msg = m.isTextual() ? m.asText() : m.path("message").asText("");
      return msg.isBlank() ? ": " + snippet(body) : ": " + snippet(msg);
    } catch (IOException e) {
      return ": " + snippet(body);
    }
  }

  /** One line of at most 160 characters, for error messages and rejected-row details. */
  public static String snippet(String s) {
    String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return t.length() > 160 ? t.substring(0, 160) + "..." : t;
  }

  @Override
  public void close() {
    // HttpClient gained close() only in Java 21; on 17 its threads end when it is unreachable.
  }
}
