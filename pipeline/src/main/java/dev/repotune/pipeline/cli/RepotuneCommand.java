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
    subcommands = {GenerateCommand.class, InspectCommand.class, ValidateCommand.class, EvalCommand.class, CommandLine.HelpCommand.class})
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

  /** One line: what was wrong, then a suggestion or where the options are listed. */
  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    String what = e.getMessage().replaceAll("\\s+", " ").trim();
    String hint = "try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options";
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      hint = "did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?";
    }
    err.println("repotune: " + what + "; " + hint);
    err.flush();
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
    String noSpace = noSpaceLeft(e);
    var refused = dev.repotune.pipeline.stages.TeacherRefusedKey.in(e);
    if (e instanceof ExitException x) {
      code = x.code();
      line = x.getMessage();
    } else if (refused != null) {
      code = ExitCodes.TEACHER_UNAVAILABLE;
      line = refused.getMessage();
    } else if (noSpace != null) {
      code = ExitCodes.BAD_INPUT;
      line = "no space left on device (" + noSpace + "); free some space or choose another --out or --cache-dir, then run the same command again";
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

  /** The message of a full-disk error anywhere in the chain (a worker's write, the driver's), or null. */
  static String noSpaceLeft(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && m.contains("No space left on device")) {
        return m.replaceAll("\\s+", " ").trim();
      }
    }
    return null;
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
