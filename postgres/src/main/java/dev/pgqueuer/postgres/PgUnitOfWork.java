package dev.pgqueuer.postgres;

import dev.pgqueuer.tx.ConnectionUnitOfWork;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import dev.pgqueuer.tx.UnitOfWorkAbortedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * A unit of work the repository opened ({@link PostgresRepository#begin()}): a transaction on a connection borrowed
 * from the data source and returned when the unit ends. It is also a {@link ConnectionUnitOfWork}, so the caller's
 * own statements can share the transaction. One call at a time.
 */
final class PgUnitOfWork implements ManagedUnitOfWork, ConnectionUnitOfWork {

  /** in_failed_sql_transaction. */
  private static final String ABORTED = "25P02";

  private final Connection connection;
  private final List<Consumer<Boolean>> listeners = new ArrayList<>();
  private boolean open = true;

  private PgUnitOfWork(Connection connection) {
    this.connection = connection;
  }

  static PgUnitOfWork begin(DataSource dataSource) {
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(false);
      return new PgUnitOfWork(c);
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw SqlErrors.map("begin", e);
    }
  }

  @Override
  public Connection connection() {
    requireOpen("use");
    return connection;
  }

  @Override
  public void commit() {
    requireOpen("commit");
    boolean committed = false;
    RuntimeException failure = null;
    try {
      connection.commit();
      committed = true;
    } catch (SQLException e) {
      failure = ABORTED.equals(e.getSQLState()) || e.getMessage() != null && e.getMessage().contains("ROLLBACK")
          ? new UnitOfWorkAbortedException("commit failed: the unit of work was rolled back", e)
          : SqlErrors.map("commit", e);
      rollbackQuietly(failure);
    }
    end(committed, failure);
  }

  @Override
  public void rollback() {
    requireOpen("roll back");
    RuntimeException failure = null;
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure = SqlErrors.map("rollback", e);
    }
    end(false, failure);
  }

  private void rollbackQuietly(RuntimeException failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private void end(boolean committed, RuntimeException failure) {
    open = false;
    RuntimeException thrown = failure;
    try {
      connection.setAutoCommit(true);
      connection.close();
    } catch (SQLException e) {
      if (thrown == null) {
        thrown = SqlErrors.map("closing the unit of work", e);
      } else {
        thrown.addSuppressed(e);
      }
    }
    for (Consumer<Boolean> listener : listeners) {
      try {
        listener.accept(committed);
      } catch (RuntimeException e) {
        if (thrown == null) {
          thrown = e;
        } else {
          thrown.addSuppressed(e);
        }
      }
    }
    if (thrown != null) {
      throw thrown;
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void onCompletion(Consumer<Boolean> listener) {
    Objects.requireNonNull(listener, "listener");
    requireOpen("register a listener on");
    listeners.add(listener);
  }

  @Override
  public void close() {
    if (open) {
      rollback();
    }
  }

  private void requireOpen(String action) {
    if (!open) {
      throw new IllegalStateException("cannot " + action + " a unit of work that already ended");
    }
  }

  @Override
  public String toString() {
    return "PgUnitOfWork[" + (open ? "open" : "ended") + "]";
  }
}
