package dev.pgqueuer;

import dev.pgqueuer.internal.Checks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A queue row as the application sees it. Immutable; instants are truncated to microseconds.
 *
 * @param id the job id
 * @param priority larger is more urgent
 * @param created set once at enqueue
 * @param updated changed by dequeue, retry, requeue and holding (not by heartbeats)
 * @param heartbeat set at enqueue and pick, refreshed by heartbeats
 * @param executeAfter the earliest pick time
 * @param status {@link JobStatus#QUEUED}, {@link JobStatus#PICKED} or {@link JobStatus#FAILED}
 * @param entrypoint the handler name
 * @param payload the payload, {@code null} when the job has none
 * @param attempts the number of retries so far
 * @param worker the owning worker; non-null iff the status is {@link JobStatus#PICKED}
 * @param headers string headers, empty when none; never {@code null}
 * @param dedupeKey the dedupe key, {@code null} when none
 */
public record Job(
    JobId id,
    int priority,
    Instant created,
    Instant updated,
    Instant heartbeat,
    Instant executeAfter,
    JobStatus status,
    String entrypoint,
    @Nullable Payload payload,
    int attempts,
    @Nullable WorkerId worker,
    Map<String, String> headers,
    @Nullable String dedupeKey) {

  /** Validates the record. @throws NullPointerException for a null component that is not nullable */
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(executeAfter, "executeAfter");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(entrypoint, "entrypoint");
    headers = Checks.copyHeaders(headers, "headers");
    if (!status.isStoredOnQueueRow()) {
      throw new IllegalArgumentException("a queue row cannot have status " + status);
    }
    if ((worker != null) != (status == JobStatus.PICKED)) {
      throw new IllegalArgumentException(
          "worker must be set iff status is PICKED (status " + status + ", worker " + worker + ")");
    }
  }
}
