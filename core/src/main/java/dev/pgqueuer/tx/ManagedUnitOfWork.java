package dev.pgqueuer.tx;

import java.util.function.Consumer;

/**
 * A unit of work the repository opened for the caller ({@link dev.pgqueuer.port.UnitOfWorkPort#begin()}); the same
 * API on both backends. It ends exactly once, by {@link #commit()} or {@link #rollback()}; {@link #close()} rolls
 * back one that is still open, so try-with-resources without a commit is a rollback.
 *
 * <p>Thread-safety: one call at a time; a unit may be handed from one thread to another between calls.
 */
public interface ManagedUnitOfWork extends UnitOfWork, AutoCloseable {

  /**
   * Makes the unit's writes visible to others, all together, and delivers their events.
   *
   * @throws IllegalStateException when the unit already ended
   * @throws UnitOfWorkAbortedException when a call in the unit failed; the unit is rolled back instead
   */
  void commit();

  /**
   * Discards the unit's writes: no job, no log row, no event. Ids it drew stay consumed.
   *
   * @throws IllegalStateException when the unit already ended
   */
  void rollback();

  /** Whether the unit has not ended yet. */
  boolean isOpen();

  /**
   * Runs {@code listener} once the unit ends, with {@code true} after a commit and {@code false} after a rollback,
   * in registration order on the thread that ended it; the first exception a listener throws propagates from
   * {@code commit}/{@code rollback} once every listener ran (later ones are added to it as suppressed). For other resources joining the
   * same unit (an in-memory fake of the application's own tables, for instance).
   *
   * @throws IllegalStateException when the unit already ended
   */
  void onCompletion(Consumer<Boolean> listener);

  /** Rolls back when still open; otherwise does nothing. */
  @Override
  void close();
}
