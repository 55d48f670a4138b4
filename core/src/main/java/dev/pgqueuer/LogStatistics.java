package dev.pgqueuer;

import java.time.Instant;
import java.util.Objects;

/**
 * One statistics bucket: the number of log rows with one (entrypoint, priority, status) whose {@code created}
 * falls into one UTC second.
 *
 * @param created the start of the second
 * @param entrypoint the entrypoint
 * @param priority the priority
 * @param status the logged status
 * @param count at least 1; grows as later aggregations add to the same bucket
 */
public record LogStatistics(Instant created, String entrypoint, int priority, JobStatus status, long count) {

  /** @throws NullPointerException for a null component */
  public LogStatistics {
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(entrypoint, "entrypoint");
    Objects.requireNonNull(status, "status");
  }
}
