package dev.pgqueuer.worker;

import dev.pgqueuer.internal.Times;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Automatic retries of an entrypoint's failed jobs, with exponential backoff: a handler failure on a job that has
 * been retried {@code attempts} times so far is retried after
 * {@code jitter(min(initialDelay × multiplier^attempts, maxDelay))} (clamped to {@code [0, maxDelay]}) while
 * {@code attempts < maxAttempts}; after that the failure is final (see {@link OnFailure}). A job therefore runs at
 * most {@code maxAttempts + 1} times. {@link RetryRequested} thrown by the handler is not counted against this
 * policy. Immutable and thread-safe (given a thread-safe {@link Jitter}).
 *
 * @param maxAttempts the most automatic retries, at least 0 (0 = no retry)
 * @param initialDelay the delay of the first retry, not negative
 * @param maxDelay the largest delay, at least {@code initialDelay}
 * @param multiplier the growth factor per attempt, finite and at least 1
 * @param jitter the spread applied to each delay; {@link Jitter#none()} for exact delays
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, Jitter jitter) {

  /** The default growth factor, 2. */
  public static final double DEFAULT_MULTIPLIER = 2.0;

  /** The default jitter: ±10 %. */
  public static final double DEFAULT_JITTER_FRACTION = 0.1;

  /** @throws IllegalArgumentException on a bad component, naming it */
  public RetryPolicy {
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts must be >= 0, got " + maxAttempts);
    }
    initialDelay = Times.checkDuration(initialDelay, "initialDelay", false);
    maxDelay = Times.checkDuration(maxDelay, "maxDelay", false);
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("maxDelay (" + maxDelay + ") must be >= initialDelay (" + initialDelay + ")");
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be finite and >= 1, got " + multiplier);
    }
    Objects.requireNonNull(jitter, "jitter");
  }

  /** No automatic retry: every failure is final. */
  public static RetryPolicy none() {
    return new RetryPolicy(0, Duration.ZERO, Duration.ZERO, DEFAULT_MULTIPLIER, Jitter.none());
  }

  /**
   * Up to {@code maxAttempts} retries, doubling from {@code initialDelay} up to {@code maxDelay}, with ±10 % jitter.
   *
   * @throws IllegalArgumentException on bad values
   */
  public static RetryPolicy exponential(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    return new RetryPolicy(maxAttempts, initialDelay, maxDelay, DEFAULT_MULTIPLIER,
        Jitter.proportional(DEFAULT_JITTER_FRACTION));
  }

  /** This policy with another growth factor. */
  public RetryPolicy withMultiplier(double multiplier) {
    return new RetryPolicy(maxAttempts, initialDelay, maxDelay, multiplier, jitter);
  }

  /** This policy with another jitter ({@link Jitter#none()} for deterministic delays). */
  public RetryPolicy withJitter(Jitter jitter) {
    return new RetryPolicy(maxAttempts, initialDelay, maxDelay, multiplier, jitter);
  }

  /**
   * The delay of the retry after a failure of a job retried {@code attempts} times so far, or empty when the
   * failure is final.
   *
   * @param attempts the job's attempts (retries so far), at least 0
   */
  public Optional<Duration> delayFor(int attempts) {
    if (attempts >= maxAttempts) {
      return Optional.empty();
    }
    double base = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, attempts));
    long maxNanos = maxDelay.toNanos();
    Duration backoff = Duration.ofNanos(base >= maxNanos ? maxNanos : (long) base);
    Duration jittered = Objects.requireNonNull(jitter.apply(backoff), "jitter result");
    if (jittered.isNegative()) {
      jittered = Duration.ZERO;
    }
    if (jittered.compareTo(maxDelay) > 0) {
      jittered = maxDelay;
    }
    return Optional.of(Times.durationOfMicros(Times.toMicros(jittered)));
  }
}
