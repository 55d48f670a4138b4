package dev.pgqueuer.junit;

import dev.pgqueuer.internal.Times;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link TestQueue#drain(DrainOptions)} runs the queue. Start from {@link #defaults()}: every job of the
 * registered entrypoints that is due now, including jobs enqueued by the jobs it runs and retries that are due at
 * once, with handler errors recorded (as in production) rather than thrown.
 *
 * <pre>{@code
 * queue.drain(DrainOptions.defaults().upTo(queue.now().plus(Duration.ofDays(3))).rethrow(true));
 * }</pre>
 *
 * <p>Immutable and thread-safe; invalid combinations fail with {@link IllegalArgumentException} when built.
 *
 * @param upTo move the manual clock forward, stopping at each deferred job's time (and retry delay) up to this
 *     instant, and run what becomes due; the clock ends at {@code upTo} (or stays, if it is already later).
 *     {@code null} (the default) runs only what is due now and never moves the clock
 * @param limit the most jobs to run, 0 (the default) for no limit; never negative
 * @param recursive whether jobs enqueued while draining (by the handlers) are run too (the default); when
 *     {@code false}, exactly the jobs due when the drain starts are claimed together and run once each; cannot be
 *     combined with {@code upTo}
 * @param rethrow whether the first handler error stops the drain and is thrown from it (an unchecked error as is, a
 *     checked one wrapped in {@link JobFailedException}); {@code false} (the default) records it only.
 *     {@link dev.pgqueuer.worker.RetryRequested} is never rethrown: it is how a handler asks for a retry
 */
public record DrainOptions(@Nullable Instant upTo, int limit, boolean recursive, boolean rethrow) {

  private static final DrainOptions DEFAULTS = new DrainOptions(null, 0, true, false);

  /** @throws IllegalArgumentException for a negative limit, or {@code upTo} without recursion */
  public DrainOptions {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0 = no limit), got " + limit);
    }
    if (upTo != null) {
      upTo = Times.truncate(upTo);
      if (!recursive) {
        throw new IllegalArgumentException("upTo cannot be combined with recursive(false): while the clock moves, "
            + "jobs enqueued by handlers become due among the original ones and could not be told apart; drain "
            + "without upTo, or recursively");
      }
    }
  }

  /** Everything due now, recursively, errors recorded. */
  public static DrainOptions defaults() {
    return DEFAULTS;
  }

  /** These options with time travel up to {@code instant}. */
  public DrainOptions upTo(Instant instant) {
    return new DrainOptions(Objects.requireNonNull(instant, "instant"), limit, recursive, rethrow);
  }

  /** These options with a job limit (0 = none). @throws IllegalArgumentException when negative */
  public DrainOptions limit(int limit) {
    return new DrainOptions(upTo, limit, recursive, rethrow);
  }

  /** These options with or without recursion into jobs enqueued while draining. */
  public DrainOptions recursive(boolean recursive) {
    return new DrainOptions(upTo, limit, recursive, rethrow);
  }

  /** These options with or without rethrowing the first handler error. */
  public DrainOptions rethrow(boolean rethrow) {
    return new DrainOptions(upTo, limit, recursive, rethrow);
  }
}
