package dev.repotune.pipeline.cli;

import dev.repotune.extractors.retrieval.BeirFolder;
import dev.repotune.pipeline.OutputGuard;
import dev.repotune.pipeline.cli.HeldOutQuestions.Question;
import dev.repotune.prompts.LocalCacheStore;
import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.PriceTable;
import dev.repotune.prompts.ResponseCache;
import dev.repotune.prompts.RetryPolicy;
import dev.repotune.samples.eval.EvalReport;
import dev.repotune.samples.eval.EvalResult;
import dev.repotune.samples.eval.Interval;
import dev.repotune.samples.eval.KindSummary;
import dev.repotune.samples.eval.Metric;
import dev.repotune.samples.eval.PairedBootstrap;
import dev.repotune.samples.eval.QuestionResult;
import dev.repotune.samples.eval.Scored;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code repotune eval <dataset>}: asks a model (and with {@code --against} a second one) the dataset's
 * held-out questions ({@link HeldOutQuestions}), scores each answer with its task's metric, and writes
 * {@code eval.json} and {@code eval.html} with bootstrap intervals; the difference of two models is
 * paired over the same questions. With {@code --embeddings-url} it scores an embedding model on the
 * dataset's {@code beir/} test queries beside BM25 ({@link EmbeddingRetrieval}, {@code retrieval.json});
 * without {@code --base-url} that is all it does. Nothing is written into the dataset folder, which {@code validate}
 * would then find holding a file its manifest does not list.
 */
@Command(
    name = "eval",
    description = "Ask a model the held-out questions of a dataset, score its answers, write eval.json and eval.html;"
        + " with --embeddings-url, score an embedding model on its beir/ test queries beside BM25 (retrieval.json).",
    mixinStandardHelpOptions = true,
    sortOptions = false)
public final class EvalCommand extends BaseCommand {
  /** The retrievers' scores; beside eval.json, which holds only the chat questions' results. */
  static final String RETRIEVAL_FILE = "retrieval.json";

  /** The only files eval writes; a folder holding anything else is not eval's to write into. */
  static final Set<String> WRITTEN = Set.of(EvalResult.FILE, "eval.html", RETRIEVAL_FILE);

  @Parameters(index = "0", paramLabel = "<dataset>", description = "A folder written by generate.")
  Path dataset;

  @Option(names = "--base-url", description = "OpenAI-compatible API base of model A, with /v1 (needed for the held-out questions).")
  String baseUrl;

  @Option(names = "--model", description = "Model A's name at --base-url (needed with it).")
  String model;

  @Option(names = "--against", paramLabel = "URL", description = "API base of model B, asked the same questions.")
  String against;

  @Option(names = "--model2", paramLabel = "NAME", description = "Model B's name at --against (needed with it).")
  String model2;

  @Option(names = "--embeddings-url", paramLabel = "URL",
      description = "OpenAI-compatible API base (with /v1) of an embedding model, scored on the dataset's beir/ test queries beside BM25.")
  String embeddingsUrl;

  @Option(names = "--embeddings-model", paramLabel = "NAME", description = "The embedding model's name at --embeddings-url (needed with it).")
  String embeddingsModel;

  @Option(names = "--out", description = "Where eval.json, eval.html and retrieval.json go (default: ./repotune-eval/<dataset folder name>).")
  Path out;

  @Option(names = "--max-questions", description = "Ask at most this many, every task in turn; 0 = all (default).", defaultValue = "0")
  int maxQuestions;

  @Option(names = "--concurrency", description = "Requests in flight at once per model (default: ${DEFAULT-VALUE}).", defaultValue = "8")
  int concurrency;

  @Option(names = "--api-key-env", description = "Environment variable of model A's (and --embeddings-url's) key (default: ${DEFAULT-VALUE}); not needed for a local server.", defaultValue = "OPENAI_API_KEY")
  String apiKeyEnv;

  @Option(names = "--api-key-env2", description = "Environment variable of model B's key (default: --api-key-env).")
  String apiKeyEnv2;

  @Option(names = "--max-tokens", description = "Token cap of one answer (default: ${DEFAULT-VALUE}).", defaultValue = "1024")
  int maxTokens;

  @Option(names = "--timeout", description = "Seconds to wait for one answer before retrying (default: ${DEFAULT-VALUE}).", defaultValue = "120")
  int timeoutSeconds;

  @Option(names = "--budget-usd", description = "Make no new call once both models' calls have cost this many US dollars by the price table; 0 = no limit (default). Questions not asked score 0; a rerun with a higher budget asks only those.", defaultValue = "0")
  double budgetUsd;

  @Option(names = "--price-table", description = "File of 'model = input output' USD per million tokens (default: built in), as generate reads it.")
  Path priceTable;

  @Option(names = "--no-run-tests", description = "Leave out the rl/ questions, which are scored by building the repository"
      + " (once, into the cache) and running its tests on each answer.")
  boolean noRunTests;

  @Option(names = "--test-timeout", description = "Seconds one rl answer's tests may run (default: ${DEFAULT-VALUE}).", defaultValue = "120")
  int testTimeoutSeconds;

  @Option(names = "--cache-dir", description = "Caches, the answers among them (default: $REPOTUNE_CACHE or ~/.cache/repotune).")
  Path cacheDir;

  @Override
  protected int doCall() throws Exception {
    validate();
    DatasetFiles data = DatasetFiles.open(dataset);
    Path beir = dataset.resolve("beir");
    if (embeddingsUrl != null && !Files.isRegularFile(beir.resolve(BeirFolder.CORPUS))) {
      throw new ExitException(ExitCodes.BAD_INPUT, dataset + " has no beir/ folder to score --embeddings-url on;"
          + " generate it with --retrieval");
    }
    String name = dataset.toAbsolutePath().normalize().getFileName().toString();
    Path outDir = outDir(name);
    Path cache = cacheFolder();
    if (baseUrl != null) {
      askQuestions(data, name, outDir, cache);
    }
    if (embeddingsUrl != null) {
      scoreRetrievers(beir, name, outDir, cache);
    }
    return ExitCodes.OK;
  }

  /**
   * The embedding model and BM25 on the BEIR test queries: the table, and {@code retrieval.json} (eval.json
   * is {@link EvalResult}'s, per question; the retrievers' scores are per query set).
   */
  private void scoreRetrievers(Path beir, String name, Path outDir, Path cache) throws IOException {
    BeirFolder.Dataset data;
    try {
      data = BeirFolder.read(beir);
    } catch (RuntimeException e) {
      throw new ExitException(ExitCodes.BAD_INPUT, beir + " is not a readable BEIR folder (" + e.getMessage() + ")", e);
    }
    if (data.testQrels().isEmpty()) {
      throw new ExitException(ExitCodes.BAD_INPUT, beir + " has no test queries (qrels/test.tsv is empty);"
          + " generate it with --retrieval and --test-fraction above 0");
    }
    EmbeddingRetrieval retrieval = new EmbeddingRetrieval(embeddingsUrl, embeddingsModel, apiKeyEnv,
        Duration.ofSeconds(timeoutSeconds), cache.resolve("embeddings"), System::getenv);
    err().printf("repotune: %,d test queries over %,d documents of %s%n", data.testQrels().size(),
        data.corpus().size(), beir);
    EmbeddingRetrieval.Result r = retrieval.evaluate(data);
    err().printf("repotune: embeddings (%s): %,d texts embedded in %,d request%s, %,d from the cache%n",
        embeddingsModel, r.embedded(), r.requests(), r.requests() == 1 ? "" : "s", r.cached());
    Files.createDirectories(outDir);
    Path file = outDir.resolve(RETRIEVAL_FILE);
    DatasetFiles.JSON.writerWithDefaultPrettyPrinter()
        .writeValue(file.toFile(), EmbeddingRetrieval.json(name, retrieval.shown(), embeddingsModel, r));
    EmbeddingRetrieval.table(embeddingsModel, r, out());
    out().printf("Wrote %s to %s%n", RETRIEVAL_FILE, outDir);
  }

  private void askQuestions(DatasetFiles data, String name, Path outDir, Path cache) throws IOException {
    List<Question> all = HeldOutQuestions.read(data, !noRunTests);
    HeldOutTests tests = null;
    if (all.stream().anyMatch(q -> q.truth() != null)) {
      tests = HeldOutTests.prepare(all, data.manifest, cache, Duration.ofSeconds(testTimeoutSeconds), err());
      all = tests.scorable(all);
    }
    if (all.isEmpty()) {
      throw new ExitException(ExitCodes.BAD_INPUT, dataset + " has no held-out questions (no rows in sft/, history/"
          + " or fim/ test shards); generate it with --test-fraction above 0 (and --completion-holdout for FIM)");
    }
    List<Question> questions = HeldOutQuestions.sample(all, maxQuestions);
    ResponseCache responses = new ResponseCache(new LocalCacheStore(cache.resolve("responses")));
    PriceTable prices = prices();
    for (String m : against == null ? List.of(model) : List.of(model, model2)) {
      if (budgetUsd > 0 && !prices.knows(m)) {
        err().printf("repotune: model %s is not in the price table, so --budget-usd cannot limit it; pass --price-table%n", m);
      }
    }
    budget = new EvalCalls.Budget(budgetUsd, prices);

    err().printf("repotune: %,d held-out questions of %s%s%n", questions.size(), dataset,
        questions.size() < all.size() ? " (of " + all.size() + ")" : "");
    EvalCalls.Answers a = calls("A", "--base-url", baseUrl, model, apiKeyEnv, responses).ask(questions);
    report("A", model, a);
    EvalCalls.Answers b = null;
    if (against != null) {
      b = calls("B", "--against", against, model2, apiKeyEnv2 == null ? apiKeyEnv : apiKeyEnv2, responses).ask(questions);
      report("B", model2, b);
    }
    Map<String, Scored> testedA = Map.of();
    Map<String, Scored> testedB = Map.of();
    long rl = questions.stream().filter(q -> q.truth() != null).count();
    if (rl > 0) {
      err().printf("repotune: running the tests of %,d rl answer%s%s...%n", rl, rl == 1 ? "" : "s", b == null ? "" : " of each model");
      err().flush();
      testedA = tests.score(questions, a.texts());
      testedB = b == null ? Map.of() : tests.score(questions, b.texts());
      testLine("A", model, testedA);
      if (b != null) {
        testLine("B", model2, testedB);
      }
    }
    List<QuestionResult> scored = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      Question q = questions.get(i);
      String answerB = b == null ? null : nullToEmpty(b.texts().get(i));
      scored.add(q.truth() == null
          ? QuestionResult.score(q.id(), q.task(), q.question(), q.reference(), a.texts().get(i), answerB)
          : QuestionResult.scored(q.id(), q.task(), Metric.TESTS_METRIC, q.question(), q.reference(), a.texts().get(i),
              answerB, testedA.get(q.id()), b == null ? null : testedB.get(q.id())));
    }
    EvalResult result = EvalResult.of(name, model, b == null ? null : model2, scored, new PairedBootstrap());
    Files.createDirectories(outDir);
    result.write(outDir.resolve(EvalResult.FILE));
    Files.writeString(outDir.resolve("eval.html"), EvalReport.html(result), StandardCharsets.UTF_8);
    table(result, out());
    out().printf("Wrote %s and eval.html to %s%n", EvalResult.FILE, outDir);
  }

  private void validate() {
    Usage.check(concurrency >= 1 && concurrency <= 256, "--concurrency must be between 1 and 256, got " + concurrency);
    Usage.check(maxQuestions >= 0, "--max-questions must be 0 (all) or more, got " + maxQuestions);
    Usage.check(maxTokens >= 1, "--max-tokens must be at least 1, got " + maxTokens);
    Usage.check(budgetUsd >= 0, "--budget-usd must be 0 (no limit) or more, got " + budgetUsd);
    Usage.check(testTimeoutSeconds >= 1, "--test-timeout must be at least 1 second, got " + testTimeoutSeconds);
    Usage.check(timeoutSeconds >= 1, "--timeout must be at least 1 second, got " + timeoutSeconds);
    Usage.check(baseUrl != null || embeddingsUrl != null,
        "eval needs --base-url URL --model NAME (the held-out questions) or --embeddings-url URL --embeddings-model NAME"
            + " (the retrieval test queries), or both");
    if (baseUrl != null) {
      checkUrl("--base-url", baseUrl);
    }
    Usage.check((baseUrl == null) == (model == null), baseUrl == null
        ? "--model names model A at --base-url: pass --base-url URL too"
        : "--base-url needs --model NAME: the model to ask at " + baseUrl);
    Usage.check((embeddingsUrl == null) == (embeddingsModel == null), embeddingsUrl == null
        ? "--embeddings-model names the model at --embeddings-url: pass --embeddings-url URL too"
        : "--embeddings-url needs --embeddings-model NAME: the embedding model at " + embeddingsUrl);
    if (embeddingsUrl != null) {
      checkUrl("--embeddings-url", embeddingsUrl);
    }
    Usage.check(against == null || baseUrl != null, "--against compares with model A: pass --base-url and --model too");
    Usage.check((against == null) == (model2 == null), against == null
        ? "--model2 names model B at --against: pass --against URL too"
        : "--against needs --model2 NAME: the model to ask at " + against);
    if (against != null) {
      checkUrl("--against", against);
    }
    for (String env : new String[] {apiKeyEnv, apiKeyEnv2}) {
      Usage.check(env == null || env.matches("[A-Za-z_][A-Za-z0-9_]*"),
          "--api-key-env and --api-key-env2 name an environment variable (e.g. OPENAI_API_KEY), not a key");
    }
  }

  private static void checkUrl(String option, String url) {
    Usage.check(url.matches("(?i)https?://[^\\s/]+.*"),
        option + " must be an http(s) URL such as http://localhost:11434/v1, got " + url);
  }

  /**
   * --out, or ./repotune-eval/ and the dataset's folder name; never in the dataset, and never a folder
   * holding files eval did not write (it replaces only its own two files).
   */
  private Path outDir(String name) throws IOException {
    Path dir = (out != null ? out : Path.of("repotune-eval", name)).toAbsolutePath().normalize();
    OutputGuard.checkApart(dir, List.of(new OutputGuard.Guarded(dataset, "the dataset", true)));
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ExitException(ExitCodes.BAD_INPUT, "--out " + dir + " is a file; choose a folder for eval.json and eval.html");
    }
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        List<String> foreign =
            s.map(p -> p.getFileName().toString()).filter(f -> !WRITTEN.contains(f)).sorted().limit(1).toList();
        if (!foreign.isEmpty()) {
          throw new ExitException(ExitCodes.BAD_INPUT, "--out " + dir + " holds " + foreign.get(0)
              + ", which eval did not write; choose an empty or new folder");
        }
      }
    }
    return dir;
  }

  /** The cache folder as generate finds it (--cache-dir, $REPOTUNE_CACHE, ~/.cache/repotune). */
  private Path cacheFolder() {
    RunnerMixin runner = new RunnerMixin();
    runner.cacheDirOption = cacheDir == null ? null : cacheDir.toString();
    return runner.cacheDir();
  }

  private EvalCalls.Budget budget;

  /** The price table as generate reads it: --price-table, else the built-in one. */
  private PriceTable prices() {
    if (priceTable == null) {
      return PriceTable.defaults();
    }
    try {
      return PriceTable.fromFile(priceTable);
    } catch (IOException e) {
      throw Usage.error("--price-table " + priceTable + ": " + e.getMessage());
    }
  }

  private EvalCalls calls(String label, String option, String url, String modelName, String keyEnv, ResponseCache cache) {
    OpenAiTeacher.Endpoint endpoint = new OpenAiTeacher.Endpoint(url, modelName, keyEnv, Duration.ofSeconds(timeoutSeconds));
    // retries as generate makes them: 5 attempts, backoff from 1 s, a server's Retry-After first
    return new EvalCalls(label, option, endpoint, cache, concurrency, maxTokens, RetryPolicy.defaults(), budget);
  }

  private void report(String label, String modelName, EvalCalls.Answers a) {
    err().printf("repotune: %s (%s): %,d answers asked, %,d from the cache, $%.2f%n", label, modelName, a.fresh(),
        a.cached(), a.usd());
    if (a.overBudget() > 0) {
      err().printf("repotune: warning: %,d questions to %s were not asked: --budget-usd %s was reached; they score 0"
          + " (a rerun with a higher budget asks only those)%n", a.overBudget(), modelName, budgetUsd);
    }
    if (a.failed() > 0) {
      err().printf("repotune: warning: %,d calls to %s failed and are scored as empty answers (first: %s); rerun to retry them%n",
          a.failed(), modelName, a.firstError());
    }
  }

  /** How many of a model's rl answers compiled and passed their tests. */
  private void testLine(String label, String modelName, Map<String, Scored> tested) {
    long compiled = tested.values().stream().filter(s -> s.parts().get("compiles") == 1.0).count();
    long passed = tested.values().stream().filter(s -> s.score() == 1.0).count();
    err().printf("repotune: %s (%s): %,d of %,d rl answers pass their tests (%,d compile)%n", label, modelName, passed,
        tested.size(), compiled);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** One line a task kind, then the overall line: n, the means, the paired difference and its 95% interval. */
  static void table(EvalResult r, PrintWriter out) {
    if (r.compared()) {
      out.printf("%-16s %6s %7s %7s %8s  %s%n", "task", "n", "A", "B", "A-B", "95% interval of A-B");
    } else {
      out.printf("%-16s %6s %7s  %s%n", "task", "n", "A", "95% interval");
    }
    for (KindSummary k : r.kinds()) {
      line(k, r.compared(), out);
    }
    line(r.overall(), r.compared(), out);
  }

  private static void line(KindSummary k, boolean compared, PrintWriter out) {
    if (compared) {
      Interval d = k.difference();
      out.printf(Locale.ROOT, "%-16s %6d %7.3f %7.3f %+8.3f  [%+.3f, %+.3f]%s%n", k.task(), k.n(), k.meanA(), k.meanB(),
          d.estimate(), d.low(), d.high(), d.excludesZero() ? " *" : "");
    } else {
      Interval a = k.intervalA();
      out.printf(Locale.ROOT, "%-16s %6d %7.3f  [%.3f, %.3f]%n", k.task(), k.n(), k.meanA(), a.low(), a.high());
    }
  }
}
