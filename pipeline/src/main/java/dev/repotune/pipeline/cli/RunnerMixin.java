package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.DatasetStore;

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
  @Option(names = "--cache-dir", description = "Clones and caches (default: $REPOTUNE_CACHE or ~/.cache/repotune);"
      + " an object-store prefix (s3://bucket/cache) holds the caches, and the clones stay in the local default.")
  String cacheDirOption;

  void validate() {
    try {
      Runners.check(runner);
    } catch (IllegalArgumentException e) {
      throw Usage.error(e.getMessage());
    }
  }

  /**
   * Where the caches the job reads and writes through FileSystems live: --cache-dir as given when it is an
   * object store, else the local {@link #cacheDir()}.
   */
  String cacheLocation() {
    return DatasetStore.isRemote(cacheDirOption) ? cacheDirOption.replaceAll("/+$", "") : cacheDir().toString();
  }

  /**
   * The local cache (clones, built copies): --cache-dir unless it is an object store, else $REPOTUNE_CACHE,
   * else ~/.cache/repotune; created if missing.
   */
  Path cacheDir() {
    String env = System.getenv("REPOTUNE_CACHE");
    Path dir =
        cacheDirOption != null && !DatasetStore.isRemote(cacheDirOption)
            ? Path.of(cacheDirOption)
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
    String shared = DatasetStore.isRemote(cacheDirOption) ? cacheLocation() : cache.toAbsolutePath().toString();
    o.setResponseCacheDir(shared + "/responses");
    o.setExtractCacheDir(shared + "/extract");
    o.setRowCacheDir(shared + "/rows");
    o.setTokenCacheDir(shared + "/tokens");
    o.setCompletionCacheDir(shared + "/completion");
    o.setHistoryCacheDir(shared + "/history");
    o.setExecCacheDir(cache.resolve("exec").toAbsolutePath().toString());
    Runners.configure(runner, o, beamArgs);
    dev.repotune.pipeline.ObjectStores.configure(o, beamArgs);
  }
}
