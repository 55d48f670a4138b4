package dev.pgqueuer.worker;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Spreads retry delays so that jobs failing together do not come back together. Deterministic tests use
 * {@link #none()} or a fixed {@link DoubleSupplier}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Jitter {

  /**
   * The delay to use instead of {@code delay}; the result is clamped by the caller to the policy's bounds.
   *
   * @param delay the computed backoff, never {@code null} or negative
   * @return the jittered delay, never {@code null}
   */
  Duration apply(Duration delay);

  /** No jitter: the backoff is used as computed. */
  static Jitter none() {
    return delay -> delay;
  }

  /**
   * Multiplies the delay by a uniform factor in {@code [1 - fraction, 1 + fraction)}, drawn from
   * {@link ThreadLocalRandom}.
   *
   * @param fraction in {@code [0, 1]}
   * @throws IllegalArgumentException when {@code fraction} is outside {@code [0, 1]}
   */
  static Jitter proportional(double fraction) {
    return proportional(fraction, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Multiplies the delay by {@code 1 - fraction + 2 * fraction * u}, where {@code u} comes from {@code uniform}
   * (expected in {@code [0, 1)}; values outside are clamped).
   *
   * @param fraction in {@code [0, 1]}
   * @param uniform the source of {@code u}; must be thread-safe
   * @throws IllegalArgumentException when {@code fraction} is outside {@code [0, 1]}
   */
  static Jitter proportional(double fraction, DoubleSupplier uniform) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("jitter fraction must be within [0, 1], got " + fraction);
    }
    Objects.requireNonNull(uniform, "uniform");
    return delay -> {
      double u = Math.min(1, Math.max(0, uniform.getAsDouble()));
      double factor = 1 - fraction + 2 * fraction * u;
      return Duration.ofNanos(Math.round(delay.toNanos() * factor));
    };
  }
}
