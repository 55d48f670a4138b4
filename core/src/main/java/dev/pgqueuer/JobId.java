package dev.pgqueuer;

/**
 * The id of a job: a positive 64-bit integer, unique and increasing in allocation order within one queue.
 *
 * <p>Ids are allocated per enqueue call, one per input row, in input order, whether the row was inserted,
 * skipped on a dedupe conflict, or the whole call failed with {@link DuplicateJobException}. A fresh queue starts
 * at 1. Both backends follow this rule exactly, so ids are part of the observable contract.
 *
 * @param value the id, at least 1
 */
public record JobId(long value) implements Comparable<JobId> {

  /** Validates the id. @throws IllegalArgumentException when {@code value < 1} */
  public JobId {
    if (value < 1) {
      throw new IllegalArgumentException("job id must be >= 1, got " + value);
    }
  }

  /** Shorthand for {@code new JobId(value)}. */
  public static JobId of(long value) {
    return new JobId(value);
  }

  @Override
  public int compareTo(JobId other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
