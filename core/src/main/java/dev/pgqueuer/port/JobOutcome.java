package dev.pgqueuer.port;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.TracebackRecord;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The recorded outcome of one job.
 *
 * @param id the job
 * @param status an outcome status: successful, exception, canceled, deleted or failed (held)
 * @param traceback the failure record, {@code null} for none
 */
public record JobOutcome(JobId id, JobStatus status, @Nullable TracebackRecord traceback) {

  /** Batches up to this size are checked for duplicate ids pairwise. */

  /** @throws IllegalArgumentException when {@code status} is queued or picked (not an outcome) */
  public JobOutcome {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    if (!status.isOutcome()) {
      throw new IllegalArgumentException(
          "status " + status + " is not an outcome (expected SUCCESSFUL, EXCEPTION, CANCELED, DELETED or FAILED)");
    }
  }

  /** A successful outcome. */
  public static JobOutcome successful(JobId id) {
    return new JobOutcome(id, JobStatus.SUCCESSFUL, null);
  }

  /** A failure that deletes the job. */
  public static JobOutcome exception(JobId id, @Nullable TracebackRecord traceback) {
    return new JobOutcome(id, JobStatus.EXCEPTION, traceback);
  }

  /** A failure that holds the job as {@link JobStatus#FAILED}. */
  public static JobOutcome held(JobId id, @Nullable TracebackRecord traceback) {
    return new JobOutcome(id, JobStatus.FAILED, traceback);
  }
}
