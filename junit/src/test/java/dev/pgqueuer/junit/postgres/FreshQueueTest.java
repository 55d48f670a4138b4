package dev.pgqueuer.junit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.junit.postgres.FreshQueue;
import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.testdatabase.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fresh queues: isolated, installed, ids from 1, their own channel; kept on request; reused only when unchanged. */
class FreshQueueTest {

  @Test
  void freshQueuesAreInstalledIsolatedAndStartAtIdOne() {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    try (FreshQueue a = FreshQueue.open(pg, ManualClock.create()); FreshQueue b = FreshQueue.open(pg, ManualClock.create())) {
      assertThat(a.schema()).isNotEqualTo(b.schema());
      assertThat(a.repository().isInstalled()).isTrue();
      assertThat(a.repository().channel()).isEqualTo(a.schema() + ".ch_pgqueuer");
      JobId first = a.repository().enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
      JobId second = a.repository().enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
      assertThat(first).isEqualTo(JobId.of(1));
      assertThat(second).isEqualTo(JobId.of(2));
      assertThat(b.repository().enqueue(EnqueueRequest.of(NewJob.of("e"))).single()).isEqualTo(JobId.of(1));
      assertThat(b.repository().queuedWork(Set.of("e"))).isEqualTo(1);
    }
  }

  @Test
  void closingTheRepositoryReleasesTheQueueAndAReusedSchemaStartsEmptyAtIdOne() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    Set<String> handedOut = new HashSet<>();
    int reused = 0;
    for (int i = 0; i < 40; i++) {
      FreshQueue queue = FreshQueue.open(pg, ManualClock.create());
      if (!handedOut.add(queue.schema())) {
        reused++;
      }
      PostgresRepository repo = queue.repository();
      assertThat(repo.queueLog()).isEmpty();
      assertThat(repo.enqueue(EnqueueRequest.of(NewJob.of("e"), NewJob.of("e"))).insertedIds())
          .containsExactly(JobId.of(1), JobId.of(2));
      repo.close();
    }
    // which used schema comes back first depends on the pool's timing; that used schemas come back does not
    assertThat(reused).as("used schemas emptied and handed out again").isPositive();
  }

  @Test
  void aKeptSchemaSurvivesClosingMarkedSoThatNoLaterRunSweepsIt() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    String schema;
    try (FreshQueue queue = FreshQueue.open(pg, ManualClock.create()).keepOnClose()) {
      schema = queue.schema();
      assertThat(queue.isKeptOnClose()).isTrue();
    }
    assertThat(exists(pg, schema)).isTrue();
    assertThat(comment(pg, schema)).isEqualTo("pgqueuer test schema kept for inspection");
    drop(pg, schema);
  }

  @Test
  void aSchemaATestUninstalledIsNotHandedOutAgain() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    String schema;
    try (FreshQueue queue = FreshQueue.open(pg, ManualClock.create())) {
      schema = queue.schema();
      queue.repository().uninstall();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (exists(pg, schema) && System.nanoTime() < deadline) {
      try (FreshQueue other = FreshQueue.open(pg, ManualClock.create())) {
        assertThat(other.schema()).isNotEqualTo(schema);
        assertThat(other.repository().isInstalled()).isTrue();
      }
    }
    assertThat(exists(pg, schema)).as("the changed schema is dropped").isFalse();
  }

  /** Changes a test might make to its schema with SQL of its own; {@code %s} is the quoted schema. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "CREATE TABLE %s.accounts (email text PRIMARY KEY)",
      "CREATE SEQUENCE %s.invoice_numbers",
      "CREATE FUNCTION %s.answer() RETURNS int LANGUAGE sql AS 'SELECT 42'",
      "CREATE TYPE %s.mood AS ENUM ('calm')",
      "CREATE INDEX ON %s.pgqueuer (created)",
      "ALTER TABLE %s.pgqueuer ADD COLUMN tenant text",
      "ALTER TABLE %s.pgqueuer ALTER COLUMN priority SET DEFAULT 5",
      "ALTER TABLE %s.pgqueuer_log ADD CONSTRAINT positive_id CHECK (id > 0)",
      "ALTER TABLE %s.pgqueuer DISABLE TRIGGER USER",
      "CREATE TRIGGER audit BEFORE UPDATE ON %s.pgqueuer_schedules FOR EACH ROW"
          + " EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger()"})
  void aSchemaATestChangedIsNeverHandedOutAgain(String change) throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    String schema;
    try (FreshQueue queue = FreshQueue.open(pg, ManualClock.create())) {
      schema = queue.schema();
      try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
        st.execute(String.format(change, "\"" + schema + "\""));
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (exists(pg, schema) && System.nanoTime() < deadline) {
      try (FreshQueue other = FreshQueue.open(pg, ManualClock.create())) {
        assertThat(other.schema()).isNotEqualTo(schema);
      }
    }
    assertThat(exists(pg, schema)).as("the changed schema is dropped").isFalse();
  }

  private static void drop(TestPostgres pg, String schema) throws SQLException {
    try (Connection c = pg.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
    }
  }

  private static boolean exists(TestPostgres pg, String schema) throws SQLException {
    return namespace(pg, "SELECT 'yes' FROM pg_namespace WHERE nspname = ?", schema) != null;
  }

  private static @Nullable String comment(TestPostgres pg, String schema) throws SQLException {
    return namespace(pg, "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?", schema);
  }

  private static @Nullable String namespace(TestPostgres pg, String sql, String schema) throws SQLException {
    try (Connection c = pg.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
