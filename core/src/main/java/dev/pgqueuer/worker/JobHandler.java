package dev.pgqueuer.worker;

/**
 * The code run for each job of one entrypoint.
 *
 * <p>Returning normally records the job as {@link dev.pgqueuer.JobStatus#SUCCESSFUL} (or
 * {@link dev.pgqueuer.JobStatus#CANCELED} when the job was canceled meanwhile). Throwing {@link RetryRequested}
 * re-queues the job; any other throwable is retried by the entrypoint's {@link RetryPolicy} while it allows, and is
 * then recorded per the entrypoint's {@link OnFailure} policy. A handler may be called concurrently from several
 * threads for different jobs.
 */
@FunctionalInterface
public interface JobHandler {

  /**
   * Handles one job.
   *
   * @param context the job and its cancellation signal; never {@code null}
   * @throws Exception any failure; see the class comment for how it is recorded
   */
  void handle(JobContext context) throws Exception;
}
