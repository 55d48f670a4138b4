package dev.pgqueuer.junit;

import dev.pgqueuer.worker.JobResult;
import java.util.Objects;

/**
 * A handler threw a checked exception while a {@link TestQueue} drained with {@link DrainOptions#rethrow()} or ran
 * jobs inline; the exception is the cause. (Unchecked errors are rethrown as they are.) The job's outcome has been
 * recorded before this is thrown.
 */
public final class JobFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient JobResult result;

  /** @param result the failed job's result; its error is this exception's cause */
  public JobFailedException(JobResult result) {
    super("job " + result.id() + " of entrypoint " + result.entrypoint() + " failed (" + result.disposition()
        + ", attempts " + result.attempts() + "): " + result.error(), result.error());
    this.result = Objects.requireNonNull(result, "result");
  }

  /** The failed job's result. */
  public JobResult result() {
    return result;
  }
}
