package dev.pgqueuer.port;

import dev.pgqueuer.tx.ManagedUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;

/**
 * Queue writes inside caller-owned units of work (transactional enqueue, cancellation, retry, requeue and
 * completion). The rules are in {@code docs/semantics.md}, section "Units of work"; the conformance suite pins each
 * one on both backends. Thread-safe.
 */
public interface UnitOfWorkPort {

  /**
   * Opens a unit of work: on PostgreSQL a transaction on a connection borrowed from the repository's data source
   * (returned when the unit ends; the unit is also a {@link dev.pgqueuer.tx.ConnectionUnitOfWork}, so the caller's
   * own statements can share it); in memory an isolated unit with the same observable behaviour.
   *
   * @throws dev.pgqueuer.RepositoryException when no connection can be had
   */
  ManagedUnitOfWork begin();

  /**
   * The queue calls of {@code uow}: each joins it instead of committing on its own. Nothing is checked or sent
   * until a call is made.
   *
   * @throws IllegalArgumentException when this backend cannot join {@code uow} (see {@link UnitOfWork})
   * @throws NullPointerException when {@code uow} is null
   */
  QueueWrites in(UnitOfWork uow);
}
