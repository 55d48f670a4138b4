package dev.pgqueuer.junit;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.Repository;
import java.util.Optional;

/** Opens a fresh queue on a backend: the only place that knows how each backend is provisioned. */
final class Backends {

  private Backends() {}

  /** A fresh queue and what closes it. */
  interface Opened extends AutoCloseable {
    /** The backend's repository, driven by the fixture's clock. */
    Repository repository();

    @Override
    void close();
  }

  /** Opens a fresh, empty, installed queue on {@code backend} whose time source is {@code clock}. */
  static Opened open(Backend backend, ManualClock clock, String testId) {
    switch (backend) {
      case IN_MEMORY:
        InMemoryRepository repository = InMemoryRepository.create(clock);
        return new Opened() {
          @Override
          public Repository repository() {
            return repository;
          }

          @Override
          public void close() {
            repository.close();
          }
        };
      case POSTGRES:
        throw new IllegalStateException("PostgreSQL provisioning is not wired yet (test " + testId + ")");
      default:
        throw new IllegalStateException("cannot happen: unknown backend " + backend);
    }
  }

  /** Empty when a PostgreSQL database can be provisioned, else why not and how to provide one. */
  static Optional<String> postgresUnavailable() {
    return Optional.of("PostgreSQL provisioning is not wired yet");
  }
}
