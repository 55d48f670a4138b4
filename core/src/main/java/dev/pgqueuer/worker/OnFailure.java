package dev.pgqueuer.worker;

/** What the worker does with a job whose handler failed for good (after its retries, if any). */
public enum OnFailure {
  /** Delete the job and log {@link dev.pgqueuer.JobStatus#EXCEPTION} with the traceback (PgQueuer's default). */
  DELETE,
  /**
   * Keep the job as {@link dev.pgqueuer.JobStatus#FAILED} (held) with the traceback; it leaves the dedupe rule, is
   * never dequeued, and comes back with {@link dev.pgqueuer.port.QueuePort#requeueJobs}.
   */
  HOLD
}
