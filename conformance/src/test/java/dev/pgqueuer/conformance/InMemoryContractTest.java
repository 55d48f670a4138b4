package dev.pgqueuer.conformance;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.Repository;

/** Runs the whole contract against the in-memory repository. */
class InMemoryContractTest implements RepositoryContract {

  @Override
  public Repository newRepository(ManualClock clock) {
    return InMemoryRepository.create(clock);
  }
}
