package dev.pgqueuer.testdatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Without the {@code TEMPORARY} privilege the reset of a used schema (a temporary function) cannot run: the pool then
 * drops used schemas and hands out freshly installed ones, so every test still gets an empty schema. Runs in a
 * database of its own, created for each test, whose {@code TEMPORARY} privilege is revoked from a role of its own, so
 * that the shared test database keeps its privileges.
 */
class SchemaPoolTest {

  private TestPostgres pg;
  private final String name = "pgqt_notemp_" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void databaseWithoutTemporaryObjectsForOneRole() throws SQLException {
    pg = TestPostgres.sharedOrAbort();
    Schemas.execute(pg.dataSource(), "CREATE ROLE " + name + " LOGIN", "CREATE DATABASE " + name,
        "REVOKE TEMPORARY ON DATABASE " + name + " FROM PUBLIC");
  }

  @AfterEach
  void dropDatabaseAndRole() throws SQLException {
    Schemas.execute(pg.dataSource(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
        "DROP ROLE IF EXISTS " + name);
  }

  @Test
  void theResetFailsAndChangesNothingWhenTheSessionMayNotCreateTemporaryObjects() throws SQLException {
    DataSource owner = database(null);
    String schema = "pgqt_00000000_1";
    Schemas.QUEUE_TABLES.install(owner, SchemaPool.names(schema));
    String installed;
    try (Connection c = owner.getConnection()) {
      installed = SchemaRecycling.fingerprint(c, schema);
    }
    Schemas.execute(owner, "INSERT INTO \"" + schema + "\".pgqueuer DEFAULT VALUES");
    try (SchemaRecycling restricted = new SchemaRecycling(database(name));
        SchemaRecycling unrestricted = new SchemaRecycling(owner)) {
      assertThatThrownBy(() -> restricted.recycle(schema, installed)).isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertThat(Schemas.count(owner, "SELECT count(*) FROM \"" + schema + "\".pgqueuer")).isEqualTo(1);
      assertThat(unrestricted.recycle(schema, installed)).as("the same reset by a session that may").isTrue();
      assertThat(Schemas.count(owner, "SELECT count(*) FROM \"" + schema + "\".pgqueuer")).isZero();
    }
  }

  @Test
  void aUsedSchemaIsDroppedAndAFreshOneInstalledWhenTheSessionsMayNotCreateTemporaryObjects() throws SQLException {
    DataSource owner = database(null);
    List<String> handedOut = new ArrayList<>();
    try (SchemaPool pool = new SchemaPool(owner, database(name), 1, Schemas.QUEUE_TABLES)) {
      handedOut.add(pool.take());
      Schemas.execute(owner, "INSERT INTO \"" + handedOut.get(0) + "\".pgqueuer DEFAULT VALUES");
      pool.release(handedOut.get(0));
      handedOut.add(pool.take());
      pool.release(handedOut.get(1));
      handedOut.add(pool.take());

      assertThat(handedOut).doesNotHaveDuplicates();
      assertThat(Schemas.count(owner, "SELECT count(*) FROM \"" + handedOut.get(2) + "\".pgqueuer")).isZero();
    }
    // closing the pool waits for its threads, so the drops it began are done
    assertThat(Schemas.count(owner, "SELECT count(*) FROM pg_namespace WHERE nspname IN (?, ?)",
        handedOut.get(0), handedOut.get(1))).as("used schemas dropped").isZero();
  }

  /** Connections to this test's database, as the shared server's user or as {@code user}. */
  private DataSource database(@Nullable String user) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(pg.jdbcUrl());
    ds.setDatabaseName(name);
    if (user != null) {
      ds.setUser(user);
      ds.setPassword(null);
    }
    return ds;
  }
}
