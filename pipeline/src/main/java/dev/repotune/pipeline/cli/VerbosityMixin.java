package dev.repotune.pipeline.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** --verbose, inherited by every subcommand: stack traces and Beam's own logging. */
public final class VerbosityMixin {
  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print stack traces and the runner's log.")
  boolean verbose;

  public boolean verbose() {
    return verbose;
  }
}
