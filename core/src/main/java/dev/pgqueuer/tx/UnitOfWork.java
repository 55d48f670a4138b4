package dev.pgqueuer.tx;

import java.sql.Connection;
import java.util.Objects;

/**
 * A caller-owned transaction that queue writes can join ({@link dev.pgqueuer.port.UnitOfWorkPort#in}). Its jobs and
 * log rows become visible to others together when it commits and never exist when it rolls back.
 *
 * <p>Backends accept: PostgreSQL, any {@link ConnectionUnitOfWork} and its own {@link ManagedUnitOfWork}s; in
 * memory, only the {@link ManagedUnitOfWork}s of the same repository. Anything else is rejected with
 * {@link IllegalArgumentException} before any effect.
 */
public interface UnitOfWork {

  /**
   * The caller's connection and its transaction. The repository runs its statements on {@code connection} and never
   * commits, rolls back, closes it or changes its autocommit mode: that stays the caller's.
   *
   * @throws NullPointerException when {@code connection} is null
   */
  static ConnectionUnitOfWork jdbc(Connection connection) {
    Objects.requireNonNull(connection, "connection");
    return new JdbcConnection(connection);
  }

  /** The unit of work of {@link #jdbc}. */
  record JdbcConnection(Connection connection) implements ConnectionUnitOfWork {
    /** @throws NullPointerException when {@code connection} is null */
    public JdbcConnection {
      Objects.requireNonNull(connection, "connection");
    }
  }
}
