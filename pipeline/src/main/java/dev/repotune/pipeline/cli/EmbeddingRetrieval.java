package dev.repotune.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repotune.extractors.StableIds;
import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.extractors.retrieval.BeirFolder;
import dev.repotune.extractors.retrieval.Bm25Index;
import dev.repotune.extractors.retrieval.Doc;
import dev.repotune.extractors.retrieval.RetrievalMetrics;
import dev.repotune.samples.RetrievalFigures;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import dev.repotune.prompts.RetryPolicy;
import dev.repotune.prompts.TeacherException;
import dev.repotune.prompts.TeacherQuotaException;
import dev.repotune.prompts.TeacherServerException;
import dev.repotune.prompts.TeacherTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A user's embedding model scored on the dataset's BEIR folder beside the BM25 baseline, on the same test
 * queries with the same {@link RetrievalMetrics}: every corpus document and test query is embedded through
 * an OpenAI-compatible {@code POST <url>/embeddings} ({@code {"model", "input": [..]}}, answered with
 * {@code data[i].embedding} and its {@code index}), the corpus ranked by cosine similarity.
 *
 * <p>Vectors are cached one file a text under {@code <cache>/embeddings/}, keyed by the URL, the model and
 * the text, so a rerun (or a second look at another metric) sends nothing. Plain {@link HttpClient} for the
 * reasons {@code OpenAiTeacher} gives; the key, as there, only in the {@code Authorization} header.
 */
final class EmbeddingRetrieval {
  /** Ranks scored, as BEIR reports them (R@10, MRR@10, nDCG@10). */
  static final int K = 10;
  /**
   * A document is embedded as title, a line break and text, cut to this many characters: most embedding
   * servers refuse an input past their context (often 512 to 8,192 tokens) rather than cut it, and a
   * chunk's first few thousand characters hold its signature and Javadoc.
   */
  static final int MAX_CHARS = 4000;
  /** Inputs in one request; OpenAI takes up to 2,048, local servers often fewer. */
  static final int BATCH = 64;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Both retrievers' scores on the same test queries, and how many texts went to the endpoint. */
  record Result(RetrievalMetrics.Scores bm25, RetrievalMetrics.Scores embeddings, int embedded, int cached,
      int requests) {}

  private final String url;
  private final String model;
  private final String apiKeyEnv;
  private final String apiKey;
  private final Duration timeout;
  private final Path cache;
  private final int batch;
  private final HttpClient http;
  private final RetryPolicy retries = RetryPolicy.defaults();
  /** How backoff waits; tests make it instant. */
  RetryPolicy.Sleeper sleeper = RetryPolicy.Sleeper.SYSTEM;
  private int requests;

  /** {@code env} gives the key's variable (the process environment in production); none for a local server. */
  EmbeddingRetrieval(String url, String model, String apiKeyEnv, Duration timeout, Path cache,
      Function<String, String> env) {
    this(url, model, apiKeyEnv, timeout, cache, env, BATCH);
  }

  EmbeddingRetrieval(String url, String model, String apiKeyEnv, Duration timeout, Path cache,
      Function<String, String> env, int batch) {
    this.batch = batch;
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.model = model;
    this.apiKeyEnv = apiKeyEnv;
    String key = apiKeyEnv == null ? null : env.apply(apiKeyEnv);
    this.apiKey = key == null || key.isBlank() ? null : key.strip();
    this.timeout = timeout;
    this.cache = cache;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /** Scores both retrievers on {@code data}'s test queries. */
  Result evaluate(BeirFolder.Dataset data) {
    Map<String, String> queries = new TreeMap<>();
    data.testQrels().keySet().forEach(q -> queries.put(q, data.queries().get(q)));
    Map<String, List<String>> bm25;
    try (Bm25Index index = Bm25Index.build(data.corpus())) {
      bm25 = index.run(queries, K);
    }
    List<String> texts = new ArrayList<>();
    data.corpus().forEach(d -> texts.add(docText(d)));
    queries.values().forEach(q -> texts.add(cut(q)));
    Embedded e = embed(texts);
    List<float[]> docs = e.vectors().subList(0, data.corpus().size());
    Map<String, List<String>> run = new TreeMap<>();
    int i = data.corpus().size();
    for (String q : queries.keySet()) {
      run.put(q, rank(e.vectors().get(i++), data.corpus(), docs, K));
    }
    return new Result(RetrievalMetrics.score(data.testQrels(), bm25), RetrievalMetrics.score(data.testQrels(), run),
        e.fresh(), e.cached(), requests);
  }

  /** What a document is embedded as. */
  static String docText(Doc d) {
    return cut(d.title().isEmpty() ? d.text() : d.title() + "\n" + d.text());
  }

  static String cut(String s) {
    if (s.length() <= MAX_CHARS) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
    return s.substring(0, end);
  }

  /** The top {@code k} documents by cosine similarity, ties by the lower id. */
  static List<String> rank(float[] query, List<Doc> corpus, List<float[]> docs, int k) {
    record Scored(String id, double score) {}
    List<Scored> scored = new ArrayList<>(corpus.size());
    for (int d = 0; d < corpus.size(); d++) {
      scored.add(new Scored(corpus.get(d).id(), cosine(query, docs.get(d))));
    }
    scored.sort(Comparator.comparingDouble((Scored s) -> -s.score()).thenComparing(Scored::id));
    return scored.stream().limit(k).map(Scored::id).toList();
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** Scores by the manifest's names ({@code recall_at_1}, ...), rounded as there. */
  static Map<String, Object> asMap(RetrievalMetrics.Scores s) {
    return new RetrievalFigures(s.queries(), s.recallAt1(), s.recallAt5(), s.recallAt10(), s.mrrAt10(), s.ndcgAt10())
        .asMap();
  }

  /** {@code retrieval.json}: both score sets, with what produced them. */
  static Map<String, Object> json(String dataset, String shownUrl, String model, Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", dataset);
    m.put("k", K);
    m.put("embeddings_url", shownUrl);
    m.put("embeddings_model", model);
    m.put("max_chars", MAX_CHARS);
    m.put("bm25", asMap(r.bm25()));
    m.put("embeddings", asMap(r.embeddings()));
    return m;
  }

  private record Embedded(List<float[]> vectors, int fresh, int cached) {}

  /** Vectors of {@code texts} in their order: from the cache where it has them, the rest in batches. */
  private Embedded embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    List<Integer> misses = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      out[i] = readCached(key(texts.get(i)));
      if (out[i] == null) {
        misses.add(i);
      }
    }
    int dimension = -1;
    for (int from = 0; from < misses.size(); from += batch) {
      List<Integer> inputs = misses.subList(from, Math.min(misses.size(), from + batch));
      List<float[]> vectors = post(inputs.stream().map(texts::get).toList());
      for (int j = 0; j < inputs.size(); j++) {
        float[] v = vectors.get(j);
        if (dimension >= 0 && v.length != dimension) {
          throw unusable("answered vectors of " + dimension + " and " + v.length + " dimensions");
        }
        dimension = v.length;
        out[inputs.get(j)] = v;
        writeCached(key(texts.get(inputs.get(j))), v);
      }
    }
    return new Embedded(List.of(out), misses.size(), texts.size() - misses.size());
  }

  private String key(String text) {
    return StableIds.sha256Hex((url + "\n" + model + "\n" + text).getBytes(StandardCharsets.UTF_8));
  }

  private Path file(String key) {
    return cache.resolve(key.substring(0, 2)).resolve(key + ".f32");
  }

  /** A cached vector, or null; a damaged entry (a length not a multiple of 4, empty) is asked again. */
  private float[] readCached(String key) {
    try {
      byte[] b = Files.readAllBytes(file(key));
      if (b.length == 0 || b.length % 4 != 0) {
        return null;
      }
      float[] v = new float[b.length / 4];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      return v;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Little-endian float32s, written to a temporary file and renamed into place, as LocalCacheStore does. */
  private void writeCached(String key, float[] v) {
    Path target = file(key);
    try {
      Files.createDirectories(target.getParent());
      ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(v);
      Path tmp = Files.createTempFile(target.getParent(), key, ".tmp");
      try {
        Files.write(tmp, b.array());
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      // the vector is still used; only a rerun would ask for it again
    }
  }

  /** One request for {@code inputs}; its vectors in the inputs' order (by {@code index} when the server gives it). */
  private List<float[]> post(List<String> inputs) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    inputs.forEach(body.putArray("input")::add);
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(url + "/embeddings")).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (IllegalArgumentException | IOException e) {
      throw Usage.error("--embeddings-url " + shown() + " is not a URL");
    }
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    HttpRequest request = b.build();
    // as the teacher's calls: 429 (with its Retry-After), 5xx and timeouts are tried again with backoff
    RetryPolicy.Outcome<HttpResponse<String>> sent = retries.run(() -> sendOnce(request), sleeper,
        java.time.Clock.systemUTC(), new java.util.Random(inputs.hashCode()));
    if (!sent.ok()) {
      if (sent.error() instanceof TeacherTimeoutException) {
        throw unreachable("no reply within " + timeout.toSeconds() + " s, " + sent.attempts() + " attempts", sent.error());
      }
      throw unusable("answered POST /embeddings with " + sent.error().getMessage() + " " + sent.attempts() + " times");
    }
    HttpResponse<String> r = sent.value();
    int status = r.statusCode();
    if (status == 401 || status == 403) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE, "the embeddings endpoint at " + shown()
          + " (--embeddings-url) refused the request (HTTP " + status + "): "
          + (apiKey == null ? "no key was sent: set $" + apiKeyEnv : "the key in $" + apiKeyEnv + " was refused"));
    }
    if (status != 200) {
      throw unusable("answered POST /embeddings with HTTP " + status);
    }
    return parse(r.body(), inputs.size());
  }

  /** One attempt: a response, or a retryable teacher error (quota, server, timeout). */
  private HttpResponse<String> sendOnce(HttpRequest request) throws TeacherException {
    HttpResponse<String> r;
    try {
      requests++;
      r = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("connect timeout", e);
    } catch (HttpTimeoutException e) {
      throw new TeacherTimeoutException("no reply within " + timeout.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw unreachable("connection refused", e);
    } catch (IOException e) {
      throw unreachable("connection failed (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExitException(ExitCodes.INTERRUPTED, "interrupted while waiting for " + shown());
    }
    int status = r.statusCode();
    if (status == 429) {
      java.time.Duration after = r.headers().firstValue("Retry-After").flatMap(v -> {
        try {
          return java.util.Optional.of(java.time.Duration.ofSeconds(Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
          return java.util.Optional.empty();
        }
      }).orElse(null);
      throw new TeacherQuotaException("HTTP 429", after);
    }
    if (status >= 500) {
      throw new TeacherServerException("HTTP " + status);
    }
    return r;
  }

  private List<float[]> parse(String body, int n) {
    JsonNode data;
    try {
      data = JSON.readTree(body).path("data");
    } catch (IOException e) {
      throw unusable("did not answer with JSON");
    }
    if (!data.isArray() || data.size() != n) {
      throw unusable("answered " + (data.isArray() ? data.size() : 0) + " embeddings for " + n + " inputs");
    }
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      JsonNode item = data.get(i);
      int at = item.path("index").isInt() ? item.get("index").asInt() : i;
      JsonNode e = item.path("embedding");
      if (at < 0 || at >= n || out[at] != null || !e.isArray() || e.isEmpty()) {
        throw unusable("answered an item without a float array \"embedding\" or with a wrong \"index\"");
      }
      float[] v = new float[e.size()];
      for (int j = 0; j < v.length; j++) {
        if (!e.get(j).isNumber()) {
          throw unusable("answered an \"embedding\" that is not an array of numbers");
        }
        v[j] = e.get(j).floatValue();
      }
      out[at] = v;
    }
    return List.of(out);
  }

  private ExitException unreachable(String why, Exception cause) {
    return new ExitException(ExitCodes.TEACHER_UNAVAILABLE, "cannot reach the embeddings endpoint at " + shown()
        + " (--embeddings-url): " + why + "; start the server or fix --embeddings-url", cause);
  }

  private ExitException unusable(String what) {
    return new ExitException(ExitCodes.TEACHER_UNAVAILABLE, "the embeddings endpoint at " + shown()
        + " (--embeddings-url) " + what + "; point --embeddings-url at an OpenAI-compatible /v1 base");
  }

  String shown() {
    return RepositoryReader.redactUrl(url);
  }

  /** The table's rows, one a retriever. */
  static void table(String model, Result r, java.io.PrintWriter out) {
    String emb = "embeddings (" + model + ")";
    int w = Math.max("retriever".length(), emb.length());
    String head = "%-" + w + "s %7s %6s %6s %6s %7s %8s%n";
    String row = "%-" + w + "s %7d %6.3f %6.3f %6.3f %7.3f %8.3f%n";
    out.printf(head, "retriever", "queries", "R@1", "R@5", "R@10", "MRR@10", "nDCG@10");
    row(out, row, "bm25", r.bm25());
    row(out, row, emb, r.embeddings());
  }

  private static void row(java.io.PrintWriter out, String format, String name, RetrievalMetrics.Scores s) {
    out.printf(Locale.ROOT, format, name, s.queries(), s.recallAt1(), s.recallAt5(), s.recallAt10(), s.mrrAt10(),
        s.ndcgAt10());
  }
}
