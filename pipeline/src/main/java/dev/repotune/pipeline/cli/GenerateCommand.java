package dev.repotune.pipeline.cli;

import dev.repotune.extractors.ExtractionException;
import dev.repotune.extractors.git.RefNotFoundException;
import dev.repotune.extractors.git.RepositoryReader;
import dev.repotune.extractors.git.ResolvedRepository;
import dev.repotune.pipeline.DatasetFolder;
import dev.repotune.pipeline.Progress;
import dev.repotune.pipeline.RepotuneOptions;
import dev.repotune.pipeline.RepotunePipeline;
import dev.repotune.pipeline.stages.AskTeacher;
import dev.repotune.pipeline.stages.ExtractChunks;
import java.io.IOException;
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

  @Option(names = "--teacher", description = "offline (default).", defaultValue = "offline")
  String teacher;

  @Option(
      names = "--tasks",
      split = ",",
      description = "Task kinds (default: all): explain,signature,locate,implement,document,callers,implementers,tests,write-test.")
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
    Path outDir = (out != null ? out : Path.of("repotune-out", repo.name())).toAbsolutePath().normalize();
    DatasetFolder folder = DatasetFolder.prepare(outDir, overwrite);
    for (ResolvedRepository r : repos) {
      err().printf("repotune: %s @ %s (%s)%n", r.url(), r.commit().substring(0, 12), r.ref());
    }

    RepotuneOptions options = options(repo, folder);
    options.setRepos(repos.stream().map(RepotunePipeline::repoEntry).toList());
    options.setExtractCacheDir(cache.resolve("extract").toString());
    PipelineResult result = RepotunePipeline.run(options);
    PipelineResult.State state = Progress.watch(result, err());
    if (state != PipelineResult.State.DONE) {
      throw new ExitException(ExitCodes.RUN_FAILED, "run ended in state " + state + "; nothing was written to " + outDir);
    }
    err().printf(
        "repotune: %,d files parsed, %,d reused from the extraction cache%n",
        Progress.counter(result, ExtractChunks.class, "extracted"),
        Progress.counter(result, ExtractChunks.class, "cache_hits"));
    DatasetFolder.Summary summary =
        folder.finish(
            repos,
            config(),
            commandLine(),
            Duration.between(started, Instant.now()));
    summary.print(out());
    return ExitCodes.OK;
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
    if (!teacher.equals("offline")) {
      throw usage("--teacher " + teacher + " is not available in this build; use --teacher offline");
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
      return reader.resolve();
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

  private RepotuneOptions options(ResolvedRepository repo, DatasetFolder folder) {
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
    o.setWorkDir(folder.workDir().toString());
    Runners.configure(runner, o, beamArgs);
    return o;
  }

  /** The settings that decide the data; they go into the manifest and the dataset card. */
  private java.util.Map<String, Object> config() {
    java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
    c.put("teacher", teacher);
    c.put("tasks", AskTeacher.parseTasks(String.join(",", tasks)).stream().map(t -> t.wireName()).toList());
    c.put("variants", variants);
    c.put("seed", seed);
    c.put("test_fraction", testFraction);
    c.put("max_chunks", maxChunks);
    c.put("max_file_bytes", maxFileBytes);
    c.put("include", include);
    c.put("exclude", exclude);
    c.put("runner", runner);
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
    return b.toString();
  }
}
