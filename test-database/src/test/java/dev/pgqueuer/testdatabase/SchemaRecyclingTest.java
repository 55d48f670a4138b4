package dev.pgqueuer.testdatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
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

  private static final SchemaInstaller OTHER_TABLE = (dataSource, names) -> {
    try {
      Schemas.execute(dataSource, "CREATE SCHEMA \"" + names.schema() + "\"",
          "CREATE TABLE \"" + names.schema() + "\".marker (id int)");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  };

  private TestPostgres pg;
  private Connection lastSession;

  @BeforeEach
  void server() {
    pg = TestPostgres.sharedOrAbort();
  }

  @Test
  void anUnchangedSchemaIsEmptiedAndItsIdsStartAgainAtOne() throws SQLException {
    try (TestSchema leased = pg.newSchema(Schemas.QUEUE_TABLES)) {
      String schema = leased.schema();
      String installed = fingerprint(schema);
      insertOneRowEach(schema);
      try (SchemaRecycling recycling = new SchemaRecycling(sessions())) {
        assertThat(recycling.recycle(schema, installed)).isTrue();
      }
      for (String table : Schemas.QUEUE_TABLE_NAMES) {
        assertThat(single("SELECT count(*) FROM \"" + schema + "\"." + table)).as(table).isZero();
      }
      insertOneRowEach(schema);
      for (String table : Schemas.QUEUE_TABLE_NAMES) {
        assertThat(single("SELECT max(id) FROM \"" + schema + "\"." + table)).as(table).isEqualTo(1);
      }
    }
  }

  @Test
  void aSchemaWithoutTheQueueTablesIsNotRecycledAndKeepsItsRows() throws SQLException {
    try (TestSchema leased = pg.newSchema(OTHER_TABLE)) {
      String schema = leased.schema();
      Schemas.execute(pg.dataSource(), "INSERT INTO \"" + schema + "\".marker VALUES (1)");
      String installed = fingerprint(schema);
      try (SchemaRecycling recycling = new SchemaRecycling(sessions())) {
        assertThat(recycling.recycle(schema, installed)).isFalse();
      }
      assertThat(single("SELECT count(*) FROM \"" + schema + "\".marker")).isEqualTo(1);
    }
  }

  @Test
  void aLostSessionFailsOneResetAndTheNextOpensAnother() throws SQLException {
    try (TestSchema leased = pg.newSchema(Schemas.QUEUE_TABLES);
        SchemaRecycling recycling = new SchemaRecycling(sessions())) {
      String schema = leased.schema();
      String installed = fingerprint(schema);
      assertThat(recycling.recycle(schema, installed)).isTrue();
      int pid = lastSession.unwrap(PGConnection.class).getBackendPID();
      Schemas.execute(pg.dataSource(), "SELECT pg_terminate_backend(" + pid + ")");
      insertOneRowEach(schema);
      assertThatThrownBy(() -> recycling.recycle(schema, installed)).isInstanceOf(SQLException.class);
      assertThat(recycling.recycle(schema, installed)).isTrue();
      assertThat(lastSession.unwrap(PGConnection.class).getBackendPID()).isNotEqualTo(pid);
      assertThat(single("SELECT count(*) FROM \"" + schema + "\".pgqueuer")).isZero();
    }
  }

  private void insertOneRowEach(String schema) throws SQLException {
    List<String> inserts = new ArrayList<>();
    Schemas.QUEUE_TABLE_NAMES.forEach(
        t -> inserts.add("INSERT INTO \"" + schema + "\"." + t + " (note) VALUES ('x')"));
    Schemas.execute(pg.dataSource(), inserts.toArray(new String[0]));
  }

  private String fingerprint(String schema) throws SQLException {
    try (Connection c = pg.dataSource().getConnection()) {
      return SchemaRecycling.fingerprint(c, schema);
    }
  }

  private long single(String sql) throws SQLException {
    return Schemas.count(pg.dataSource(), sql);
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
