package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.RepotuneOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the job runs and keeps its clones and caches; Beam's own options go after {@code --}. */
final class RunnerMixin {
  @Recorded(shown = Recorded.Shown.NEVER)
  @Option(
      names = "--runner",
      description = "direct (default), flink (embedded unless -- --flinkMaster=HOST:PORT), spark (local[*] unless -- --sparkMaster=URL), dataflow (build with -Pdataflow).",
      defaultValue = "direct")
  String runner;

  @Recorded(config = false, shown = Recorded.Shown.RESUME)
  @Option(names = "--cache-dir", description = "Clones and caches (default: $REPOTUNE_CACHE or ~/.cache/repotune).")
  Path cacheDirOption;

  void validate() {
    try {
      Runners.check(runner);
    } catch (IllegalArgumentException e) {
      throw Usage.error(e.getMessage());
    }
  }

  /** --cache-dir, else $REPOTUNE_CACHE, else ~/.cache/repotune; created if missing. */
  Path cacheDir() {
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

  /** The runner and its local defaults (flags in {@code beamArgs} win), and the caches under {@code cache}. */
  void applyTo(RepotuneOptions o, List<String> beamArgs, Path cache) {
    o.setResponseCacheDir(cache.resolve("responses").toAbsolutePath().toString());
    o.setExtractCacheDir(cache.resolve("extract").toString());
    o.setRowCacheDir(cache.resolve("rows").toString());
    o.setTokenCacheDir(cache.resolve("tokens").toString());
    o.setCompletionCacheDir(cache.resolve("completion").toString());
    o.setHistoryCacheDir(cache.resolve("history").toString());
    o.setExecCacheDir(cache.resolve("exec").toAbsolutePath().toString());
    Runners.configure(runner, o, beamArgs);
  }
}
