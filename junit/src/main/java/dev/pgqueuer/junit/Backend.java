package dev.pgqueuer.junit;

/**
 * The queue implementation a test runs against. Both implement {@link dev.pgqueuer.port.Repository} with identical
 * observable behaviour (proved by the conformance suite), so a test written once may run on either.
 */
public enum Backend {
  /** {@code dev.pgqueuer.inmemory.InMemoryRepository}: microseconds per fresh queue, no database needed. */
  IN_MEMORY("in-memory"),
  /** {@code dev.pgqueuer.postgres.PostgresRepository} on a fresh isolated queue of a test database. */
  POSTGRES("postgres");

  private final String label;

  Backend(String label) {
    this.label = label;
  }

  /** The short name used in display names and messages, e.g. {@code "in-memory"}; never {@code null}. */
  public String label() {
    return label;
  }
}
