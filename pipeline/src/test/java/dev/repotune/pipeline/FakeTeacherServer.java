package dev.repotune.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process OpenAI-compatible server on 127.0.0.1 for pipeline and CLI tests. By default it answers
 * every chat completion with two pairs about the prompt's symbol, citing its simple name in backticks
 * (so they are grounded); {@link #behaviour} lets a test pick a reply per symbol.
 */
public final class FakeTeacherServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SYMBOL = Pattern.compile("(?m)^Symbol: (.+) \\(([a-z_]+)\\)$");

  /** A reply: HTTP status and either a content to wrap in a completion or a raw body. */
  public record Reply(int status, String content, String finishReason, String rawBody) {
    public static Reply content(String content) {
      return new Reply(200, content, "stop", null);
    }

    public static Reply finish(String content, String finishReason) {
      return new Reply(200, content, finishReason, null);
    }

    public static Reply raw(int status, String body) {
      return new Reply(status, null, null, body);
    }
  }

  private final HttpServer server;
  public final AtomicInteger chatRequests = new AtomicInteger();
  /** Every chat request body received, for checks on what left the machine. */
  public final java.util.Queue<String> chatBodies = new java.util.concurrent.ConcurrentLinkedQueue<>();
  public final AtomicInteger modelRequests = new AtomicInteger();
  public volatile int modelsStatus = 200;
  /** Each chat reply waits this long, so calls overlap and {@link #maxInFlight} shows the bound. */
  public volatile long delayMillis = 0;
  private final AtomicInteger inFlight = new AtomicInteger();
  public final AtomicInteger maxInFlight = new AtomicInteger();
  /** Symbol → reply; null means the default grounded pairs. */
  public volatile Function<String, Reply> behaviour = symbol -> null;
  /** The whole user message → reply, asked before {@link #behaviour}: picks a reply per template. */
  public volatile Function<String, Reply> byUserMessage = user -> null;

  public FakeTeacherServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.createContext("/", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public static String simpleName(String symbol) {
    String head = symbol.contains("(") ? symbol.substring(0, symbol.indexOf('(')) : symbol;
    return head.substring(head.lastIndexOf('.') + 1);
  }

  public static String pairs(String name) {
    return "{\"pairs\":[{\"question\":\"What is `" + name + "` for?\",\"answer\":\"`" + name
        + "` is declared here and does what its body shows.\"},{\"question\":\"Where is `" + name
        + "` used?\",\"answer\":\"See the callers of `" + name + "`.\"}]}";
  }

  private void handle(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = x.getRequestURI().getPath();
    if (path.endsWith("/models")) {
      modelRequests.incrementAndGet();
      send(x, modelsStatus, "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\"}]}");
      return;
    }
    chatRequests.incrementAndGet();
    chatBodies.add(body);
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    boolean counted = true;
    try {
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      // out of flight before the reply is sent: the client may start its next call as soon as the reply
      // arrives, before this thread would get past the send (a loaded machine showed 3 with a bound of 2)
      inFlight.decrementAndGet();
      counted = false;
      answer(x, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (counted) {
        inFlight.decrementAndGet();
      }
    }
  }

  private void answer(HttpExchange x, String body) throws IOException {
    JsonNode req = JSON.readTree(body);
    String user = req.at("/messages/1/content").asText();
    Matcher m = SYMBOL.matcher(user);
    String symbol = m.find() ? m.group(1) : "";
    Reply r = byUserMessage.apply(user);
    if (r == null) {
      r = behaviour.apply(symbol);
    }
    if (r == null) {
      r = Reply.content(pairs(simpleName(symbol)));
    }
    if (r.rawBody() != null) {
      send(x, r.status(), r.rawBody());
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("object", "chat.completion");
    ObjectNode choice = out.putArray("choices").addObject();
    choice.putObject("message").put("role", "assistant").put("content", r.content());
    choice.put("finish_reason", r.finishReason());
    out.putObject("usage").put("prompt_tokens", 1000).put("completion_tokens", 100);
    send(x, 200, JSON.writeValueAsString(out));
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
