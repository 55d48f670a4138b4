package dev.pgqueuer.junit;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.junit.postgres.FreshQueue;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.testdatabase.PostgresUnavailableException;
import dev.pgqueuer.testdatabase.TestPostgres;
import java.util.Optional;

/**
 * Opens a fresh queue on a backend: the only place that knows how each backend is provisioned. PostgreSQL queues
 * come from {@link TestPostgres} (explicit JDBC URL, else embedded binaries, else Testcontainers): a prefetched,
 * freshly installed schema per test, dropped after it.
 */
final class Backends {

  /** System property: {@code true} keeps the PostgreSQL schema of a failed test for inspection (its name is logged). */
  static final String KEEP_FAILED_PROPERTY = "pgqueuer.test.keep-failed-schemas";

  private Backends() {}

  /** A fresh queue and what closes it. */
  interface Opened extends AutoCloseable {
    /** The backend's repository, driven by the fixture's clock. */
    Repository repository();

    /** Keeps the queue's data after close, when the backend can (PostgreSQL keeps the schema). */
    default void keep() {}

    @Override
    void close();
  }

  /**
   * Opens a fresh, empty, installed queue on {@code backend} whose time source is {@code clock}.
   *
   * @throws PostgresUnavailableException when no PostgreSQL can be provisioned; the message says how to provide one
   */
  static Opened open(Backend backend, ManualClock clock, String testName) {
    switch (backend) {
      case IN_MEMORY:
        InMemoryRepository memory = InMemoryRepository.create(clock);
        return new Opened() {
          @Override
          public Repository repository() {
            return memory;
          }

          @Override
          public void close() {
            memory.close();
          }
        };
      case POSTGRES:
        FreshQueue fresh = FreshQueue.open(postgres(testName), clock);
        return new Opened() {
          @Override
          public Repository repository() {
            return fresh.repository();
          }

          @Override
          public void keep() {
            fresh.keepOnClose();
          }

          @Override
          public void close() {
            fresh.close();
          }
        };
      default:
        throw new IllegalStateException("cannot happen: unknown backend " + backend);
    }
  }

  private static TestPostgres postgres(String testName) {
    try {
      return TestPostgres.shared();
    } catch (PostgresUnavailableException e) {
      throw new PostgresUnavailableException("The postgres backend of " + testName + " has no database. "
          + e.getMessage() + " To report such tests as skipped instead, declare withoutDatabase = SKIP on "
          + "@QueueBackend or @ParityTest.");
    }
  }

  /**
   * Empty when a PostgreSQL database can be provisioned (or must be, because {@link TestPostgres#isRequired()}: the
   * test then fails), else why not. Provisions the shared server on first call.
   */
  static Optional<String> postgresSkipReason() {
    return TestPostgres.isRequired() ? Optional.empty() : TestPostgres.unavailableReason();
  }
}
