package dev.pgqueuer.worker;

import dev.pgqueuer.internal.Checks;
import java.util.Objects;

/**
 * The registration of one entrypoint: its handler and how its jobs are run. Build with {@link #of} and the
 * {@code with…} methods; register with {@link QueueManager.Builder#entrypoint(Entrypoint)}. Immutable.
 *
 * @param name the entrypoint name the jobs were enqueued with: not blank, no NUL
 * @param handler the handler
 * @param concurrencyLimit the most jobs of this entrypoint picked at once across every worker of the queue, 0 for
 *     no limit; 1 serialises the entrypoint fleet-wide
 * @param onFailure what to do with a job whose handler failed for good
 * @param retryPolicy the automatic retries of failed jobs
 */
public record Entrypoint(
    String name, JobHandler handler, int concurrencyLimit, OnFailure onFailure, RetryPolicy retryPolicy) {

  /** @throws NullPointerException for a null component @throws IllegalArgumentException on a bad value */
  public Entrypoint {
    Checks.name(name, "entrypoint name");
    Objects.requireNonNull(handler, "handler of entrypoint " + name);
    if (concurrencyLimit < 0) {
      throw new IllegalArgumentException(
          "concurrencyLimit of entrypoint " + name + " must be >= 0 (0 = unlimited), got " + concurrencyLimit);
    }
    Objects.requireNonNull(onFailure, "onFailure of entrypoint " + name);
    Objects.requireNonNull(retryPolicy, "retryPolicy of entrypoint " + name);
  }

  /** An entrypoint without concurrency limit that deletes failed jobs and does not retry them. */
  public static Entrypoint of(String name, JobHandler handler) {
    return new Entrypoint(name, handler, 0, OnFailure.DELETE, RetryPolicy.none());
  }

  /** This entrypoint with a fleet-wide concurrency limit (0 = unlimited). */
  public Entrypoint withConcurrencyLimit(int limit) {
    return new Entrypoint(name, handler, limit, onFailure, retryPolicy);
  }

  /** This entrypoint with another failure policy. */
  public Entrypoint withOnFailure(OnFailure policy) {
    return new Entrypoint(name, handler, concurrencyLimit, policy, retryPolicy);
  }

  /** This entrypoint with automatic retries. */
  public Entrypoint withRetryPolicy(RetryPolicy policy) {
    return new Entrypoint(name, handler, concurrencyLimit, onFailure, policy);
  }
}
