package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.DatasetFolder;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Ctrl-C (or a plain kill) while the job runs: say what happened and how to go on, and exit 130. Nothing
 * needs undoing: the job writes only into the hidden work folder, which the next run deletes and starts
 * afresh, so no half-written folder is ever taken for a dataset. A library can also stop the JVM
 * (Spark's executor exits the process when a task runs out of memory); that is not an interrupt, so it
 * gets its own line and keeps its exit code.
 */
final class InterruptHook {
  private final Thread hook;

  /** Starts watching for signals; {@code again} is the command that resumes the run. */
  InterruptHook(PrintWriter err, String outDir, String again, DatasetFolder folder) {
    Signals.watch();
    hook = new Thread(
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

  void add() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  void remove() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // the JVM is already shutting down (the hook is running), or the hook was never added
    }
  }
}
