package dev.repotune.pipeline.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The entry point. Only {@link #main} exits the JVM; {@link #run} is what tests drive. */
public final class Main {
  private Main() {}

  public static void main(String... args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(out, err, args));
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    try {
      return RepotuneCommand.commandLine(out, err).execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
