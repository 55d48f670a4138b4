package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A deadlock never surfaces as a repository failure: the victim's call had no effect and runs again. Here another
 * session and an enqueue insert the same two dedupe keys in opposite orders; whichever PostgreSQL aborts, the
 * enqueue ends as a success or as {@link DuplicateJobException}, never as a {@code RepositoryException}.
 */
class PostgresDeadlockTest {

  @Test
  void enqueueThatLosesADeadlockRunsAgainInsteadOfFailing() throws Exception {
    TestPostgres pg = TestPostgres.sharedOrAbort();
    try (PgTestQueue queue = PgTestQueue.open(pg, ManualClock.create());
        Connection other = pg.directDataSource().getConnection()) {
      String table = "\"" + queue.schemaName() + "\".pgqueuer";
      other.setAutoCommit(false);
      insert(other, table, "b");
      CompletableFuture<Object> enqueue = CompletableFuture.supplyAsync(() -> {
        try {
          EnqueueResult r = queue.repository().enqueue(
              EnqueueRequest.of(NewJob.of("e").withDedupeKey("a"), NewJob.of("e").withDedupeKey("b")));
          return r;
        } catch (DuplicateJobException e) {
          return e;
        }
      });
      awaitLockWait(pg, table);
      try {
        insert(other, table, "a");
        other.commit();
      } catch (SQLException victim) {
        assertThat(victim.getSQLState()).isEqualTo("40P01");
        other.rollback();
      }
      Object outcome = enqueue.get(60, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOfAny(EnqueueResult.class, DuplicateJobException.class);
    }
  }

  private static void insert(Connection c, String table, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
        + " (priority, status, entrypoint, dedupe_key) VALUES (0, 'queued', 'e', ?)")) {
      ps.setString(1, key);
      ps.executeUpdate();
    }
  }

  /** Waits until a session of this database waits for a lock (the enqueue blocked on key b). */
  private static void awaitLockWait(TestPostgres pg, String table) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = pg.directDataSource().getConnection(); Statement st = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            + "AND datname = current_database() AND query LIKE '%" + table.replace("\"", "") .replace(".pgqueuer", "")
            + "%'")) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.onSpinWait();
      }
    }
    throw new AssertionError("the enqueue never waited for the other session's key");
  }
}
