package dev.pgqueuer.junit;

import dev.pgqueuer.worker.JobResult;
import java.util.Objects;

/**
 * A job failed while a {@link TestQueue} ran it: its handler threw and no retry followed (the job ended
 * {@code EXCEPTION} or {@code FAILED}) during a drain or a perform, unless the test called
 * {@link TestQueue#allowFailures()}; or a handler threw a checked exception while the queue drained with
 * {@link DrainOptions#rethrow()} or ran jobs inline (unchecked errors are rethrown as they are). The handler's
 * exception is the cause. Every outcome has been recorded before this is thrown.
 */
public final class JobFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient JobResult result;

  /** @param result the failed job's result; its error is this exception's cause */
  public JobFailedException(JobResult result) {
    this(result, 1);
  }

  /**
   * @param result the first failed job's result; its error is this exception's cause
   * @param failed how many jobs failed in the same run, at least 1
   */
  public JobFailedException(JobResult result, int failed) {
    super("job " + result.id() + " of entrypoint " + result.entrypoint() + " failed (" + result.disposition()
        + ", attempts " + result.attempts() + "): " + result.error()
        + (failed > 1 ? " (" + failed + " jobs failed in this run)" : "")
        + "; if the test expects failures, call queue.allowFailures() first", result.error());
    this.result = Objects.requireNonNull(result, "result");
  }

  /** The failed job's result. */
  public JobResult result() {
    return result;
  }
}
