package dev.repotune.pipeline.cli;

/**
 * Notes whether SIGINT or SIGTERM arrived, so the shutdown hook can tell an interrupt from a library
 * that stopped the JVM.
 */
final class Signals {
  private static volatile boolean received;
  private static boolean watching;

  private Signals() {}

  static synchronized void watch() {
    if (watching) {
      return;
    }
    watching = true;
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(
            new sun.misc.Signal(name),
            signal -> {
              received = true;
              // what the JVM's own handler does: run the shutdown hooks and exit 128 + signal number
              new Thread(() -> System.exit(128 + signal.getNumber()), "repotune-signal").start();
            });
      } catch (IllegalArgumentException e) {
        received = true; // a JVM that will not hand over the signal (-Xrs): treat every stop as one
      }
    }
  }

  static boolean received() {
    return received;
  }
}
