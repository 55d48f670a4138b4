package dev.pgqueuer.testdatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The reset of a used schema: rows deleted and id sequences restarted when the schema is as installed; nothing
 * changed when it is not a queue schema; a lost session replaced by a new one.
 */
class SchemaRecyclingTest {

  private static final List<String> TABLES = List.of("pgqueuer", "pgqueuer_log", "pgqueuer_statistics",
      "pgqueuer_schedules");

  /** Schemas with the queue's four tables (ids only), as far as the reset is concerned a queue schema. */
  private static final SchemaInstaller QUEUE_TABLES = (dataSource, names) -> {
    List<String> statements = new ArrayList<>(List.of("CREATE SCHEMA \"" + names.schema() + "\""));
    TABLES.forEach(t -> statements.add(
        "CREATE TABLE \"" + names.schema() + "\"." + t + " (id bigserial PRIMARY KEY, note text)"));
    execute(dataSource, statements);
  };
  private static final SchemaInstaller OTHER_TABLE = (dataSource, names) -> execute(dataSource,
      List.of("CREATE SCHEMA \"" + names.schema() + "\"", "CREATE TABLE \"" + names.schema() + "\".marker (id int)"));

  private TestPostgres pg;
  private Connection lastSession;

  @BeforeEach
  void server() {
    pg = TestPostgres.sharedOrAbort();
  }

  @Test
  void anUnchangedSchemaIsEmptiedAndItsIdsStartAgainAtOne() throws SQLException {
    try (TestSchema leased = pg.newSchema(QUEUE_TABLES)) {
      String schema = leased.schema();
      String installed = fingerprint(schema);
      insertOneRowEach(schema);
      try (SchemaRecycling recycling = new SchemaRecycling(sessions())) {
        assertThat(recycling.recycle(schema, installed)).isTrue();
      }
      for (String table : TABLES) {
        assertThat(single("SELECT count(*) FROM \"" + schema + "\"." + table)).as(table).isZero();
      }
      insertOneRowEach(schema);
      for (String table : TABLES) {
        assertThat(single("SELECT max(id) FROM \"" + schema + "\"." + table)).as(table).isEqualTo(1);
      }
    }
  }

  @Test
  void aSchemaWithoutTheQueueTablesIsNotRecycledAndKeepsItsRows() throws SQLException {
    try (TestSchema leased = pg.newSchema(OTHER_TABLE)) {
      String schema = leased.schema();
      execute(pg.dataSource(), List.of("INSERT INTO \"" + schema + "\".marker VALUES (1)"));
      String installed = fingerprint(schema);
      try (SchemaRecycling recycling = new SchemaRecycling(sessions())) {
        assertThat(recycling.recycle(schema, installed)).isFalse();
      }
      assertThat(single("SELECT count(*) FROM \"" + schema + "\".marker")).isEqualTo(1);
    }
  }

  @Test
  void aLostSessionFailsOneResetAndTheNextOpensAnother() throws SQLException {
    try (TestSchema leased = pg.newSchema(QUEUE_TABLES);
        SchemaRecycling recycling = new SchemaRecycling(sessions())) {
      String schema = leased.schema();
      String installed = fingerprint(schema);
      assertThat(recycling.recycle(schema, installed)).isTrue();
      int pid = lastSession.unwrap(PGConnection.class).getBackendPID();
      execute(pg.dataSource(), List.of("SELECT pg_terminate_backend(" + pid + ")"));
      insertOneRowEach(schema);
      assertThatThrownBy(() -> recycling.recycle(schema, installed)).isInstanceOf(SQLException.class);
      assertThat(recycling.recycle(schema, installed)).isTrue();
      assertThat(lastSession.unwrap(PGConnection.class).getBackendPID()).isNotEqualTo(pid);
      assertThat(single("SELECT count(*) FROM \"" + schema + "\".pgqueuer")).isZero();
    }
  }

  private void insertOneRowEach(String schema) throws SQLException {
    List<String> inserts = new ArrayList<>();
    TABLES.forEach(t -> inserts.add("INSERT INTO \"" + schema + "\"." + t + " (note) VALUES ('x')"));
    execute(pg.dataSource(), inserts);
  }

  private String fingerprint(String schema) throws SQLException {
    try (Connection c = pg.dataSource().getConnection()) {
      return SchemaRecycling.fingerprint(c, schema);
    }
  }

  private long single(String sql) throws SQLException {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(DataSource dataSource, List<String> statements) {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** New connections to the test server, the last one remembered. */
  private DataSource sessions() {
    PGSimpleDataSource sessions = new PGSimpleDataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        lastSession = super.getConnection();
        return lastSession;
      }
    };
    sessions.setURL(pg.jdbcUrl());
    return sessions;
  }
}
