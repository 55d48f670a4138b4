package dev.pgqueuer.tx;

import java.sql.Connection;

/**
 * A unit of work that is a JDBC connection's open transaction (PostgreSQL). The repository asks for the connection
 * once per queue call (so a lambda over a transaction manager's thread-bound connection works), runs that call's
 * statements on it and leaves commit, rollback, closing and the autocommit mode to the caller. The connection must
 * have autocommit off, else the call fails with {@link IllegalStateException} before any effect.
 */
@FunctionalInterface
public interface ConnectionUnitOfWork extends UnitOfWork {

  /** The connection whose transaction the next queue call joins; never {@code null}. */
  Connection connection();
}
