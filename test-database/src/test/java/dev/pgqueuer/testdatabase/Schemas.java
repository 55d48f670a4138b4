package dev.pgqueuer.testdatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Raw catalog helpers for the provisioning tests (schema names are the tests' own, quoted as they are). */
final class Schemas {

  /** The queue's four tables, as the reset of a used schema finds them. */
  static final List<String> QUEUE_TABLE_NAMES =
      List.of("pgqueuer", "pgqueuer_log", "pgqueuer_statistics", "pgqueuer_schedules");

  /** Schemas with the queue's four tables (ids only): as far as the reset is concerned, a queue schema. */
  static final SchemaInstaller QUEUE_TABLES = (dataSource, names) -> {
    List<String> statements = new ArrayList<>(List.of("CREATE SCHEMA \"" + names.schema() + "\""));
    QUEUE_TABLE_NAMES.forEach(t -> statements.add(
        "CREATE TABLE \"" + names.schema() + "\"." + t + " (id bigserial PRIMARY KEY, note text)"));
    try {
      execute(dataSource, statements.toArray(new String[0]));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  };

  private Schemas() {}

  /** Runs {@code statements} in order on one connection of {@code dataSource}. */
  static void execute(DataSource dataSource, String... statements) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  /** The {@code long} in the first column of the first row of {@code sql}, its {@code ?}s bound to {@code values}. */
  static long count(DataSource dataSource, String sql, String... values) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setString(i + 1, values[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static void create(TestPostgres pg, String schema) throws SQLException {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA \"" + schema + "\"");
      st.execute("CREATE TABLE \"" + schema + "\".t (id int)");
    }
  }

  static void drop(TestPostgres pg, String schema) throws SQLException {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(SchemaOwnership.dropStatement(List.of(schema)));
    }
  }

  static boolean exists(TestPostgres pg, String schema) throws SQLException {
    return query(pg, "SELECT 'yes' FROM pg_namespace WHERE nspname = ?", schema) != null;
  }

  static @Nullable String comment(TestPostgres pg, String schema) throws SQLException {
    return query(pg, "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?", schema);
  }

  private static @Nullable String query(TestPostgres pg, String sql, String schema) throws SQLException {
    try (Connection c = pg.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
