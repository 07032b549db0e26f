package dev.repotune.pipeline.cli;

/** The exit codes of DESIGN.md's CLI contract; scripts and CI branch on them. */
public final class ExitCodes {
  public static final int OK = 0;
  /** The run itself failed (a stage crashed, the counts did not add up). */
  public static final int RUN_FAILED = 1;
  /** The command line was wrong: unknown flag, bad value. */
  public static final int USAGE = 2;
  /** The input was wrong: repository, ref or output folder. */
  public static final int BAD_INPUT = 3;
  /** The teacher endpoint is unreachable or refuses the credentials. */
  public static final int TEACHER_UNAVAILABLE = 4;
  /** Stopped by Ctrl-C. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
