package dev.pgqueuer;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A schedule row.
 *
 * @param id the schedule id
 * @param key entrypoint and expression
 * @param heartbeat refreshed while a scheduler runs it
 * @param created when inserted
 * @param updated last change
 * @param nextRun the next due instant, whole seconds
 * @param lastRun when it last finished, {@code null} before the first run
 * @param status {@link JobStatus#QUEUED} (waiting) or {@link JobStatus#PICKED} (running)
 */
public record Schedule(
    ScheduleId id,
    ScheduleKey key,
    Instant heartbeat,
    Instant created,
    Instant updated,
    Instant nextRun,
    @Nullable Instant lastRun,
    JobStatus status) {

  /** @throws NullPointerException for a null component that is not nullable */
  public Schedule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(nextRun, "nextRun");
    Objects.requireNonNull(status, "status");
    if (status != JobStatus.QUEUED && status != JobStatus.PICKED) {
      throw new IllegalArgumentException("a schedule is queued or picked, got " + status);
    }
  }
}
