package dev.pgqueuer.port;

/**
 * A behaviour that not every backend offers. Conformance tests that need one are reported as skipped, with the
 * reason, on a backend that lacks it; {@code docs/semantics.md} lists every capability.
 */
public enum Capability {
  /**
   * Several repository instances (processes, connections) share one queue: what one writes, the others see, and
   * notifications reach all of them. PostgreSQL has it; one in-memory repository is its own queue.
   */
  SHARED_ACROSS_INSTANCES,

  /**
   * A call that would wait for a unit of work opened by the calling thread itself (a dedupe key or a job row that
   * the open unit holds) raises {@link IllegalStateException} at once, before any effect, instead of waiting for a
   * unit that can never end. The in-memory backend has it. PostgreSQL cannot tell which transactions belong to a
   * thread: there the call waits, like a call from any other thread, until the unit ends (a self-deadlock unless the
   * database's {@code lock_timeout} ends it).
   */
  DETECTS_SELF_WAIT
}
