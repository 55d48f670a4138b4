package dev.pgqueuer.conformance.lockstep;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.port.Repository;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One operation of a sequence: a description for failure reports and the call itself, which returns a value
 * whose {@code equals} compares backends (records, lists, maps, optionals of domain values).
 *
 * @param description human-readable, e.g. {@code enqueue[a p=1 key=k2] RAISE}
 * @param call the operation; may throw, the runner compares exceptions by {@link Outcome}
 */
public record Step(String description, BiFunction<Repository, ManualClock, Object> call) {

  /** @throws NullPointerException for a null component */
  public Step {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(call, "call");
  }

  /** Runs the step and captures its result or exception. */
  public Outcome apply(Repository repository, ManualClock clock) {
    try {
      return Outcome.value(call.apply(repository, clock));
    } catch (RuntimeException e) {
      return Outcome.failure(e);
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
