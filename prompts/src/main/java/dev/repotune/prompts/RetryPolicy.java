package dev.repotune.prompts;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Tries a teacher call again when its failure type says it may pass (quota, timeout, server), with
 * exponential backoff and jitter, a server's {@code Retry-After} taking precedence, up to a number of
 * attempts and a total time. Time is injected ({@link Sleeper}, {@link Clock}) so tests never sleep.
 * Never throws: the {@link Outcome} carries the reply or the last error, and the attempts made.
 */
public final class RetryPolicy implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Waits; tests count instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());
  }

  /** A call that may fail with a typed teacher error. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws TeacherException;
  }

  /** What came of a call and its retries: the value or the last error, never both. */
  public record Outcome<T>(T value, TeacherException error, int attempts) {
    public boolean ok() {
      return error == null;
    }
  }

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxElapsed;

  private RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxElapsed) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.maxElapsed = maxElapsed;
  }

  /** 5 attempts, 1 s doubling to 30 s, at most 5 minutes in all (a Retry-After beyond that gives up). */
  public static RetryPolicy defaults() {
    return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(n, initialBackoff, maxBackoff, maxElapsed);
  }

  public RetryPolicy withBackoff(Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, initial, max, maxElapsed);
  }

  public RetryPolicy withMaxElapsed(Duration d) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, d);
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /** Quota, timeout and server errors pass with time; anything else fails at once. */
  public static boolean isRetryable(TeacherException e) {
    return e instanceof TeacherQuotaException
        || e instanceof TeacherTimeoutException
        || e instanceof TeacherServerException;
  }

  public <T> Outcome<T> run(Call<T> call, Sleeper sleeper, Clock clock, Random jitter) {
    Instant deadline = clock.instant().plus(maxElapsed);
    for (int attempt = 1; ; attempt++) {
      try {
        return new Outcome<>(call.call(), null, attempt);
      } catch (TeacherException e) {
        if (!isRetryable(e) || attempt >= maxAttempts) {
          return new Outcome<>(null, e, attempt);
        }
        Duration wait = delay(attempt, e, jitter);
        if (clock.instant().plus(wait).isAfter(deadline)) {
          return new Outcome<>(null, e, attempt);
        }
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return new Outcome<>(null, new TeacherTimeoutException("interrupted while backing off", ie), attempt);
        }
      }
    }
  }

  /**
   * The wait before attempt {@code attempt + 1}: the server's Retry-After when it gave one, else
   * initial × 2^(attempt-1) capped at the maximum, scaled by a random factor in [0.5, 1) so that many
   * workers throttled together do not come back together.
   */
  Duration delay(int attempt, TeacherException e, Random jitter) {
    if (e instanceof TeacherQuotaException q && q.retryAfter() != null) {
      return q.retryAfter();
    }
    long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, maxBackoff.toMillis());
    return Duration.ofMillis((long) (capped * (0.5 + 0.5 * jitter.nextDouble())));
  }
}
