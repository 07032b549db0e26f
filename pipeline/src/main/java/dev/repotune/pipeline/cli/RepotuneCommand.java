package dev.repotune.pipeline.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: only a list of subcommands, and the one place exceptions become exit codes. */
@Command(
    name = "repotune",
    mixinStandardHelpOptions = true,
    versionProvider = RepotuneCommand.Version.class,
    description = "Turns a git repository into fine-tuning data (SFT and CPT) for a code LLM.",
    subcommands = {GenerateCommand.class, InspectCommand.class, ValidateCommand.class, CommandLine.HelpCommand.class})
public final class RepotuneCommand {

  /** The fully configured command line, writing to the given writers. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new RepotuneCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(RepotuneCommand::handleExecutionException);
    cl.setParameterExceptionHandler(RepotuneCommand::handleParameterException);
    return cl;
  }

  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("repotune: " + e.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
    }
    return ExitCodes.USAGE;
  }

  private static int handleExecutionException(
      Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    boolean verbose = false;
    // --verbose is inherited: it is matched on the subcommand's parse result, not the root's.
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      verbose |= r.hasMatchedOption("--verbose");
    }
    int code;
    String line;
    if (e instanceof ExitException x) {
      code = x.code();
      line = x.getMessage();
    } else {
      code = ExitCodes.RUN_FAILED;
      line = "run failed: " + oneLine(e) + (verbose ? "" : " (run again with --verbose for details)");
    }
    err.println("repotune: " + line);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** The innermost message, on one line: what a user can act on without a stack trace. */
  static String oneLine(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    String text = (m == null || m.isBlank()) ? root.getClass().getSimpleName() : m;
    return text.replaceAll("\\s+", " ").trim();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = RepotuneCommand.class.getPackage().getImplementationVersion();
      return new String[] {"repotune " + (v == null ? "dev" : v)};
    }
  }
}
