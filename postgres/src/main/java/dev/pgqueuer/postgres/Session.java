package dev.pgqueuer.postgres;

import dev.pgqueuer.tx.ConnectionUnitOfWork;
import dev.pgqueuer.tx.UnitOfWorkAbortedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * Where a queue call runs: its own transaction ({@link #OWN}), or the caller's open transaction on a
 * {@link ConnectionUnitOfWork} ({@link #of}). In the caller's transaction every call is bracketed by a savepoint
 * sent in the same round trip as the call's statements ({@link #sql}), so a failed call is rolled back to it and
 * leaves the caller's transaction usable, exactly like the in-memory unit of work; the repository never commits,
 * rolls back or closes the caller's connection. Thread-safe (holds no connection).
 */
abstract class Session {

  /** The savepoint of one call; nested savepoints of the caller are untouched. */
  static final String SAVEPOINT = "pgqueuer_call";

  /** Every call in its own transaction on a connection borrowed from the repository's data source. */
  static Session own(Jdbc jdbc) {
    return new Own(jdbc);
  }

  /** Every call in the caller's transaction on the connection of {@code uow}. */
  static Session of(ConnectionUnitOfWork uow) {
    return new Joined(uow);
  }

  /** {@code statement} (one or more statements) as this session sends it. */
  abstract String sql(String statement);

  /** How many statements {@link #sql} put in front of the call's own. */
  abstract int lead();

  /** Runs {@code work}, which sends exactly one execution of a string made by {@link #sql}. */
  abstract <T> T oneRoundTrip(String operation, Jdbc.Work<T> work);

  /** Runs {@code work}, which may send several executions of plain statements, atomically. */
  abstract <T> T transaction(String operation, Jdbc.Work<T> work);

  /** Runs a read after a failed call (the clash's key): it sees what the failed call's transaction sees. */
  abstract <T> T afterFailure(String operation, Jdbc.Work<T> work);

  /** A failure inside the work that already rolled the call back to its savepoint: passes through unchanged. */
  static final class Clash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Clash() {
      super(null, null, false, false);
    }
  }

  private static final class Own extends Session {
    private final Jdbc jdbc;

    Own(Jdbc jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    String sql(String statement) {
      return statement;
    }

    @Override
    int lead() {
      return 0;
    }

    @Override
    <T> T oneRoundTrip(String operation, Jdbc.Work<T> work) {
      return jdbc.oneRoundTrip(operation, work);
    }

    @Override
    <T> T transaction(String operation, Jdbc.Work<T> work) {
      return jdbc.transaction(operation, work);
    }

    @Override
    <T> T afterFailure(String operation, Jdbc.Work<T> work) {
      return jdbc.autocommit(operation, work);
    }
  }

  private static final class Joined extends Session {
    private static final String BEGIN = "SAVEPOINT " + SAVEPOINT + ";\n";
    private static final String END = ";\nRELEASE SAVEPOINT " + SAVEPOINT;
    private static final String UNDO = "ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT;
    /** in_failed_sql_transaction: the caller's transaction was aborted before this call. */
    private static final String ABORTED = "25P02";

    private final ConnectionUnitOfWork uow;

    Joined(ConnectionUnitOfWork uow) {
      this.uow = uow;
    }

    @Override
    String sql(String statement) {
      return BEGIN + statement + END;
    }

    @Override
    int lead() {
      return 1;
    }

    private Connection connection(String operation) {
      Connection c = Objects.requireNonNull(uow.connection(), "the unit of work returned a null connection");
      boolean autoCommit;
      try {
        autoCommit = c.getAutoCommit();
      } catch (SQLException e) {
        throw SqlErrors.map(operation, e);
      }
      if (autoCommit) {
        throw new IllegalStateException(operation + " in a unit of work needs a connection with autocommit off "
            + "(an open transaction); this one commits every statement");
      }
      return c;
    }

    @Override
    <T> T oneRoundTrip(String operation, Jdbc.Work<T> work) {
      Connection c = connection(operation);
      try {
        return work.run(c);
      } catch (SQLException e) {
        undo(operation, c, e);
        throw SqlErrors.map(operation, e);
      } catch (Clash e) {
        undo(operation, c, e);
        throw e;
      }
    }

    @Override
    <T> T transaction(String operation, Jdbc.Work<T> work) {
      Connection c = connection(operation);
      try (Statement st = c.createStatement()) {
        st.execute("SAVEPOINT " + SAVEPOINT);
      } catch (SQLException e) {
        throw failed(operation, e);
      }
      try {
        T result = work.run(c);
        try (Statement st = c.createStatement()) {
          st.execute("RELEASE SAVEPOINT " + SAVEPOINT);
        }
        return result;
      } catch (SQLException e) {
        undo(operation, c, e);
        throw SqlErrors.map(operation, e);
      } catch (RuntimeException e) {
        undo(operation, c, e);
        throw e;
      }
    }

    @Override
    <T> T afterFailure(String operation, Jdbc.Work<T> work) {
      try {
        return work.run(connection(operation));
      } catch (SQLException e) {
        throw SqlErrors.map(operation, e);
      }
    }

    /** Rolls the call back to its savepoint; a caller's transaction that was already aborted is reported so. */
    private static void undo(String operation, Connection c, Exception cause) {
      if (cause instanceof SQLException && ABORTED.equals(((SQLException) cause).getSQLState())) {
        throw failed(operation, (SQLException) cause);
      }
      try (Statement st = c.createStatement()) {
        st.execute(UNDO);
      } catch (SQLException e) {
        e.addSuppressed(cause);
        throw failed(operation, e);
      }
    }

    private static RuntimeException failed(String operation, SQLException e) {
      if (ABORTED.equals(e.getSQLState())) {
        return new UnitOfWorkAbortedException(operation + " cannot run: the unit of work's transaction was aborted "
            + "by an earlier failed statement; roll it back", e);
      }
      return SqlErrors.map(operation, e);
    }
  }
}
