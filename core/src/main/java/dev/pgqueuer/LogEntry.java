package dev.pgqueuer;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A log row: one status transition of one job. Log rows are never deleted by queue operations and survive the
 * deletion of their job.
 *
 * @param created the instant of the call that wrote the row
 * @param jobId the job
 * @param status the status the job entered
 * @param priority copied from the stored job
 * @param entrypoint copied from the stored job
 * @param traceback the failure record, {@code null} when none
 * @param aggregated whether the row has been folded into statistics
 */
public record LogEntry(
    Instant created,
    JobId jobId,
    JobStatus status,
    int priority,
    String entrypoint,
    @Nullable TracebackRecord traceback,
    boolean aggregated) {

  /** @throws NullPointerException for a null component that is not nullable */
  public LogEntry {
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(entrypoint, "entrypoint");
  }
}
