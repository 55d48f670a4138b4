package dev.pgqueuer.port;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.TracebackRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
  private static final int SMALL_BATCH = 16;

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

  /**
   * Validates a batch for {@link QueuePort#logJobs}: no null element, no id twice. Every backend calls this first.
   *
   * @return an immutable copy
   * @throws IllegalArgumentException when an id appears twice
   */
  public static List<JobOutcome> checkBatch(List<JobOutcome> outcomes) {
    Objects.requireNonNull(outcomes, "outcomes");
    for (JobOutcome o : outcomes) {
      Objects.requireNonNull(o, "outcomes must not contain null");
    }
    List<JobOutcome> copy = List.copyOf(outcomes);
    int n = copy.size();
    if (n <= SMALL_BATCH) {
      // A worker's batch: pairwise comparison, no allocation (same first duplicate as the set below).
      for (int i = 1; i < n; i++) {
        long id = copy.get(i).id().value();
        for (int j = 0; j < i; j++) {
          if (copy.get(j).id().value() == id) {
            throw new IllegalArgumentException("outcomes names job " + copy.get(i).id() + " twice");
          }
        }
      }
      return copy;
    }
    Set<JobId> seen = new HashSet<>(n * 2);
    for (JobOutcome o : copy) {
      if (!seen.add(o.id())) {
        throw new IllegalArgumentException("outcomes names job " + o.id() + " twice");
      }
    }
    return copy;
  }
}
