package dev.repotune.prompts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** An in-process chat-completions server on 127.0.0.1 that plays scripted replies in order. */
final class FakeChatServer implements AutoCloseable {
  record Reply(int status, Map<String, String> headers, String body, Duration delay) {
    static Reply ok(String body) {
      return new Reply(200, Map.of(), body, Duration.ZERO);
    }

    static Reply status(int status, String body) {
      return new Reply(status, Map.of(), body, Duration.ZERO);
    }
  }

  record Seen(String method, String path, String authorization, String body) {}

  private final HttpServer server;
  private final Queue<Reply> script = new ArrayDeque<>();
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  FakeChatServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  synchronized FakeChatServer then(Reply r) {
    script.add(r);
    return this;
  }

  long chatRequests() {
    return seen.stream().filter(s -> s.path().endsWith("/chat/completions")).count();
  }

  private void handle(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(new Seen(x.getRequestMethod(), x.getRequestURI().getPath(), x.getRequestHeaders().getFirst("Authorization"), body));
    Reply r;
    synchronized (this) {
      r = script.poll();
    }
    if (r == null) {
      r = Reply.status(500, "{\"error\":{\"message\":\"no scripted reply\"}}");
    }
    try {
      if (!r.delay().isZero()) {
        Thread.sleep(r.delay().toMillis());
      }
      byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
      r.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(bytes);
      }
    } catch (InterruptedException | IOException e) {
      x.close();
    }
  }

  /** A chat completion whose content is {@code content}, as OpenAI sends it. */
  static String completion(String content, String finishReason) {
    return "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + quote(content) + "},\"finish_reason\":\"" + finishReason + "\"}],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30,\"total_tokens\":150}}";
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
