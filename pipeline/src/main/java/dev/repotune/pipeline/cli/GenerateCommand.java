package dev.repotune.pipeline.cli;

import dev.repotune.extractors.ExtractionException;
import dev.repotune.pipeline.stages.BeamCacheStore;
import dev.repotune.extractors.git.RefNotFoundException;
import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.DatasetFolder;
import dev.repotune.pipeline.OutputGuard;
import dev.repotune.pipeline.Progress;
import dev.repotune.pipeline.RepotuneOptions;
import dev.repotune.pipeline.RepotunePipeline;
import dev.repotune.pipeline.stages.AskTeacher;
import dev.repotune.pipeline.stages.Deduplicate;
import dev.repotune.prompts.OpenAiTeacher;
import dev.repotune.prompts.PriceTable;
import dev.repotune.prompts.TeacherAuthException;
import dev.repotune.prompts.TeacherException;
import dev.repotune.pipeline.stages.ExtractChunks;
import dev.repotune.pipeline.stages.SftRows;
import dev.repotune.pipeline.stages.ToCptDocuments;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code repotune generate <git-url|path>...}: the main job, over one repository or several. */
@Command(
    name = "generate",
    description = "Turn git repositories into SFT and CPT shards.",
    mixinStandardHelpOptions = true,
    sortOptions = false)
public final class GenerateCommand extends BaseCommand {

  @Parameters(
      paramLabel = "<git-url|path>[@ref]",
      description = "One or more repositories: https://, file:// or a local path, each optionally @REF."
          + " Runner options go after --, e.g. -- --targetParallelism=4.")
  List<String> positional = new ArrayList<>();

  @Option(names = "--repos", paramLabel = "FILE", description = "More repositories, one URL[@ref] a line (# comments).")
  Path reposFile;

  /** Repositories as given (URL with an optional @ref), then Beam's options (after --). */
  List<String> sources = new ArrayList<>();
  List<String> beamArgs = new ArrayList<>();

  @Option(names = "--ref", description = "Branch, tag or commit (default: HEAD).", defaultValue = "HEAD")
  String ref;

  @Option(names = "--out", description = "Output folder (default: ./repotune-out/<repo-name>).")
  Path out;

  @Option(names = "--teacher", description = "offline (default) or openai: any OpenAI-compatible endpoint.", defaultValue = "offline")
  String teacher;

  @Option(names = "--base-url", description = "OpenAI-compatible API base, with /v1 (default: ${DEFAULT-VALUE}).", defaultValue = "https://api.openai.com/v1")
  String baseUrl;

  @Option(names = "--model", description = "Teacher model (default: ${DEFAULT-VALUE}).", defaultValue = "gpt-4o-mini")
  String model;

  @Option(names = "--api-key-env", description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}); not needed for a local server.", defaultValue = "OPENAI_API_KEY")
  String apiKeyEnv;

  @Option(names = "--concurrency", description = "Teacher calls in flight at once (default: ${DEFAULT-VALUE}).", defaultValue = "8")
  int concurrency;

  @Option(names = "--budget-usd", description = "Make no new call once this many US dollars would be spent; 0 = no limit (default).", defaultValue = "0")
  double budgetUsd;

  @Option(names = "--pairs", description = "Question/answer pairs asked per chunk (default: ${DEFAULT-VALUE}).", defaultValue = "3")
  int pairs;

  @Option(names = "--max-tokens", description = "Token cap of one teacher reply (default: ${DEFAULT-VALUE}).", defaultValue = "1500")
  int maxTokens;

  @Option(names = "--timeout", description = "Seconds to wait for one reply before retrying (default: ${DEFAULT-VALUE}).", defaultValue = "120")
  int timeoutSeconds;

  @Option(names = "--max-failed-share", description = "Exit 1 (after writing) when more than this share of teacher calls failed (default: ${DEFAULT-VALUE}).", defaultValue = "0.2")
  double maxFailedShare;

  @Option(names = "--price-table", description = "File of 'model = input output' USD per million tokens (default: built in).")
  Path priceTable;

  @Option(names = "--dry-run", description = "Render every prompt and print the estimated calls, tokens and cost; call nothing, write no dataset.")
  boolean dryRun;

  @Option(
      names = "--tasks",
      split = ",",
      description = "Task kinds: explain,signature,locate,implement,document,callers,implementers,tests,write-test (default: all offline; explain alone with --teacher openai, which has no template for signature, locate, implementers).")
  List<String> tasks = new ArrayList<>();

  @Option(names = "--variants", description = "Differently worded questions per fact (default: ${DEFAULT-VALUE}).", defaultValue = "3")
  int variants;

  @Option(names = "--include", description = "Glob of paths to keep; repeatable.")
  List<String> include = new ArrayList<>();

  @Option(names = "--exclude", description = "Glob of paths to skip; repeatable.")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--max-file-bytes", description = "Skip larger files (default: ${DEFAULT-VALUE}).", defaultValue = "1048576")
  long maxFileBytes;

  @Option(names = "--max-chunks", description = "Ask about at most N chunks, 0 = all (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  int maxChunks;

  @Option(names = "--test-fraction", description = "Share of files in the test split (default: ${DEFAULT-VALUE}).", defaultValue = "0.05")
  double testFraction;

  @Option(names = "--seed", description = "Seed for phrasings and the split (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  long seed;

  @Option(names = "--language", description = "en drops questions that are not English; any keeps all (default: ${DEFAULT-VALUE}).", defaultValue = "any")
  String language;

  @Option(names = "--keep-trivial-code", description = "Keep questions about getters, setters and one-statement toString/equals/hashCode.")
  boolean keepTrivialCode;

  @Option(names = "--keep-emails", description = "Keep e-mail addresses (by default they become <REDACTED:email>; secrets and public IPs are always redacted).")
  boolean keepEmails;

  @Option(
      names = "--runner",
      description = "direct (default), flink (embedded unless -- --flinkMaster=HOST:PORT), spark (local[*] unless -- --sparkMaster=URL), dataflow (build with -Pdataflow).",
      defaultValue = "direct")
  String runner;

  @Option(names = "--cache-dir", description = "Clones and caches (default: $REPOTUNE_CACHE or ~/.cache/repotune).")
  Path cacheDirOption;

  @Option(names = "--overwrite", description = "Replace an output folder that holds something other than a repotune dataset.")
  boolean overwrite;

  @Override
  protected int doCall() throws Exception {
    readSources();
    validate();
    if (isLlm() && !dryRun) {
      preflight();
    }
    Instant started = Instant.now();
    Path cache = cacheDir();
    List<ResolvedRepository> repos = new ArrayList<>();
    for (String s : sources) {
      ResolvedRepository r = resolve(s, cache);
      if (repos.stream().anyMatch(other -> other.name().equals(r.name()))) {
        throw usage("two repositories are both named " + r.name() + "; rows are told apart by name, so give one of them once");
      }
      repos.add(r);
    }
    ResolvedRepository repo = repos.get(0);
    if (dryRun) {
      return dryRun(repos, cache);
    }
    Path outDir = (out != null ? out : Path.of("repotune-out", repo.name())).toAbsolutePath().normalize();
    DatasetFolder folder = DatasetFolder.prepare(outDir, overwrite, guarded(repos, cache));
    DatasetFolder.Summary summary;
    PipelineResult result;
    Thread onInterrupt = interruptHook(outDir, folder);
    try {
      RepotuneOptions options = options(repos, folder.workDir(), cache);
      Runtime.getRuntime().addShutdownHook(onInterrupt);
      for (ResolvedRepository r : repos) {
        err().printf("repotune: %s @ %s (%s)%n", r.url(), r.commit().substring(0, 12), r.ref());
      }
      result = RepotunePipeline.run(options);
      PipelineResult.State state = Progress.watch(result, err(), progressMode());
      if (state != PipelineResult.State.DONE) {
        throw new ExitException(ExitCodes.RUN_FAILED, "run ended in state " + state + "; nothing was written to " + outDir);
      }
      summary =
          folder.finish(
              repos,
              config(),
              commandLine(),
              Duration.between(started, Instant.now()));
    } finally {
      folder.abandon(); // a no-op once finished; on any failure the work folder goes and the lock is let go
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException | IllegalArgumentException e) {
        // the JVM is already shutting down (the hook is running), or the hook was never added
      }
    }
    summary.print(out());
    summary.warnings().forEach(w -> err().println("repotune: warning: " + w));
    long damaged = Progress.counter(result, BeamCacheStore.class, BeamCacheStore.DAMAGED);
    if (damaged > 0 || verbose()) {
      err().printf(
          "repotune: %s%,d damaged cache entries ignored (their content was made again)%n",
          damaged > 0 ? "warning: " : "", damaged);
    }
    if (verbose()) {
      err().printf(
          "repotune: %,d files parsed, %,d reused from the extraction cache%n",
          Progress.counter(result, ExtractChunks.class, "extracted"),
          Progress.counter(result, ExtractChunks.class, "cache_hits"));
      err().printf(
          "repotune: %,d chunks' rows replayed from the row cache%n", Progress.counter(result, SftRows.class, "reused"));
      err().printf(
          "repotune: %,d CPT documents' token counts reused from the token cache%n",
          Progress.counter(result, ToCptDocuments.class, "reused"));
      err().printf("repotune: dedup took %,d ms (signatures and clustering, summed over threads)%n", Deduplicate.millis(result));
    }
    if (summary.failedCallShare() > maxFailedShare) {
      err().printf(
          "repotune: %,d teacher calls failed (%.0f%% of all, more than --max-failed-share %s); the dataset was written to %s, the errors are in failed/; rerun to retry them (answered calls are cached)%n",
          summary.failedCalls(), 100 * summary.failedCallShare(), maxFailedShare, outDir);
      return ExitCodes.RUN_FAILED;
    }
    return ExitCodes.OK;
  }

  /**
   * Ctrl-C (or a plain kill) while the job runs: say what happened and how to go on, and exit 130. Nothing
   * needs undoing: the job writes only into the hidden work folder, which the next run deletes and starts
   * afresh, so no half-written folder is ever taken for a dataset. A library can also stop the JVM
   * (Spark's executor exits the process when a task runs out of memory); that is not an interrupt, so it
   * gets its own line and keeps its exit code.
   */
  private Thread interruptHook(Path outDir, DatasetFolder folder) {
    java.io.PrintWriter err = err();
    String again = commandLine() + (out != null ? " --out " + out : "") + (cacheDirOption != null ? " --cache-dir " + cacheDirOption : "");
    Signals.watch();
    return new Thread(
        () -> {
          err.println();
          if (!Signals.received()) {
            err.println(
                "repotune: the job stopped the JVM before it finished (with --runner spark this is usually a task"
                    + " out of memory: give Java more with REPOTUNE_JAVA_OPTS=-Xmx8g); no dataset was written to " + outDir);
            err.flush();
            return;
          }
          err.println("repotune: interrupted; no dataset was written to " + outDir + "; to resume, run the same command again: " + again);
          err.flush();
          try {
            folder.abandon(); // what was computed is in the cache; the half-written folder is of no use
          } finally {
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
          }
        },
        "repotune-interrupt");
  }

  /** Notes whether SIGINT or SIGTERM arrived, so the shutdown hook can tell an interrupt from an exit. */
  static final class Signals {
    private static volatile boolean received;
    private static boolean watching;

    static synchronized void watch() {
      if (watching) {
        return;
      }
      watching = true;
      for (String name : new String[] {"INT", "TERM"}) {
        try {
          sun.misc.Signal.handle(
              new sun.misc.Signal(name),
              signal -> {
                received = true;
                // what the JVM's own handler does: run the shutdown hooks and exit 128 + signal number
                new Thread(() -> System.exit(128 + signal.getNumber()), "repotune-signal").start();
              });
        } catch (IllegalArgumentException e) {
          received = true; // a JVM that will not hand over the signal (-Xrs): treat every stop as one
        }
      }
    }

    static boolean received() {
      return received;
    }
  }

  /** Splits the positional words into repositories and Beam options, and adds {@code --repos}' lines. */
  private void readSources() {
    for (String p : positional) {
      (p.startsWith("-") ? beamArgs : sources).add(p);
    }
    if (reposFile != null) {
      try {
        for (String line : Files.readAllLines(reposFile)) {
          String t = line.strip();
          if (!t.isEmpty() && !t.startsWith("#")) {
            sources.add(t);
          }
        }
      } catch (IOException e) {
        throw new ExitException(ExitCodes.BAD_INPUT, "cannot read --repos " + reposFile + " (" + e.getMessage() + ")");
      }
    }
    if (sources.isEmpty()) {
      throw usage("name a repository to read: repotune generate <git-url|path> (or --repos FILE)");
    }
    if (sources.size() > 1 && out == null) {
      throw usage("several repositories go into one dataset: name its folder with --out");
    }
  }

  private void validate() {
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw usage("--test-fraction must be at least 0 and below 1, got " + testFraction + " (try 0.05)");
    }
    if (variants < 1 || variants > 10) {
      throw usage("--variants must be between 1 and 10, got " + variants);
    }
    if (maxChunks < 0) {
      throw usage("--max-chunks must be 0 (all) or more, got " + maxChunks);
    }
    if (maxFileBytes < 1) {
      throw usage("--max-file-bytes must be positive, got " + maxFileBytes);
    }
    if (!teacher.equals("offline") && !teacher.equals("openai")) {
      throw usage("--teacher must be offline or openai, got " + teacher);
    }
    if (concurrency < 1 || concurrency > 256) {
      throw usage("--concurrency must be between 1 and 256, got " + concurrency);
    }
    if (!(budgetUsd >= 0)) {
      throw usage("--budget-usd must be 0 (no limit) or more, got " + budgetUsd);
    }
    if (pairs < 1 || pairs > 10) {
      throw usage("--pairs must be between 1 and 10, got " + pairs);
    }
    if (!(maxFailedShare >= 0 && maxFailedShare <= 1)) {
      throw usage("--max-failed-share must be between 0 and 1, got " + maxFailedShare + " (try 0.2)");
    }
    if (maxTokens < 64) {
      throw usage("--max-tokens must be at least 64, got " + maxTokens);
    }
    if (timeoutSeconds < 1) {
      throw usage("--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    if (!baseUrl.matches("(?i)https?://[^\\s/]+.*")) {
      throw usage("--base-url must be an http(s) URL such as http://localhost:11434/v1, got " + baseUrl);
    }
    if (apiKeyEnv.isBlank() || !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw usage("--api-key-env names an environment variable (e.g. OPENAI_API_KEY), not a key");
    }
    if (priceTable != null) {
      try {
        PriceTable.fromFile(priceTable);
      } catch (IOException | IllegalArgumentException e) {
        throw usage("--price-table " + priceTable + ": " + e.getMessage());
      }
    }
    if (!language.equals("en") && !language.equals("any")) {
      throw usage("--language must be en or any, got " + language);
    }
    try {
      Runners.check(runner);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    try {
      AskTeacher.parseTasks(String.join(",", tasks));
    } catch (IllegalArgumentException e) {
      throw usage("unknown task in --tasks " + String.join(",", tasks)
          + " (known: explain, signature, locate, implement, document, callers, implementers, tests, write-test)");
    }
    if (isLlm()) {
      try {
        AskTeacher.parseLlmTasks(String.join(",", tasks));
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
  }

  private boolean isLlm() {
    return teacher.equals("openai");
  }

  private OpenAiTeacher.Endpoint endpoint() {
    return new OpenAiTeacher.Endpoint(baseUrl, model, apiKeyEnv, Duration.ofSeconds(timeoutSeconds));
  }

  /**
   * One cheap request before any work is spent: a refused key or an endpoint nobody answers stops the run
   * here with exit code 4 and one line, instead of turning every chunk into a Failed row.
   */
  private void preflight() {
    OpenAiTeacher t = OpenAiTeacher.connect(endpoint(), System::getenv);
    String where = RepositoryReader.redactUrl(baseUrl);
    try {
      t.preflight();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    } catch (TeacherAuthException e) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE,
          "the teacher at " + where + " refused the request (" + e.getMessage().replace(baseUrl, where)
              + "); check $" + apiKeyEnv, e);
    } catch (dev.repotune.prompts.TeacherReplyException e) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE,
          "the server at " + where + " is " + e.getMessage().replace(baseUrl, where)
              + "; point --base-url at an OpenAI-compatible server", e);
    } catch (TeacherException e) {
      throw new ExitException(ExitCodes.TEACHER_UNAVAILABLE,
          "cannot reach the teacher at " + where + " (" + e.getMessage().replace(baseUrl, where)
              + "); start the server or fix --base-url", e);
    }
    PriceTable prices = prices();
    if (budgetUsd > 0 && !prices.knows(model)) {
      err().printf("repotune: model %s is not in the price table, so --budget-usd cannot limit it; pass --price-table%n", model);
    }
  }

  private PriceTable prices() {
    try {
      return priceTable == null ? PriceTable.defaults() : PriceTable.fromFile(priceTable);
    } catch (IOException e) {
      throw usage("--price-table " + priceTable + ": " + e.getMessage());
    }
  }

  /** Runs the job up to AskTeacher's cache lookup, prints what the calls would be, and writes nothing. */
  private int dryRun(List<ResolvedRepository> repos, Path cache) throws IOException {
    Path work = Files.createTempDirectory("repotune-dry-run");
    try {
      RepotuneOptions options = options(repos, work, cache);
      PipelineResult result = RepotunePipeline.run(options);
      PipelineResult.State state = Progress.watch(result, err(), progressMode(), Progress.DRY_RUN_STAGES);
      if (state != PipelineResult.State.DONE) {
        throw new ExitException(ExitCodes.RUN_FAILED, "dry run ended in state " + state);
      }
      java.util.Map<String, Long> e = new java.util.TreeMap<>();
      Path estimate = work.resolve(RepotunePipeline.ESTIMATE_FILE);
      if (Files.exists(estimate)) {
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(estimate.toFile())
            .fields().forEachRemaining(f -> e.put(f.getKey(), f.getValue().asLong()));
      }
      long fresh = e.getOrDefault("estimate.calls.fresh", 0L);
      long cached = e.getOrDefault("estimate.calls.cached", 0L);
      PrintWriter o = out();
      o.printf("Dry run: nothing was called and no dataset was written.%n");
      if (!isLlm()) {
        o.printf("  teacher  offline: 0 calls, $0.00%n");
        return ExitCodes.OK;
      }
      o.printf("  prompts  %,d rendered: %,d already cached, %,d to call%n", fresh + cached, cached, fresh);
      for (dev.repotune.prompts.TaskKind k : AskTeacher.parseLlmTasks(String.join(",", tasks))) {
        String t = k.wireName();
        o.printf("    %-10s template %s: %,d already cached, %,d to call%n", t, dev.repotune.prompts.QaPrompt.load(k).version(),
            e.getOrDefault("estimate.tasks." + t + ".cached", 0L), e.getOrDefault("estimate.tasks." + t + ".fresh", 0L));
      }
      o.printf("  tokens   %,d in, at most %,d out (--max-tokens %d per call)%n",
          e.getOrDefault("estimate.tokens.in", 0L), e.getOrDefault("estimate.tokens.out_max", 0L), maxTokens);
      if (prices().knows(model)) {
        o.printf("  cost     at most $%.4f with %s%s%n", e.getOrDefault("estimate.cost_microusd_max", 0L) / 1e6, model,
            budgetUsd > 0 ? String.format(" (--budget-usd %.2f)", budgetUsd) : "");
      } else {
        o.printf("  cost     unknown: %s is not in the price table (a local model costs nothing; else pass --price-table)%n", model);
      }
      return ExitCodes.OK;
    } finally {
      DatasetFolder.deleteRecursively(work);
    }
  }

  /**
   * The folders no --out may be, hold or (the first ones) lie in: each repository read (its path as given
   * and its git folder), the cache; and the home folder, the current folder and the root, which an
   * --out may lie in but never be or hold.
   */
  private List<OutputGuard.Guarded> guarded(List<ResolvedRepository> repos, Path cache) {
    List<OutputGuard.Guarded> g = new ArrayList<>();
    for (String s : sources) {
      Path local = RepositoryReader.localPathOf(splitRef(s, ref)[0]);
      if (local != null) {
        g.add(new OutputGuard.Guarded(local, "the repository being read", true));
      }
    }
    for (ResolvedRepository r : repos) {
      Path gitDir = r.gitDir().toAbsolutePath().normalize();
      boolean workTree = gitDir.getFileName() != null && gitDir.getFileName().toString().equals(".git");
      g.add(new OutputGuard.Guarded(workTree ? gitDir.getParent() : gitDir, "the repository being read", true));
    }
    g.add(new OutputGuard.Guarded(cache.toAbsolutePath().normalize(), "the cache", true));
    g.add(new OutputGuard.Guarded(Path.of(System.getProperty("user.home")), "your home folder", false));
    g.add(new OutputGuard.Guarded(Path.of("").toAbsolutePath(), "the current folder", false));
    g.add(new OutputGuard.Guarded(Path.of("/").toAbsolutePath().getRoot(), "the file system root", false));
    return g;
  }

  private static ExitException usage(String line) {
    return new ExitException(ExitCodes.USAGE, line);
  }

  /** {@code URL@REF}: a ref after the last '/' (an '@' before it is a user, as in git@host:org/repo). */
  static String[] splitRef(String source, String defaultRef) {
    int at = source.lastIndexOf('@');
    if (at > source.lastIndexOf('/') && at > 0 && at < source.length() - 1) {
      return new String[] {source.substring(0, at), source.substring(at + 1)};
    }
    return new String[] {source, defaultRef};
  }

  private ResolvedRepository resolve(String source, Path cache) throws IOException {
    String[] urlAndRef = splitRef(source, ref);
    try (RepositoryReader reader = RepositoryReader.open(urlAndRef[0]).ref(urlAndRef[1]).cacheDir(cache)) {
      ResolvedRepository resolved = reader.resolve();
      reader.warnings().forEach(w -> err().println("repotune: warning: " + w));
      return resolved;
    } catch (RefNotFoundException e) {
      throw new ExitException(ExitCodes.BAD_INPUT, e.getMessage(), e);
    } catch (ExtractionException e) {
      throw new ExitException(ExitCodes.BAD_INPUT, e.getMessage(), e);
    }
  }

  private Path cacheDir() {
    String env = System.getenv("REPOTUNE_CACHE");
    Path dir =
        cacheDirOption != null
            ? cacheDirOption
            : env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache", "repotune");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ExitException(
          ExitCodes.BAD_INPUT,
          "cannot create the cache folder " + dir + " (" + e.getMessage() + "); set REPOTUNE_CACHE to a writable folder");
    }
    return dir;
  }

  private RepotuneOptions options(List<ResolvedRepository> repos, Path workDir, Path cache) {
    ResolvedRepository repo = repos.get(0);
    RepotuneOptions o = PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).withValidation().as(RepotuneOptions.class);
    o.setJobName("repotune-" + repo.name().replaceAll("[^A-Za-z0-9-]", "-").toLowerCase());
    o.setRepoName(repo.name());
    o.setRepoUrl(repo.url());
    o.setGitDir(repo.gitDir().toString());
    o.setRef(repo.ref());
    o.setCommit(repo.commit());
    o.setInclude(include);
    o.setExclude(exclude);
    o.setMaxFileBytes(maxFileBytes);
    o.setTasks(String.join(",", tasks));
    o.setVariants(variants);
    o.setSeed(seed);
    o.setTestFraction(testFraction);
    o.setMaxChunks(maxChunks);
    o.setWorkDir(workDir.toString());
    o.setTeacher(teacher);
    o.setBaseUrl(baseUrl);
    o.setModel(model);
    o.setApiKeyEnv(apiKeyEnv);
    o.setConcurrency(concurrency);
    o.setBudgetUsd(budgetUsd);
    o.setPriceTable(priceTable == null ? null : priceTable.toAbsolutePath().toString());
    o.setPairsPerChunk(pairs);
    o.setMaxTokens(maxTokens);
    o.setTimeoutSeconds(timeoutSeconds);
    o.setResponseCacheDir(cache.resolve("responses").toAbsolutePath().toString());
    o.setDryRun(dryRun);
    o.setLanguage(language);
    o.setKeepTrivialCode(keepTrivialCode);
    o.setKeepEmails(keepEmails);
    o.setRepos(repos.stream().map(RepotunePipeline::repoEntry).toList());
    o.setExtractCacheDir(cache.resolve("extract").toString());
    o.setRowCacheDir(cache.resolve("rows").toString());
    o.setTokenCacheDir(cache.resolve("tokens").toString());
    Runners.configure(runner, o, beamArgs);
    return o;
  }

  /** The settings that decide the data; they go into the manifest and the dataset card. */
  private java.util.Map<String, Object> config() {
    java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
    c.put("teacher", teacher);
    c.put("tasks", (isLlm() ? AskTeacher.parseLlmTasks(String.join(",", tasks)) : AskTeacher.parseTasks(String.join(",", tasks)))
        .stream().map(t -> t.wireName()).toList());
    c.put("variants", variants);
    c.put("seed", seed);
    c.put("test_fraction", testFraction);
    c.put("max_chunks", maxChunks);
    c.put("max_file_bytes", maxFileBytes);
    c.put("include", include);
    c.put("exclude", exclude);
    c.put("language", language);
    c.put("keep_trivial_code", keepTrivialCode);
    c.put("keep_emails", keepEmails);
    c.put("runner", runner);
    if (isLlm()) {
      c.put("base_url", RepositoryReader.redactUrl(baseUrl));
      c.put("model", model);
      c.put("api_key_env", apiKeyEnv);
      c.put("pairs", pairs);
      c.put("max_tokens", maxTokens);
      c.put("concurrency", concurrency);
      c.put("budget_usd", budgetUsd);
    }
    return c;
  }

  /** The command as a user would retype it, without credentials. */
  private String commandLine() {
    StringBuilder b = new StringBuilder("repotune generate");
    for (String s : positional) {
      if (!s.startsWith("-")) b.append(' ').append(RepositoryReader.redactUrl(s));
    }
    if (reposFile != null) b.append(" --repos ").append(reposFile);
    if (!ref.equals("HEAD")) b.append(" --ref ").append(ref);
    if (!tasks.isEmpty()) b.append(" --tasks ").append(String.join(",", tasks));
    if (variants != 3) b.append(" --variants ").append(variants);
    include.forEach(g -> b.append(" --include '").append(g).append('\''));
    exclude.forEach(g -> b.append(" --exclude '").append(g).append('\''));
    if (maxChunks != 0) b.append(" --max-chunks ").append(maxChunks);
    if (testFraction != 0.05) b.append(" --test-fraction ").append(testFraction);
    if (seed != 0) b.append(" --seed ").append(seed);
    if (isLlm()) {
      b.append(" --teacher openai --base-url ").append(RepositoryReader.redactUrl(baseUrl)).append(" --model ").append(model);
      if (!apiKeyEnv.equals("OPENAI_API_KEY")) b.append(" --api-key-env ").append(apiKeyEnv);
      if (pairs != 3) b.append(" --pairs ").append(pairs);
      if (concurrency != 8) b.append(" --concurrency ").append(concurrency);
      if (budgetUsd != 0) b.append(" --budget-usd ").append(budgetUsd);
      if (maxFailedShare != 0.2) b.append(" --max-failed-share ").append(maxFailedShare);
    }
    if (!language.equals("any")) b.append(" --language ").append(language);
    if (keepTrivialCode) b.append(" --keep-trivial-code");
    if (keepEmails) b.append(" --keep-emails");
    return b.toString();
  }
}
