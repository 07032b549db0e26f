package dev.repotune.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.repotune.extractors.retrieval.BeirFolder;
import dev.repotune.extractors.retrieval.Bm25Index;
import dev.repotune.extractors.retrieval.Doc;
import dev.repotune.extractors.retrieval.RetrievalMetrics;
import dev.repotune.pipeline.FixtureRepo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repotune eval --embeddings-url} against an in-process embeddings endpoint whose vectors are a
 * hashed bag of the text's lower-cased words (so near-lexical retrieval works): both rows printed, BM25's
 * the scores the library gives on the same queries, the embedding row the cosine ranking of those
 * vectors, a rerun sending nothing, and the exit codes of a dataset without {@code beir/}, an unreachable
 * endpoint and a missing model name. One {@code generate --retrieval} run makes the dataset.
 */
class EvalEmbeddingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DIMENSION = 256;
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  @TempDir static Path tmp;
  static Path dataset;
  static HttpServer server;
  /** Requests still to refuse with 503 before answering. */
  static final java.util.concurrent.atomic.AtomicInteger unavailable = new java.util.concurrent.atomic.AtomicInteger();
  static String url;
  static final AtomicInteger requests = new AtomicInteger();
  static final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  static final List<String> authHeaders = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    Path repo = tmp.resolve("calc");
    FixtureRepo.create(repo, FixtureRepo.defaultFiles());
    dataset = tmp.resolve("calc-data");
    CliRun g = CliRun.of("generate", repo.toString(), "--out", dataset.toString(), "--cache-dir",
        tmp.resolve("gen-cache").toString(), "--fim-per-file", "0", "--history", "0", "--retrieval",
        "--test-fraction", "0.5");
    assertEquals(0, g.code(), g.err());

    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/embeddings", exchange -> {
      requests.incrementAndGet();
      if (unavailable.getAndDecrement() > 0) {
        exchange.getResponseHeaders().set("Retry-After", "0");
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
        return;
      }
      authHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      JsonNode input = body.get("input");
      batchSizes.add(input.size());
      ObjectNode reply = JSON.createObjectNode().put("object", "list").put("model", body.get("model").asText());
      ArrayNode data = reply.putArray("data");
      // in reverse order: the client must place each vector by its index
      for (int i = input.size() - 1; i >= 0; i--) {
        ArrayNode v = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
        for (float f : bagOfWords(input.get(i).asText())) {
          v.add(f);
        }
      }
      byte[] bytes = JSON.writeValueAsBytes(reply);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  /** The fake model: each lower-cased identifier-ish word adds 1 to its hash's bucket. */
  static float[] bagOfWords(String text) {
    float[] v = new float[DIMENSION];
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      v[Math.floorMod(m.group().toLowerCase(java.util.Locale.ROOT).hashCode(), DIMENSION)] += 1;
    }
    return v;
  }

  static CliRun eval(String cache, Path out, Path data, String... more) {
    List<String> args = new ArrayList<>(List.of("eval", data.toString(), "--out", out.toString(), "--cache-dir",
        tmp.resolve(cache).toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static Map<String, String> testQueries(BeirFolder.Dataset d) {
    Map<String, String> q = new TreeMap<>();
    d.testQrels().keySet().forEach(id -> q.put(id, d.queries().get(id)));
    return q;
  }

  /** The numbers of the row named {@code name}: queries, R@1, R@5, R@10, MRR@10, nDCG@10. */
  private static double[] row(String out, String name) {
    String line = out.lines().filter(l -> l.startsWith(name + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name + ":\n" + out));
    String[] cols = line.substring(name.length()).trim().split(" +");
    assertEquals(6, cols.length, line);
    return Stream.of(cols).mapToDouble(Double::parseDouble).toArray();
  }

  private static void assertScores(RetrievalMetrics.Scores s, double[] row, JsonNode json) {
    double[] expected = {s.queries(), s.recallAt1(), s.recallAt5(), s.recallAt10(), s.mrrAt10(), s.ndcgAt10()};
    String[] keys = {"queries", "recall_at_1", "recall_at_5", "recall_at_10", "mrr_at_10", "ndcg_at_10"};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], row[i], 0.0005, keys[i] + " in the table");
      assertEquals(expected[i], json.get(keys[i]).asDouble(), 0.00005, keys[i] + " in retrieval.json");
    }
  }

  @Test
  void givenAnEmbeddingsEndpoint_thenBothRowsTheirScoresAndARerunSendsNothing() throws IOException {
    BeirFolder.Dataset d = BeirFolder.read(dataset.resolve("beir"));
    Map<String, String> queries = testQueries(d);
    assertFalse(queries.isEmpty(), "the fixture has test queries");
    int before = requests.get();
    Path out = tmp.resolve("eval-embed");
    CliRun r = eval("cache-embed", out, dataset, "--embeddings-url", url, "--embeddings-model", "hashed-bag",
        "--api-key-env", "REPOTUNE_TEST_UNSET_KEY");
    assertEquals(0, r.code(), r.err());

    assertTrue(r.out().lines().anyMatch(l -> l.matches("retriever +queries +R@1 +R@5 +R@10 +MRR@10 +nDCG@10")), r.out());
    JsonNode json = JSON.readTree(out.resolve("retrieval.json").toFile());
    assertEquals("hashed-bag", json.get("embeddings_model").asText());
    assertFalse(Files.exists(out.resolve("eval.json")), "no --base-url: no chat questions asked");

    Map<String, List<String>> bm25Run;
    try (Bm25Index index = Bm25Index.build(d.corpus())) {
      bm25Run = index.run(queries, 10);
    }
    assertScores(RetrievalMetrics.score(d.testQrels(), bm25Run), row(r.out(), "bm25"), json.get("bm25"));

    // the cosine ranking of the fake's own vectors, ties by id
    Map<String, List<String>> embRun = new TreeMap<>();
    queries.forEach((id, text) -> {
      float[] q = bagOfWords(text);
      embRun.put(id, d.corpus().stream()
          .sorted(java.util.Comparator.comparingDouble(
              (Doc doc) -> -EmbeddingRetrieval.cosine(q, bagOfWords(EmbeddingRetrieval.docText(doc))))
              .thenComparing(Doc::id))
          .limit(10).map(Doc::id).toList());
    });
    RetrievalMetrics.Scores emb = RetrievalMetrics.score(d.testQrels(), embRun);
    assertScores(emb, row(r.out(), "embeddings (hashed-bag)"), json.get("embeddings"));
    assertTrue(emb.recallAt10() > 0, "near-lexical vectors find some answers: " + emb);

    int texts = d.corpus().size() + queries.size();
    int sent = requests.get() - before;
    assertEquals((texts + 63) / 64, sent, "batches of up to 64");
    assertTrue(batchSizes.stream().allMatch(n -> n >= 1 && n <= 64), batchSizes.toString());
    assertTrue(authHeaders.stream().allMatch("null"::equals), "no key set, no Authorization header");
    assertTrue(r.err().contains(texts + " texts embedded in " + sent + (sent == 1 ? " request" : " requests")
        + ", 0 from the cache"), r.err());

    CliRun again = eval("cache-embed", out, dataset, "--embeddings-url", url, "--embeddings-model", "hashed-bag");
    assertEquals(0, again.code(), again.err());
    assertEquals(before + sent, requests.get(), "a rerun asks nothing");
    assertTrue(again.err().contains("0 texts embedded in 0 requests, " + texts + " from the cache"), again.err());
    assertEquals(row(r.out(), "embeddings (hashed-bag)")[3], row(again.out(), "embeddings (hashed-bag)")[3]);
    assertEquals(json, JSON.readTree(out.resolve("retrieval.json").toFile()));
  }

  /** Past one batch: every vector lands at its own text (the fake answers in reverse), and the cache is shared. */
  @Test
  void givenSmallBatches_thenTheSameScoresFromSeveralRequestsAndNoneTheSecondTime() throws IOException {
    BeirFolder.Dataset d = BeirFolder.read(dataset.resolve("beir"));
    Path cache = tmp.resolve("cache-batches").resolve("embeddings");
    int before = requests.get();
    EmbeddingRetrieval.Result one = new EmbeddingRetrieval(url + "/", "hashed-bag", "REPOTUNE_TEST_UNSET_KEY",
        java.time.Duration.ofSeconds(10), cache, System::getenv, 4).evaluate(d);
    int texts = d.corpus().size() + d.testQrels().size();
    assertEquals((texts + 3) / 4, requests.get() - before, "batches of 4");
    assertEquals(texts, one.embedded());
    CliRun whole = eval("cache-whole", tmp.resolve("eval-whole"), dataset, "--embeddings-url", url,
        "--embeddings-model", "hashed-bag");
    assertEquals(0, whole.code(), whole.err());
    double[] row = row(whole.out(), "embeddings (hashed-bag)");
    assertEquals(one.embeddings().recallAt1(), row[1], 0.0005);
    assertEquals(one.embeddings().ndcgAt10(), row[5], 0.0005);

    int after = requests.get();
    EmbeddingRetrieval.Result two = new EmbeddingRetrieval(url, "hashed-bag", null, java.time.Duration.ofSeconds(10),
        cache, System::getenv, 4).evaluate(d);
    assertEquals(after, requests.get(), "all from the cache");
    assertEquals(texts, two.cached());
    assertEquals(one.embeddings(), two.embeddings());
  }

  @Test
  void givenADatasetWithoutBeir_thenExit3AndOneLine() throws IOException {
    Path copy = tmp.resolve("no-beir");
    try (Stream<Path> s = Files.walk(dataset)) {
      for (Path p : s.sorted().toList()) {
        String rel = dataset.relativize(p).toString();
        if (rel.startsWith("beir")) {
          continue;
        }
        Path t = copy.resolve(rel);
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    int before = requests.get();
    CliRun r = eval("cache-nobeir", tmp.resolve("eval-nobeir"), copy, "--embeddings-url", url,
        "--embeddings-model", "hashed-bag");
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("repotune: ") && r.err().contains("generate it with --retrieval"), r.err());
    assertEquals(before, requests.get());
  }

  /** A 503 passes with time: the request is sent again, as the teacher's calls are. */
  @Test
  void givenAnEndpointThatIsBrieflyUnavailable_thenTheRequestIsRetriedAndScored() throws IOException {
    unavailable.set(2);
    int before = requests.get();
    Path out = tmp.resolve("eval-retry");
    CliRun r = eval("cache-retry", out, dataset, "--embeddings-url", url, "--embeddings-model", "hashed-bag");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(out.resolve("retrieval.json")));
    assertTrue(unavailable.get() <= 0, "both refusals were used");
    assertTrue(requests.get() - before >= 3, "two refused requests and the answered one: " + (requests.get() - before));
  }

  @Test
  void givenAnUnreachableEndpoint_thenExit4NamingIt() {
    CliRun r = eval("cache-down", tmp.resolve("eval-down"), dataset, "--embeddings-url", "http://127.0.0.1:1/v1",
        "--embeddings-model", "m");
    assertEquals(ExitCodes.TEACHER_UNAVAILABLE, r.code(), r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("repotune: ") && !l.contains("test queries over")).count(),
        r.err());
    assertTrue(r.err().contains("embeddings endpoint at http://127.0.0.1:1/v1 (--embeddings-url)"), r.err());
    assertFalse(Files.exists(tmp.resolve("eval-down").resolve("retrieval.json")), "nothing written");
  }

  @Test
  void givenNoModelName_orNoEndpointAtAll_thenUsageError() {
    CliRun r = eval("cache-usage", tmp.resolve("eval-usage"), dataset, "--embeddings-url", url);
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("--embeddings-url needs --embeddings-model"), r.err());
    CliRun none = eval("cache-usage", tmp.resolve("eval-usage"), dataset);
    assertEquals(ExitCodes.USAGE, none.code(), none.err());
    assertTrue(none.err().contains("or --embeddings-url URL --embeddings-model NAME"), none.err());
  }
}
