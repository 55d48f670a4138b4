package dev.pgqueuer;

import java.util.Objects;

/**
 * The number of queue rows with one (entrypoint, priority, status).
 *
 * @param entrypoint the entrypoint
 * @param priority the priority
 * @param status queued, picked or failed
 * @param count at least 1
 */
public record QueueStatistics(String entrypoint, int priority, JobStatus status, long count) {

  /** @throws NullPointerException for a null component */
  public QueueStatistics {
    Objects.requireNonNull(entrypoint, "entrypoint");
    Objects.requireNonNull(status, "status");
  }
}
