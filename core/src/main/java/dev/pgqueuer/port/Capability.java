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
  SHARED_ACROSS_INSTANCES
}
