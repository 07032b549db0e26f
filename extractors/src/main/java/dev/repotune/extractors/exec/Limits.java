package dev.repotune.extractors.exec;

import java.time.Duration;

/**
 * What one child process may use: wall-clock time (the whole process tree is killed past it), heap for a JVM
 * child ({@code -Xmx}), and how many of its last output lines are kept for error messages.
 */
public record Limits(Duration timeout, int maxHeapMb, int tailLines) {
  public Limits {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (maxHeapMb < 16) {
      throw new IllegalArgumentException("maxHeapMb must be at least 16: " + maxHeapMb);
    }
    if (tailLines < 1) {
      throw new IllegalArgumentException("tailLines must be at least 1: " + tailLines);
    }
  }

  /** Ten minutes and 1 GiB: enough for jsoup's build and its 1,898 tests on two cores, with room. */
  public static Limits defaults() {
    return new Limits(Duration.ofMinutes(10), 1024, 200);
  }

  public Limits withTimeout(Duration newTimeout) {
    return new Limits(newTimeout, maxHeapMb, tailLines);
  }

  /** The heap option every JVM child gets. */
  public String xmx() {
    return "-Xmx" + maxHeapMb + "m";
  }
}
