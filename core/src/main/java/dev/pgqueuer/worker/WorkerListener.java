package dev.pgqueuer.worker;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import java.time.Duration;
import java.util.List;

/**
 * Observes the progress of a {@link QueueManager}: jobs claimed, handlers finished, outcomes written, heartbeats
 * written. Meant for
 * tests and metrics that wait for, count or time what the worker did, instead of polling the repository. Register it with
 * {@link QueueManager.Builder#listener(WorkerListener)}. Every method has a no-op default, so an implementation
 * overrides only what it needs.
 *
 * <p>Each method is called synchronously on a worker thread, after the repository call it reports has succeeded
 * (never for a failed call), and only with a non-empty, unmodifiable list. The calling threads are those of the
 * worker: the claiming thread ({@link #jobsClaimed}), the writer thread or a handler thread whose outcome filled
 * the buffer ({@link #outcomesWritten}), the writer thread ({@link #heartbeatWritten}), and, for
 * {@link WorkerStep}, the thread that steps. Calls may therefore come concurrently from several threads:
 * implementations must be thread-safe. They must also be quick and must not block, since the worker waits for
 * them (a slow listener delays claiming, writing and heartbeats). A listener that throws does not stop the worker:
 * the exception is logged at {@code WARN} and the worker goes on.
 */
public interface WorkerListener {

  /**
   * A dequeue claimed {@code jobs} for this worker (status {@code picked}, owned by it), in claim order; called
   * before their handlers start. A job that was already running here when it was re-picked (its heartbeat went
   * stale) is reported too, though it is not run twice.
   *
   * @param jobs the claimed jobs, not empty
   */
  default void jobsClaimed(List<Job> jobs) {}

  /**
   * The handler of a claimed job returned or threw (or the job was found canceled before it ran), and its outcome
   * is about to be buffered; called on the thread that ran the handler, before {@link #outcomesWritten} reports the
   * job. Not called for a job whose run failed inside the worker rather than in its handler.
   *
   * @param result what became of the job
   * @param handlerTime how long the handler ran, measured on the JVM's monotonic clock (not the repository's time
   *     source, which may be a manual clock); zero when the handler did not run
   */
  default void jobFinished(JobResult result, Duration handlerTime) {}

  /**
   * The outcomes of {@code jobs} have been written (their log rows, or their retries re-queued) and this worker has
   * released them: it no longer holds or beats them. A write whose earlier attempt failed with an unknown effect is
   * reported once it is settled: written now, written by the earlier attempt, or found no longer held by this worker.
   *
   * @param jobs the released jobs, not empty, each reported once per outcome
   */
  default void outcomesWritten(List<JobId> jobs) {}

  /**
   * One flush of buffered outcomes succeeded: its repository calls (one {@code logJobs} for the log rows, one
   * {@code retryJob} per retry) wrote {@code outcomes} outcomes in {@code writeTime}. Called on the flushing thread
   * right before {@link #outcomesWritten} reports the same jobs; not called for a flush that failed (its outcomes
   * are written, and timed, by a later flush).
   *
   * @param outcomes the number of outcomes written, at least 1
   * @param writeTime the time the repository calls took, on the JVM's monotonic clock
   */
  default void outcomesFlushed(int outcomes, Duration writeTime) {}

  /**
   * The heartbeat of {@code jobs} has been refreshed to the repository's current instant (threaded runs only; a
   * {@link WorkerStep} does not beat). The list holds every job held here at the time, including finished ones whose
   * outcome is still buffered.
   *
   * @param jobs the jobs the heartbeat was written for, not empty
   */
  default void heartbeatWritten(List<JobId> jobs) {}
}
