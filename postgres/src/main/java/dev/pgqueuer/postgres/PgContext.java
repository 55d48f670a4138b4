package dev.pgqueuer.postgres;

import dev.pgqueuer.SchemaStateException;
import dev.pgqueuer.internal.Times;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * What every operation of one repository shares: the JDBC helper, the rendered names, the time source and the
 * advisory-lock keys. Immutable and thread-safe.
 */
final class PgContext {

  final Jdbc jdbc;
  final SqlNames sql;
  private final @Nullable InstantSource clock;
  /** The first key of the per-entrypoint advisory locks: identifies this queue table. */
  final int queueLockKey;
  /** The advisory lock key (single bigint space) of log aggregation. */
  final long aggregationLockKey;

  /**
   * @param clock the injected time source, {@code null} to use the database clock
   */
  PgContext(Jdbc jdbc, SqlNames sql, @Nullable InstantSource clock) {
    this.jdbc = jdbc;
    this.sql = sql;
    this.clock = clock;
    String queue = sql.qualified(sql.names().queueTable());
    String stats = sql.qualified(sql.names().statisticsTable());
    this.queueLockKey = ("pgqueuer.dequeue:" + queue).hashCode();
    this.aggregationLockKey =
        ((long) ("pgqueuer.aggregate".hashCode()) << 32) | (stats.hashCode() & 0xffffffffL);
  }

  /** Whether {@code now} comes from the injected time source (else from the database). */
  boolean injectedClock() {
    return clock != null;
  }

  /** The call's {@code now}, truncated to microseconds; {@code null} with the database clock. */
  @Nullable Instant now() {
    return clock == null ? null : Times.truncate(clock.instant());
  }

  /** The time source reported by {@code timeSource()}. */
  InstantSource timeSource() {
    return clock == null ? InstantSource.system() : clock;
  }

  /** {@code template} rendered for this queue, checked complete. */
  String render(String template) {
    return SqlNames.complete(sql.render(template));
  }

  /**
   * {@code statement} preceded, with the injected clock, by the statement that hands the call's {@code now} to the
   * NOTIFY trigger; see {@link #nowStatements()}.
   */
  String withNow(String statement) {
    return clock == null ? statement : QueueQueries.SET_NOW + statement;
  }

  /** How many statements {@link #withNow} put in front (0 or 1). */
  int nowStatements() {
    return clock == null ? 0 : 1;
  }

  /** Binds the parameter of the statement {@link #withNow} added, if any. */
  void bindNow(Jdbc.Binder binder, @Nullable Instant now) throws SQLException {
    if (clock != null) {
      binder.text(String.valueOf(now));
    }
  }

  /** The NOTIFY channel. */
  String channel() {
    return sql.names().channel();
  }

  /**
   * Fails with {@link SchemaStateException} when the queue is not installed; used by calls whose input is empty and
   * that would otherwise not touch the database, so that they fail exactly like the in-memory backend.
   */
  void requireInstalled(Connection c, String operation) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, sql.qualified(sql.names().queueTable()));
      if (!Jdbc.queryOne(ps, 0, rs -> rs.getBoolean(1))) {
        throw new SchemaStateException(operation + " needs an installed queue, but "
            + sql.qualified(sql.names().queueTable()) + " does not exist; run install()");
      }
    }
  }
}
