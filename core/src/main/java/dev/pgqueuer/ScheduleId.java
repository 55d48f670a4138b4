package dev.pgqueuer;

/**
 * The id of a schedule row: a positive 64-bit integer. {@code insertSchedules} consumes one id per key it is given
 * (inserted or already present), in the given order, on both backends.
 *
 * @param value the id, at least 1
 */
public record ScheduleId(long value) implements Comparable<ScheduleId> {

  /** Validates the id. @throws IllegalArgumentException when {@code value < 1} */
  public ScheduleId {
    if (value < 1) {
      throw new IllegalArgumentException("schedule id must be >= 1, got " + value);
    }
  }

  /** Shorthand for {@code new ScheduleId(value)}. */
  public static ScheduleId of(long value) {
    return new ScheduleId(value);
  }

  @Override
  public int compareTo(ScheduleId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
