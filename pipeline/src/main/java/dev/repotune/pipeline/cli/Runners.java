package dev.repotune.pipeline.cli;

import java.util.List;
import java.util.Locale;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * {@code --runner}: which engine runs the job, and the defaults that make each one use this machine
 * well when the user gives no cluster. Flags after {@code --} always win over these defaults.
 */
final class Runners {
  static final List<String> NAMES = List.of("direct", "flink", "spark", "dataflow");
  private static final String DATAFLOW = "org.apache.beam.runners.dataflow.DataflowRunner";

  private Runners() {}

  /** Refuses an unknown name, or Dataflow in a build without it (it is an opt-in Maven profile). */
  static void check(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "--runner " + name + " is not one of " + String.join(", ", NAMES) + " (try --runner direct)");
    }
    if (name.equals("dataflow") && dataflowRunner() == null) {
      throw new IllegalArgumentException(
          "--runner dataflow is not in this build; rebuild with 'mvn -B -Pdataflow -DskipTests package' (see docs/runners.md)");
    }
  }

  /** Sets the runner class and its local defaults; {@code beamArgs} are the user's flags after {@code --}. */
  static void configure(String name, PipelineOptions o, List<String> beamArgs) {
    int cores = Runtime.getRuntime().availableProcessors();
    switch (name) {
      case "direct" -> {
        o.setRunner(DirectRunner.class);
        DirectOptions direct = o.as(DirectOptions.class);
        // Production runs: the immutability and encodability checks re-encode every element (tests keep them).
        direct.setEnforceImmutability(false);
        direct.setEnforceEncodability(false);
        direct.setBlockOnRun(false);
        if (!given(beamArgs, "targetParallelism")) {
          direct.setTargetParallelism(cores);
        }
      }
      case "flink" -> {
        o.setRunner(FlinkRunner.class);
        FlinkPipelineOptions flink = o.as(FlinkPipelineOptions.class);
        // "[auto]" (Flink's default) starts an embedded mini cluster when no --flinkMaster is given.
        if (!given(beamArgs, "parallelism")) {
          flink.setParallelism(cores);
        }
      }
      case "spark" -> {
        o.setRunner(SparkRunner.class);
        SparkPipelineOptions spark = o.as(SparkPipelineOptions.class);
        if (!given(beamArgs, "sparkMaster")) {
          spark.setSparkMaster("local[*]");
          // Spark caches each collection that two steps read; on one machine the heap is for the job's
          // own steps (the JDK's dedup needs most of a 2 GB heap), so the cache goes to local disk.
          if (!given(beamArgs, "storageLevel")) {
            spark.setStorageLevel("DISK_ONLY");
          }
        }
      }
      case "dataflow" -> o.setRunner(dataflowRunner());
      default -> throw new IllegalArgumentException("unknown runner " + name);
    }
  }

  private static boolean given(List<String> beamArgs, String option) {
    String flag = "--" + option.toLowerCase(Locale.ROOT);
    return beamArgs.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).startsWith(flag));
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends PipelineRunner<?>> dataflowRunner() {
    try {
      return (Class<? extends PipelineRunner<?>>) Class.forName(DATAFLOW);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
