package dev.pgqueuer;

import dev.pgqueuer.internal.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test clock that only moves when told to. It never goes backwards, like a database clock, and it has
 * microsecond resolution (PostgreSQL's), so every instant it returns is already truncated.
 *
 * <p>Thread-safe: reads and moves are atomic.
 */
public final class ManualClock implements InstantSource {

  /** The default start instant of a fresh manual clock: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong micros;

  private ManualClock(Instant start) {
    this.micros = new AtomicLong(Times.toMicros(Objects.requireNonNull(start, "start")));
  }

  /** A clock frozen at {@link #DEFAULT_START}. */
  public static ManualClock create() {
    return new ManualClock(DEFAULT_START);
  }

  /** A clock frozen at {@code start} (truncated to microseconds). */
  public static ManualClock startingAt(Instant start) {
    return new ManualClock(start);
  }

  @Override
  public Instant instant() {
    return Times.fromMicros(micros.get());
  }

  /** The current instant in epoch microseconds. */
  public long micros() {
    return micros.get();
  }

  /**
   * Moves the clock forward by {@code step} (truncated to microseconds) and returns the new instant.
   *
   * @throws IllegalArgumentException when {@code step} is negative
   */
  public Instant advance(Duration step) {
    Objects.requireNonNull(step, "step");
    if (step.isNegative()) {
      throw new IllegalArgumentException("step must not be negative, got " + step);
    }
    return Times.fromMicros(micros.addAndGet(Times.toMicros(step)));
  }

  /**
   * Sets the clock to {@code target}, which must not be before the current instant.
   *
   * @throws IllegalArgumentException when {@code target} is in the clock's past
   */
  public Instant set(Instant target) {
    long t = Times.toMicros(Objects.requireNonNull(target, "target"));
    long prev = micros.getAndAccumulate(t, Math::max);
    if (t < prev) {
      throw new IllegalArgumentException("a manual clock never goes backwards: " + target + " < " + Times.fromMicros(prev));
    }
    return Times.fromMicros(t);
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + "]";
  }
}
