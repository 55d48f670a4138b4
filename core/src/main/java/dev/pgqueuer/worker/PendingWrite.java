package dev.pgqueuer.worker;

import dev.pgqueuer.JobId;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.RetryRequest;

/**
 * A buffered repository write for one finished job: its outcome, or its retry. {@code uncertain} marks a write
 * whose earlier attempt failed and may or may not have taken effect; it is re-checked before it is applied again.
 */
sealed interface PendingWrite permits PendingWrite.Log, PendingWrite.Retry {

  /** The job the write is for. */
  JobId id();

  /** Whether an earlier attempt failed with an unknown effect. */
  boolean uncertain();

  /** This write, marked uncertain. */
  PendingWrite markUncertain();

  /** An outcome for {@code logJobs}. */
  record Log(JobOutcome outcome, boolean uncertain) implements PendingWrite {
    @Override
    public JobId id() {
      return outcome.id();
    }

    @Override
    public PendingWrite markUncertain() {
      return new Log(outcome, true);
    }
  }

  /** A retry for {@code retryJob}. */
  record Retry(RetryRequest request, boolean uncertain) implements PendingWrite {
    @Override
    public JobId id() {
      return request.id();
    }

    @Override
    public PendingWrite markUncertain() {
      return new Retry(request, true);
    }
  }
}
