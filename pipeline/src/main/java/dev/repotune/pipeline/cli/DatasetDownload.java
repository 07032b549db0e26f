package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.DatasetFolder;
import dev.repotune.pipeline.DatasetStore;
import dev.repotune.pipeline.ObjectStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The dataset {@code validate} and {@code inspect} read: a local folder as it is, or one that generate
 * wrote to an object store ({@code s3://}, {@code gs://}, {@code hdfs://}) copied into a temporary folder
 * of the command's own, deleted when it closes. Both commands read every shard whole, Parquet by seeking
 * and JSONL twice, so one pass over the bytes to a local copy is cheaper and simpler than a second way of
 * reading each format. The copy is made only of a finished dataset: a prefix without its manifest is
 * refused before anything is fetched.
 */
final class DatasetDownload implements AutoCloseable {
  private final Path dir;
  private final boolean temporary;

  private DatasetDownload(Path dir, boolean temporary) {
    this.dir = dir;
    this.temporary = temporary;
  }

  /**
   * {@code location} as a local folder; {@code beamArgs} (the words after {@code --}) say how to reach
   * an object store ({@code --awsRegion}, {@code --endpoint}, {@code --awsCredentialsProvider}).
   */
  static DatasetDownload of(String location, List<String> beamArgs) {
    if (!DatasetStore.isRemote(location)) {
      if (!beamArgs.isEmpty()) {
        throw new ExitException(ExitCodes.USAGE, "the options after -- (" + String.join(" ", beamArgs)
            + ") are for a dataset in an object store; " + location + " is a local folder");
      }
      return new DatasetDownload(Path.of(location.startsWith("file://") ? location.substring(7) : location), false);
    }
    PipelineOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).create();
    } catch (IllegalArgumentException e) {
      throw new ExitException(ExitCodes.USAGE, RepotuneCommand.oneLine(e));
    }
    ObjectStores.configure(options, beamArgs);
    FileSystems.setDefaultPipelineOptions(options);
    DatasetStore store = new DatasetStore(location);
    Path dir = null;
    try {
      if (!store.exists("manifest.json")) {
        throw new ExitException(ExitCodes.BAD_INPUT, location
            + " has no manifest.json: it is not a finished dataset (the run did not complete); run generate again");
      }
      dir = Files.createTempDirectory("repotune-dataset-");
      for (DatasetStore.Entry e : store.list("")) {
        Path target = dir.resolve(e.path()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("the object " + e.path() + " names a place outside the dataset");
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = store.open(e.path())) {
          Files.copy(in, target);
        }
      }
      return new DatasetDownload(dir, true);
    } catch (IOException | RuntimeException e) {
      if (dir != null) {
        try {
          DatasetFolder.deleteRecursively(dir);
        } catch (IOException ignored) {
          // the temporary folder is left for the system to clear
        }
      }
      if (e instanceof ExitException x) {
        throw x;
      }
      throw new ExitException(ExitCodes.BAD_INPUT, "cannot read " + location + " (" + RepotuneCommand.oneLine(e)
          + "); check the options after -- that reach it (--awsRegion, --endpoint, credentials)");
    }
  }

  /** The local folder to read. */
  Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    if (temporary) {
      DatasetFolder.deleteRecursively(dir);
    }
  }
}
