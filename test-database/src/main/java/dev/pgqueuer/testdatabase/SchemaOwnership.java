package dev.pgqueuer.testdatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Which JVM owns which test schemas, so that the schemas of a test run that died without cleaning up (killed,
 * crashed, stopped from the IDE) are dropped by the next one instead of piling up in a shared database.
 *
 * <p>Test schemas are named {@code pgqt_<tag>_<n>}, the tag being random per JVM run. The owning JVM holds a
 * session-level advisory lock on its tag over a dedicated connection for as long as it runs; PostgreSQL releases it
 * when that session ends, however the JVM ended. {@link #sweep()} drops every test schema whose tag's lock it can
 * take: nobody holds it, so its JVM is gone. Schemas kept for inspection ({@link #markKept}) are never swept; drop
 * them by hand.
 *
 * <p>Not thread-safe: one owner per pool, used by one thread at a time. Closing it releases the lock at once.
 */
final class SchemaOwnership implements AutoCloseable {

  /** The first key of every ownership lock (the second is {@code hashtext(tag)}): "pqt1". */
  static final int LOCK_CLASS = 0x70717431;
  /** The comment that marks a kept schema. */
  static final String KEPT_COMMENT = "pgqueuer test schema kept for inspection";

  /** A test schema's name; group 1 is its run's tag. Java and PostgreSQL read this regular expression alike. */
  private static final String NAME_REGEX = "^pgqt_([0-9a-f]{8})_[0-9]+$";
  private static final Pattern NAME = Pattern.compile(NAME_REGEX);
  private static final String TEST_SCHEMAS = "SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname ~ ? "
      + "AND obj_description(n.oid, 'pg_namespace') IS DISTINCT FROM ? ORDER BY n.nspname";

  private final String tag;
  private final Connection session;

  /**
   * Takes the lock of {@code tag} on a new connection of {@code dataSource} (not a pooled one: the connection is
   * held until {@link #close()}).
   *
   * @throws SQLException when the connection or the lock statement fails
   */
  SchemaOwnership(DataSource dataSource, String tag) throws SQLException {
    this.tag = tag;
    this.session = dataSource.getConnection();
    try {
      // a live JVM whose tag hashes alike holds it already: then neither run's schemas are swept while both live
      bool("SELECT pg_try_advisory_lock(?, hashtext(?))", LOCK_CLASS, tag);
    } catch (SQLException e) {
      session.close();
      throw e;
    }
  }

  /** A new random run tag: 8 lower-case hex digits. */
  static String newTag() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
  }

  /** The name of run {@code tag}'s {@code n}-th schema. */
  static String schemaName(String tag, int n) {
    return "pgqt_" + tag + "_" + n;
  }

  /**
   * Drops the test schemas of every JVM that is gone (their tag's lock is free; one statement per run), never kept
   * ones, and never this owner's: its own tag hashes like itself, which {@link #lockForeign} refuses.
   *
   * @return the schemas dropped, in name order
   * @throws SQLException when a catalog query, lock or drop fails (the schemas of runs swept before it stay dropped)
   */
  List<String> sweep() throws SQLException {
    Map<String, List<String>> byTag = new LinkedHashMap<>();
    try (PreparedStatement ps = session.prepareStatement(TEST_SCHEMAS)) {
      ps.setString(1, NAME_REGEX);
      ps.setString(2, KEPT_COMMENT);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String schema = rs.getString(1);
          Matcher m = NAME.matcher(schema);
          if (m.matches()) {
            byTag.computeIfAbsent(m.group(1), t -> new ArrayList<>()).add(schema);
          }
        }
      }
    }
    List<String> dropped = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byTag.entrySet()) {
      if (!lockForeign(e.getKey())) {
        continue;
      }
      try (Statement st = session.createStatement()) {
        st.execute(dropStatement(e.getValue()));
        dropped.addAll(e.getValue());
      } finally {
        unlock(e.getKey());
      }
    }
    return dropped;
  }

  /**
   * {@code DROP SCHEMA IF EXISTS "a", "b", ... CASCADE} for test schemas (one statement, so all or none go).
   *
   * @throws IllegalArgumentException when {@code schemas} is empty or a name is not a test schema's
   */
  static String dropStatement(List<String> schemas) {
    if (schemas.isEmpty()) {
      throw new IllegalArgumentException("no test schemas to drop");
    }
    StringBuilder sql = new StringBuilder("DROP SCHEMA IF EXISTS ");
    for (int i = 0; i < schemas.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(quoted(schemas.get(i)));
    }
    return sql.append(" CASCADE").toString();
  }

  /** Marks {@code schema} kept, so that no sweep ever drops it. */
  static void markKept(Connection c, String schema) throws SQLException {
    String name = quoted(schema);
    try (Statement st = c.createStatement()) {
      // COMMENT takes no bind parameters; the text is a constant without quotes
      st.execute("COMMENT ON SCHEMA " + name + " IS '" + KEPT_COMMENT + "'");
    }
  }

  /**
   * {@code "schema"}, once {@code schema} is known to be a test schema's name (lower-case hex, digits and
   * underscores only, so quoting needs no escapes).
   *
   * @throws IllegalArgumentException for any other name
   */
  private static String quoted(String schema) {
    if (!NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a test schema name: " + schema);
    }
    return '"' + schema + '"';
  }

  /**
   * Takes the lock of another run's tag if it is free. A tag that hashes like this owner's is never taken: this
   * session holds that lock already, so taking it again would succeed whether or not its run is alive.
   */
  private boolean lockForeign(String foreign) throws SQLException {
    return bool("SELECT CASE WHEN hashtext(?) = hashtext(?) THEN false ELSE pg_try_advisory_lock(?, hashtext(?)) END",
        foreign, tag, LOCK_CLASS, foreign);
  }

  /** Runs a one-value boolean query with {@code args} bound in order on the ownership session. */
  private boolean bool(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = session.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /**
   * Releases the lock, then ends the session. The explicit unlock makes the release synchronous: the server ends
   * a closed session's backend (and only then frees its locks) a moment after the client has gone.
   */
  @Override
  public void close() throws SQLException {
    try {
      unlock(tag);
    } finally {
      session.close();
    }
  }

  private void unlock(String owner) throws SQLException {
    bool("SELECT pg_advisory_unlock(?, hashtext(?))", LOCK_CLASS, owner);
  }
}
