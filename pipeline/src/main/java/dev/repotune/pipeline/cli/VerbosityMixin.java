package dev.repotune.pipeline.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** --verbose and --quiet, inherited by every subcommand: how much a run says while it works. */
public final class VerbosityMixin {
  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print stack traces and the runner's log.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Print no progress lines while the job runs (the closing summary still prints).")
  boolean quiet;

  public boolean verbose() {
    return verbose;
  }

  public boolean quiet() {
    return quiet;
  }
}
