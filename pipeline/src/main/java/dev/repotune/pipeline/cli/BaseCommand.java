package dev.repotune.pipeline.cli;

import dev.repotune.pipeline.Progress;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the writers picocli was given (so tests capture them) and --verbose.
 * Subcommands implement {@link #doCall()} and throw {@link ExitException} for anything the user must fix.
 */
abstract class BaseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin VerbosityMixin verbosity = new VerbosityMixin();

  @Override
  public final Integer call() throws Exception {
    try {
      return doCall();
    } finally {
      out().flush();
      err().flush();
    }
  }

  protected abstract int doCall() throws Exception;

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  protected boolean verbose() {
    return verbosity.verbose();
  }

  /** Redrawn progress on a console, plain lines otherwise or with --verbose, none with --quiet. */
  protected Progress.Mode progressMode() {
    return Progress.Mode.detect(verbosity.quiet(), verbosity.verbose());
  }
}
