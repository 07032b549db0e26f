package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.DatasetStore;

import dev.repotune.pipeline.RepotuneOptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the dataset goes, and how its rows are split into train and test. */
final class OutputMixin {
  /** Also the value the usage error suggests. */
  private static final String TEST_FRACTION = "0.05";

  @Recorded(config = false, shown = Recorded.Shown.RESUME)
  @Option(names = "--out", description = "Output folder, or an object-store prefix such as s3://bucket/datasets/gson"
      + " (default: ./repotune-out/<repo-name>).")
  String out;

  @Option(names = "--overwrite", description = "Replace an output folder that holds something other than a repotune dataset.")
  boolean overwrite;

  @Recorded
  @Option(names = "--test-fraction", description = "Least share of each task kind's rows in the test split, whole files chosen in hash order (default: ${DEFAULT-VALUE}).", defaultValue = TEST_FRACTION)
  double testFraction;

  @Recorded
  @Option(names = "--seed", description = "Seed for phrasings and the split (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  long seed;

  /** Several repositories make one dataset, which has no name of its own. */
  void checkOneFolder(List<String> sources) {
    Usage.check(sources.size() == 1 || out != null, "several repositories go into one dataset: name its folder with --out");
  }

  void validate() {
    Usage.check(testFraction >= 0 && testFraction < 1,
        "--test-fraction must be at least 0 and below 1, got " + testFraction + " (try " + TEST_FRACTION + ")");
  }

  /** The output folder, absolute: --out, or ./repotune-out/ and the (first) repository's name. */
  Path outDir(String repoName) {
    return (out != null ? Path.of(out) : Path.of("repotune-out", repoName)).toAbsolutePath().normalize();
  }

  /** Whether --out names an object store (or another file system Beam reaches by URL) rather than a folder. */
  boolean remote() {
    return DatasetStore.isRemote(out);
  }

  /** --out as given when it is remote, without a trailing '/'. */
  String remoteOut() {
    return out.replaceAll("/+$", "");
  }

  void applyTo(RepotuneOptions o) {
    o.setTestFraction(testFraction);
    o.setSeed(seed);
  }
}
