package dev.repotune.pipeline.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command line as a user makes it: its exit code and what it printed on each stream. */
record CliRun(int code, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
