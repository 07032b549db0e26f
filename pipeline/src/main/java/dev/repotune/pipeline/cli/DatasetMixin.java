package dev.repotune.pipeline.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/** The dataset a reading command ({@code validate}, {@code inspect}) takes: a folder, or an object store's location and how to reach it. */
final class DatasetMixin {
  @Parameters(index = "0", paramLabel = "<out-dir>",
      description = "A folder written by generate, or its s3://, gs:// or hdfs:// location.")
  String location;

  @Parameters(index = "1..*", paramLabel = "BEAM-OPTIONS",
      description = "After --: how to reach an object store (--awsRegion, --endpoint, --awsCredentialsProvider).")
  List<String> beamArgs = new ArrayList<>();

  /** The dataset as a local folder: this one, or a temporary copy of the object store's. */
  DatasetDownload open() {
    return DatasetDownload.of(location, beamArgs);
  }
}
