package dev.pgqueuer.testdatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Raw catalog helpers for the provisioning tests (schema names are the tests' own, quoted as they are). */
final class Schemas {

  private Schemas() {}

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
