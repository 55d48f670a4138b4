package dev.pgqueuer.tx;

import dev.pgqueuer.PgQueuerException;

/**
 * A queue call in a unit of work that an earlier failed call aborted, or the commit of such a unit (which rolls it
 * back). On PostgreSQL the transaction is aborted (SQLState 25P02) until the caller rolls it back (or back to a
 * savepoint taken before the failed call); the in-memory backend behaves the same.
 */
public final class UnitOfWorkAbortedException extends PgQueuerException {

  private static final long serialVersionUID = 1L;

  /** @param message what was refused, with context */
  public UnitOfWorkAbortedException(String message) {
    super(message);
  }

  /** @param message what was refused, with context @param cause the driver's failure */
  public UnitOfWorkAbortedException(String message, Throwable cause) {
    super(message, cause);
  }
}
