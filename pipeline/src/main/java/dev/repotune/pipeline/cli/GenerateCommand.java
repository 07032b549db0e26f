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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code repotune generate <git-url|path>}: the main job. */
@Command(
    name = "generate",
    description = "Turn a git repository into SFT and CPT shards.",
    mixinStandardHelpOptions = true,
    sortOptions = false)
public final class GenerateCommand extends BaseCommand {

  @Parameters(index = "0", paramLabel = "<git-url|path>", description = "https://, file:// or a local path.")
  String source;

  @Parameters(
      index = "1..*",
      paramLabel = "BEAM-OPTIONS",
      description = "Runner options after --, e.g. -- --targetParallelism=4.")
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

  @Option(names = "--runner", description = "direct (default).", defaultValue = "direct")
  String runner;

  @Option(names = "--cache-dir", description = "Clones and caches (default: $REPOTUNE_CACHE or ~/.cache/repotune).")
  Path cacheDirOption;

  @Option(names = "--overwrite", description = "Replace an output folder that holds something other than a repotune dataset.")
  boolean overwrite;

  @Override
  protected int doCall() throws Exception {
    validate();
    Instant started = Instant.now();
    Path cache = cacheDir();
    ResolvedRepository repo = resolve(cache);
    Path outDir = (out != null ? out : Path.of("repotune-out", repo.name())).toAbsolutePath().normalize();
    DatasetFolder folder = DatasetFolder.prepare(outDir, overwrite);

    RepotuneOptions options = options(repo, folder);
    Thread onInterrupt = interruptHook(outDir);
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    err().printf("repotune: %s @ %s (%s)%n", repo.url(), repo.commit().substring(0, 12), repo.ref());
    DatasetFolder.Summary summary;
    try {
      PipelineResult result = RepotunePipeline.run(options);
      PipelineResult.State state = Progress.watch(result, err());
      if (state != PipelineResult.State.DONE) {
        throw new ExitException(ExitCodes.RUN_FAILED, "run ended in state " + state + "; nothing was written to " + outDir);
      }
      summary =
          folder.finish(
              repo,
              config(),
              commandLine(),
              Duration.between(started, Instant.now()));
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook is running
      }
    }
    summary.print(out());
    summary.warnings().forEach(w -> err().println("repotune: warning: " + w));
    return ExitCodes.OK;
  }

  /**
   * Ctrl-C (or a plain kill) while the job runs: say what happened and how to go on, and exit 130. Nothing
   * needs undoing: the job writes only into the hidden work folder, which the next run deletes and starts
   * afresh, so no half-written folder is ever taken for a dataset.
   */
  private Thread interruptHook(Path outDir) {
    java.io.PrintWriter err = err();
    String again = commandLine() + (out != null ? " --out " + out : "") + (cacheDirOption != null ? " --cache-dir " + cacheDirOption : "");
    return new Thread(
        () -> {
          err.println();
          err.println("repotune: interrupted; no dataset was written to " + outDir + "; to resume, run the same command again: " + again);
          err.flush();
          Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        },
        "repotune-interrupt");
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
    if (!runner.equals("direct")) {
      throw usage("--runner " + runner + " is not available in this build; use --runner direct");
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

  private ResolvedRepository resolve(Path cache) throws IOException {
    try (RepositoryReader reader = RepositoryReader.open(source).ref(ref).cacheDir(cache)) {
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
    DirectOptions direct = o.as(DirectOptions.class);
    // Production runs: the immutability and encodability checks re-encode every element (tests keep them).
    direct.setEnforceImmutability(false);
    direct.setEnforceEncodability(false);
    direct.setBlockOnRun(false);
    if (!beamArgs.stream().anyMatch(a -> a.startsWith("--targetParallelism"))) {
      direct.setTargetParallelism(Runtime.getRuntime().availableProcessors());
    }
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
    StringBuilder b = new StringBuilder("repotune generate ").append(RepositoryReader.redactUrl(source));
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
