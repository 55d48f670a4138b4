package dev.pgqueuer.worker;

import dev.pgqueuer.Job;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.RetryRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one handler and turns what happened into a {@link JobResult} and the write that records it. Stateless. */
final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /** A finished run: its result, the write that records it and how long the handler ran (0 when it did not). */
  record Finished(JobResult result, PendingWrite write, long handlerNanos) {
    Finished(JobResult result, PendingWrite write) {
      this(result, write, 0);
    }

    Finished timed(long nanos) {
      return new Finished(result, write, nanos);
    }
  }

  private final Map<String, Entrypoint> entrypoints;
  private final WorkerId worker;
  private final InstantSource clock;

  JobRunner(Map<String, Entrypoint> entrypoints, WorkerId worker, InstantSource clock) {
    this.entrypoints = entrypoints;
    this.worker = worker;
    this.clock = clock;
  }

  Finished run(JobContext context) {
    Job job = context.job();
    Entrypoint entrypoint = entrypoints.get(job.entrypoint());
    if (entrypoint == null) {
      // Only registered entrypoints are requested, so a repository returning another one is broken; hold the job
      // rather than lose it.
      IllegalStateException error = new IllegalStateException(
          "cannot happen: dequeue returned job " + job.id() + " of unrequested entrypoint " + job.entrypoint());
      LOG.error("{}", error.getMessage());
      return failed(job, error, OnFailure.HOLD);
    }
    if (context.isCancelled()) {
      return canceled(job, null);
    }
    Throwable error = null;
    long started = System.nanoTime();
    try {
      entrypoint.handler().handle(context);
    } catch (Throwable t) {
      error = t;
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (t instanceof VirtualMachineError) {
        LOG.error("handler of job {} ({}) threw {}", job.id(), job.entrypoint(), t.toString());
      }
    }
    long handlerNanos = System.nanoTime() - started;
    return settle(context, entrypoint, error).timed(handlerNanos);
  }

  private Finished settle(JobContext context, Entrypoint entrypoint, @Nullable Throwable error) {
    Job job = context.job();
    if (context.isCancelled()) {
      return canceled(job, error);
    }
    if (error == null) {
      JobResult result = new JobResult(job.id(), job.entrypoint(), job.attempts(), JobResult.Disposition.SUCCESSFUL,
          null, null);
      return new Finished(result, new PendingWrite.Log(JobOutcome.successful(job.id()), false));
    }
    if (error instanceof RetryRequested) {
      RetryRequested retry = (RetryRequested) error;
      return retried(job, error, retry.delay(), retry.reason().orElse(null));
    }
    Optional<Duration> delay = entrypoint.retryPolicy().delayFor(job.attempts());
    if (delay.isPresent()) {
      return retried(job, error, delay.get(), Tracebacks.reasonOf(error));
    }
    LOG.debug("job {} ({}) failed: {}", job.id(), job.entrypoint(), error.toString());
    return failed(job, error, entrypoint.onFailure());
  }

  private Finished canceled(Job job, @Nullable Throwable error) {
    JobResult result = new JobResult(job.id(), job.entrypoint(), job.attempts(), JobResult.Disposition.CANCELED,
        error, null);
    return new Finished(result,
        new PendingWrite.Log(new JobOutcome(job.id(), dev.pgqueuer.JobStatus.CANCELED, null), false));
  }

  private Finished retried(Job job, Throwable error, Duration delay, @Nullable String reason) {
    Instant at = clock.instant();
    TracebackRecord traceback = Tracebacks.retry(job, at, error, worker, delay, reason);
    JobResult result = new JobResult(job.id(), job.entrypoint(), job.attempts(), JobResult.Disposition.RETRIED,
        error, delay);
    return new Finished(result, new PendingWrite.Retry(new RetryRequest(job.id(), delay, traceback), false));
  }

  private Finished failed(Job job, Throwable error, OnFailure policy) {
    TracebackRecord traceback = Tracebacks.failure(job, clock.instant(), error, worker);
    boolean hold = policy == OnFailure.HOLD;
    JobResult result = new JobResult(job.id(), job.entrypoint(), job.attempts(),
        hold ? JobResult.Disposition.FAILED : JobResult.Disposition.EXCEPTION, error, null);
    JobOutcome outcome = hold ? JobOutcome.held(job.id(), traceback) : JobOutcome.exception(job.id(), traceback);
    return new Finished(result, new PendingWrite.Log(outcome, false));
  }
}
