package dev.repotune.pipeline.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The entry point. Only {@link #main} exits the JVM; {@link #run} is what tests drive. */
public final class Main {
  private Main() {}

  /**
   * Beam, JGit and Hadoop log through SLF4J to java.util.logging; a user wants repotune's own lines, so
   * their INFO chatter shows only under --verbose.
   */
  static void quietLogging(boolean verbose) {
    Logger root = Logger.getLogger("");
    Level level = verbose ? Level.INFO : Level.SEVERE;
    root.setLevel(level);
    for (Handler h : root.getHandlers()) {
      h.setLevel(level);
    }
  }

  public static void main(String... args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    if (!Arrays.asList(args).contains("--verbose") && !Arrays.asList(args).contains("-v")) {
      NoStackTraces filtered = new NoStackTraces(new java.io.FileOutputStream(java.io.FileDescriptor.err));
      System.setErr(new java.io.PrintStream(filtered, true, StandardCharsets.UTF_8));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          filtered.close();
        } catch (java.io.IOException e) {
          // stderr is gone
        }
      }, "repotune-stderr"));
    }
    System.exit(run(out, err, args));
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    quietLogging(Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v"));
    try {
      return RepotuneCommand.commandLine(out, err).execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
