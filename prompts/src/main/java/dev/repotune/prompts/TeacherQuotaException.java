package dev.repotune.prompts;

import java.time.Duration;

/** HTTP 429: the endpoint asks us to slow down, maybe saying for how long ({@code Retry-After}). */
public final class TeacherQuotaException extends TeacherException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  public TeacherQuotaException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /** The wait the server asked for, or null when it named none. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
