package dev.pgqueuer.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A small JDBC helper: one transaction per port call on a connection borrowed from the data source, statements and
 * result sets closed by try-with-resources, failures mapped by {@link SqlErrors}. Thread-safe (holds no connection).
 */
final class Jdbc {

  /** Work inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Maps the current row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** deadlock_detected: the victim's transaction had no effect, so the call may run again. */
  private static final String RETRYABLE = "40P01";
  private static final int MAX_ATTEMPTS = 3;

  private final DataSource dataSource;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs {@code work} in one transaction and commits; rolls back on any failure. {@link SQLException}s are mapped
   * for {@code operation}; unchecked exceptions thrown by the work (e.g. a mapped duplicate) pass through. A
   * transaction chosen as a deadlock victim (two calls locking the same rows in opposite orders) had no effect and
   * runs again, up to three times, with the same bound values (the caller captured {@code now} before); an
   * enqueue retried this way draws its ids again.
   */
  <T> T transaction(String operation, Work<T> work) {
    return retryingDeadlocks(() -> transactionOnce(operation, work));
  }

  /**
   * Runs {@code work} that sends exactly one execution (one prepared string, possibly of several statements) on a
   * connection in autocommit mode: PostgreSQL runs everything sent before the protocol's Sync message as one
   * implicit transaction, committed at the Sync, so the call is as atomic as {@link #transaction} and saves the
   * separate COMMIT round trip. Deadlock victims run again as in {@link #transaction}. Work that sends more than
   * one execution must use {@link #transaction}: each execution would commit on its own.
   */
  <T> T oneRoundTrip(String operation, Work<T> work) {
    return retryingDeadlocks(() -> autocommit(operation, work));
  }

  private static <T> T retryingDeadlocks(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        if (attempt >= MAX_ATTEMPTS || !(e.getCause() instanceof SQLException)
            || !RETRYABLE.equals(((SQLException) e.getCause()).getSQLState())) {
          throw e;
        }
      }
    }
  }

  private <T> T transactionOnce(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        if (autoCommit) {
          c.setAutoCommit(true);
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.map(operation, e);
    }
  }

  /** Runs {@code work} on a connection in autocommit mode (one statement = one transaction). */
  <T> T autocommit(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (!autoCommit) {
        c.setAutoCommit(true);
      }
      try {
        return work.run(c);
      } finally {
        if (!autoCommit) {
          c.setAutoCommit(false);
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.map(operation, e);
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Executes a prepared string of one or more SQL statements separated by semicolons (PgJDBC sends them in one
   * round trip, each with its own snapshot), skips the results of the first {@code skip} statements and maps
   * every row of the next one, which must be a query.
   */
  static <T> List<T> query(PreparedStatement ps, int skip, RowMapper<T> mapper) throws SQLException {
    ps.execute();
    for (int i = 0; i < skip; i++) {
      ps.getMoreResults();
    }
    try (ResultSet rs = ps.getResultSet()) {
      if (rs == null) {
        throw new IllegalStateException("cannot happen: statement " + (skip + 1) + " returned no rows");
      }
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }
  }

  /** The single row of {@link #query}. */
  static <T> T queryOne(PreparedStatement ps, int skip, RowMapper<T> mapper) throws SQLException {
    List<T> rows = query(ps, skip, mapper);
    if (rows.size() != 1) {
      throw new IllegalStateException("cannot happen: expected one row, got " + rows.size());
    }
    return rows.get(0);
  }

  /** Sequential parameter binding for one prepared statement. Not thread-safe. */
  static final class Binder {
    private final Connection connection;
    private final PreparedStatement ps;
    private int index = 1;

    Binder(Connection connection, PreparedStatement ps) {
      this.connection = connection;
      this.ps = ps;
    }

    /** Binds a {@code timestamptz}, or SQL null (the database clock). */
    Binder instant(@Nullable Instant value) throws SQLException {
      if (value == null) {
        ps.setNull(index++, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        ps.setObject(index++, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
      }
      return this;
    }

    Binder text(@Nullable String value) throws SQLException {
      ps.setString(index++, value);
      return this;
    }

    Binder bigint(long value) throws SQLException {
      ps.setLong(index++, value);
      return this;
    }

    Binder nullableBigint(@Nullable Long value) throws SQLException {
      if (value == null) {
        ps.setNull(index++, Types.BIGINT);
      } else {
        ps.setLong(index++, value);
      }
      return this;
    }

    Binder integer(@Nullable Integer value) throws SQLException {
      if (value == null) {
        ps.setNull(index++, Types.INTEGER);
      } else {
        ps.setInt(index++, value);
      }
      return this;
    }

    Binder uuid(UUID value) throws SQLException {
      ps.setObject(index++, value);
      return this;
    }

    /** Binds a SQL array of {@code type} ({@code text}, {@code int8}, {@code int4}, {@code bytea}). */
    Binder array(String type, Object[] elements) throws SQLException {
      Array array = connection.createArrayOf(type, elements);
      ps.setArray(index++, array);
      return this;
    }
  }
}
