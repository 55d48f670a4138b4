package dev.pgqueuer.tx;

import java.util.Optional;

/**
 * The SPI a framework module implements to let queue writes join the framework's transactions: the unit of work
 * bound to the current thread, if any. For PostgreSQL that is typically a {@link ConnectionUnitOfWork} over the
 * transaction manager's thread-bound connection; for the in-memory backend a {@link ManagedUnitOfWork} from
 * {@code begin()} that the framework commits and rolls back with its transaction. Used by
 * {@link JoiningQueueWrites}. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface UnitOfWorkProvider {

  /** The unit of work the current call should join, or empty to run the call on its own. */
  Optional<UnitOfWork> current();
}
