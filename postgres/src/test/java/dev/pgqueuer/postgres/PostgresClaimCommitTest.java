package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.testdatabase.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A claim commits without waiting for its WAL flush, and only the claim: enqueues and outcomes wait for theirs, and
 * the setting ends with the claim's transaction, so the next user of the pooled connection commits durably again.
 */
class PostgresClaimCommitTest {

  @Test
  void aClaimCommitsWithoutWaitingForTheFlushAndNothingElseDoes() throws SQLException {
    ManualClock clock = ManualClock.create();
    TestPostgres pg = TestPostgres.sharedOrAbort();
    List<String> statements = Collections.synchronizedList(new ArrayList<>());
    try (PgTestQueue queue = PgTestQueue.open(pg, clock);
        HikariDataSource one = PostgresTestSupport.pool(pg.jdbcUrl(), 1)) {
      // the session's own setting, whatever the server's default: a claim must leave it as it was
      PostgresTestSupport.execute(one, "SET synchronous_commit TO on");
      DataSource recording = PostgresTestSupport.recording(one, statements);
      try (PostgresRepository repo =
          PostgresRepository.builder(recording).names(queue.names()).clock(clock).build()) {
        JobId id = repo.enqueue(EnqueueRequest.of(NewJob.of("a"))).single();
        List<String> enqueue = List.copyOf(statements);
        statements.clear();
        assertThat(repo.dequeue(DequeueRequest.builder(WorkerId.random()).entrypoint("a").build())).hasSize(1);
        List<String> claim = List.copyOf(statements);
        statements.clear();
        repo.logJobs(List.of(JobOutcome.successful(id)));
        List<String> outcome = List.copyOf(statements);

        // the claim's setting ended with its transaction: the pool's one connection commits durably again...
        assertThat(settingAfter(one, null)).isEqualTo("on");
        // ...and the claim's transaction ran with synchronous_commit off
        assertThat(settingAfter(one, claim.get(0).split(";\n")[0])).isEqualTo("off");
        assertThat(String.join("\n", enqueue)).doesNotContain("synchronous_commit");
        assertThat(String.join("\n", outcome)).doesNotContain("synchronous_commit");
      }
    }
  }

  /** {@code synchronous_commit} in a transaction of {@code ds} after {@code first} (none when null); rolled back. */
  private static String settingAfter(DataSource ds, String first) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        if (first != null) {
          st.execute(first);
        }
        try (ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
          rs.next();
          return rs.getString(1);
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }
}
