package dev.repotune.pipeline.cli;

/** A command line the user must fix: exit 2 with one line saying what was wrong. */
final class Usage {
  private Usage() {}

  static ExitException error(String line) {
    return new ExitException(ExitCodes.USAGE, line);
  }

  /** The one check of a setting's range, with its one message. */
  static void check(boolean valid, String line) {
    if (!valid) {
      throw error(line);
    }
  }
}
