package dev.pgqueuer.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Microsecond time arithmetic (PostgreSQL's resolution), shared by both backends so they round identically. */
public final class Times {

  /** The largest delay or timeout the port accepts, in either direction: 100,000 days (about 273 years). */
  public static final Duration MAX_DURATION = Duration.ofDays(100_000);

  private Times() {}

  /** {@code instant} truncated to microseconds. */
  public static Instant truncate(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  /** {@code instant} in epoch microseconds (truncated toward the past). */
  public static long toMicros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The instant {@code micros} epoch microseconds. */
  public static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** {@code duration} in microseconds, truncated toward zero. */
  public static long toMicros(Duration duration) {
    return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1_000);
  }

  /** The duration of {@code micros} microseconds. */
  public static Duration durationOfMicros(long micros) {
    return Duration.ofSeconds(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** {@code micros} truncated down to the whole second. */
  public static long floorToSecond(long micros) {
    return Math.floorDiv(micros, 1_000_000L) * 1_000_000L;
  }

  /**
   * Validates a delay or timeout and truncates it to microseconds.
   *
   * @param allowNegative whether negative values are meaningful for this argument
   * @throws NullPointerException when {@code value} is null
   * @throws IllegalArgumentException when negative (and not allowed) or larger than {@link #MAX_DURATION}
   */
  public static Duration checkDuration(Duration value, String argument, boolean allowNegative) {
    if (value == null) {
      throw new NullPointerException(argument + " must not be null");
    }
    if (!allowNegative && value.isNegative()) {
      throw new IllegalArgumentException(argument + " must not be negative, got " + value);
    }
    if (value.compareTo(MAX_DURATION) > 0 || value.compareTo(MAX_DURATION.negated()) < 0) {
      throw new IllegalArgumentException(argument + " must be within " + MAX_DURATION + ", got " + value);
    }
    return durationOfMicros(toMicros(value));
  }
}
