package dev.pgqueuer.spring.boot;

import dev.pgqueuer.testdatabase.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A PostgreSQL schema of its own for one test, on the test server ({@link TestPostgres}: the URL in
 * {@code PGQUEUER_TEST_JDBC_URL}, else the embedded server); dropped on close.
 */
final class TestDatabase implements AutoCloseable {

  /** The shared pool, behind a wrapper without close(): a context closing its DataSource bean leaves it open. */
  final DataSource dataSource = new DelegatingDataSource(TestPostgres.shared().dataSource());
  final String schema = "pgq_spring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  boolean hasQueueTable() {
    return exists("SELECT 1 FROM pg_tables WHERE schemaname = '" + schema + "' AND tablename = 'pgqueuer'");
  }

  void execute(String sql) {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private boolean exists(String sql) {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      return st.executeQuery(sql).next();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }
}
