package dev.repotune.pipeline.stages;

/**
 * Ends a run whose teacher refuses the key on every call (401/403 after the model list answered): the
 * job fails with this, and the command line turns it into exit code 4 and its one line, rather than a
 * finished dataset in which every chunk is a Failed row.
 */
public final class TeacherRefusedKey extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TeacherRefusedKey(String oneLine) {
    super(oneLine);
  }

  /** The first {@link TeacherRefusedKey} in a failure's chain, as the runner wrapped it, or null. */
  public static TeacherRefusedKey in(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof TeacherRefusedKey k) {
        return k;
      }
    }
    return null;
  }
}
