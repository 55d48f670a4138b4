package dev.pgqueuer.worker;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the worker did with one claimed job. Immutable.
 *
 * @param id the job
 * @param entrypoint its entrypoint
 * @param attempts the job's attempts when it ran (retries before this run)
 * @param disposition the result
 * @param error what the handler threw, {@code null} when it returned (or was skipped because canceled)
 * @param retryDelay the delay of the retry, {@code null} unless {@link Disposition#RETRIED}
 */
public record JobResult(
    JobId id,
    String entrypoint,
    int attempts,
    Disposition disposition,
    @Nullable Throwable error,
    @Nullable Duration retryDelay) {

  /** @throws NullPointerException for a null component that is not nullable */
  public JobResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(entrypoint, "entrypoint");
    Objects.requireNonNull(disposition, "disposition");
    if ((retryDelay != null) != (disposition == Disposition.RETRIED)) {
      throw new IllegalArgumentException("retryDelay must be set iff the job was retried");
    }
  }

  /** The result of running one job. */
  public enum Disposition {
    /** The handler returned; logged {@link JobStatus#SUCCESSFUL}. */
    SUCCESSFUL,
    /** The job was canceled before or while it ran; logged {@link JobStatus#CANCELED}. */
    CANCELED,
    /** The job was re-queued ({@link RetryRequested} or the retry policy); logged {@link JobStatus#QUEUED}. */
    RETRIED,
    /** The handler failed for good and the job was deleted; logged {@link JobStatus#EXCEPTION}. */
    EXCEPTION,
    /** The handler failed for good and the job is held; logged {@link JobStatus#FAILED}. */
    FAILED;

    /** The status of the log row this result writes. */
    public JobStatus loggedStatus() {
      switch (this) {
        case SUCCESSFUL:
          return JobStatus.SUCCESSFUL;
        case CANCELED:
          return JobStatus.CANCELED;
        case RETRIED:
          return JobStatus.QUEUED;
        case EXCEPTION:
          return JobStatus.EXCEPTION;
        case FAILED:
          return JobStatus.FAILED;
        default:
          throw new IllegalStateException("cannot happen: unhandled disposition " + this);
      }
    }
  }
}
