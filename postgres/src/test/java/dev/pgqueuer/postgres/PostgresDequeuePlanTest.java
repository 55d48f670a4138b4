package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.DequeueRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The claim must walk the {@code (entrypoint, priority DESC, id)} partial index even in the two planner traps of
 * {@code performance-anchors.md}: statistics that still say "empty" while a large backlog waits (no ANALYZE since
 * the fill), and the generic plan of a prepared statement (forced here). The batch size is a literal in the SQL,
 * so the LIMIT is known to the planner. The claimed rows must be updated through primary-key lookups: with the
 * same stale statistics, an UPDATE joined to the chosen rows was once planned as a read of the whole primary key
 * index per claim. Runs for one claim and for five served by one statement. Prints the plans with their timings.
 */
class PostgresDequeuePlanTest {

  private static final int BACKLOG = 200_000;

  @ParameterizedTest(name = "{0} claim(s) of 10 in one statement")
  @ValueSource(ints = {1, 5})
  void claimWalksThePerEntrypointIndexOnALargeBacklogWithStaleStatisticsAndAGenericPlan(int claimers)
      throws SQLException {
    ManualClock clock = ManualClock.create();
    TestPostgres pg = TestPostgres.sharedOrAbort();
    try (PgTestQueue queue = PgTestQueue.open(pg, clock)) {
      String q = "\"" + queue.schemaName() + "\".pgqueuer";
      PostgresTestSupport.execute(pg.dataSource(), "VACUUM ANALYZE " + q);
      PostgresTestSupport.execute(pg.dataSource(), "INSERT INTO " + q + " (priority, status, entrypoint, "
          + "created, updated, heartbeat, execute_after, headers) SELECT g % 10, 'queued', "
          + "CASE WHEN g % 5 = 0 THEN 'b' ELSE 'a' END, '2025-12-31Z', '2025-12-31Z', '2025-12-31Z', "
          + "'2025-12-31Z', 'null' FROM generate_series(1, " + BACKLOG + ") g");

      List<String> statements = Collections.synchronizedList(new ArrayList<>());
      DataSource recording = PostgresTestSupport.recording(pg.dataSource(), statements);
      try (PostgresRepository repo =
          PostgresRepository.builder(recording).names(queue.names()).clock(clock).build()) {
        List<DequeueRequest> requests = new ArrayList<>();
        for (int i = 0; i < claimers; i++) {
          requests.add(
              DequeueRequest.builder(WorkerId.random()).batchSize(10).entrypoint("a").entrypoint("b").build());
        }
        List<List<Job>> claimed = repo.dequeueAll(requests);
        assertThat(claimed).hasSize(claimers).allSatisfy(jobs -> assertThat(jobs).hasSize(10)
            .allSatisfy(j -> assertThat(j.priority()).isEqualTo(9)));
      }
      String claim = statements.stream().filter(s -> s.contains("SKIP LOCKED")).findFirst().orElseThrow();

      String custom = explain(pg.directDataSource(), claim, "force_custom_plan");
      String generic = explain(pg.directDataSource(), claim, "force_generic_plan");
      System.out.println("[claim plan, custom, stale statistics, backlog " + BACKLOG + "]\n" + custom);
      System.out.println("[claim plan, generic, stale statistics, backlog " + BACKLOG + "]\n" + generic);
      for (String plan : List.of(custom, generic)) {
        assertThat(plan).contains("Index Scan using pgqueuer_ep_prio_id_idx on pgqueuer")
            .doesNotContain("Seq Scan on pgqueuer ");
        // Stale jobs come from a range of the heartbeat index, not from reading a picked-only index whole (such an
        // index keeps an entry for every job ever picked until VACUUM). Only the stale search is checked: the count
        // of picked jobs per limited entrypoint (CTE req, run for limited entrypoints only) may use either
        // picked-only index, and the planner's choice between them varies from run to run.
        String staleSearch = plan.substring(plan.indexOf("CTE stale_ids"), plan.indexOf("CTE chosen"));
        assertThat(staleSearch).contains("Index Scan using pgqueuer_heartbeat_id_id1_idx on pgqueuer")
            .doesNotContain("pgqueuer_updated_id_id1_idx");
        // The claimed rows are updated through primary-key lookups, never by reading the primary key index whole.
        assertThat(plan).containsPattern(
            "Index Scan using pgqueuer_pkey on pgqueuer j_\\d+ [^\\n]*\\n\\s+Index Cond: \\(id = ANY");
      }
    }
  }

  /**
   * EXPLAIN ANALYZE (rolled back) of the claim as a prepared statement under {@code planCacheMode}, after the
   * parameterless statements the repository sends before it (the plan pin).
   */
  private static String explain(DataSource ds, String recorded, String planCacheMode) throws SQLException {
    List<String> parts = List.of(recorded.split(";\n"));
    String claim = parts.get(parts.size() - 1);
    StringBuilder numbered = new StringBuilder();
    int n = 0;
    for (char ch : claim.toCharArray()) {
      if (ch == '?') {
        numbered.append('$').append(++n);
      } else {
        numbered.append(ch);
      }
    }
    String args = "'2026-01-01T00:00:00Z', '00000000-0000-0000-0000-00000000000a', 30000000, "
        + "'{00000000-0000-0000-0000-00000000000a}', '{0}', '{1000}', '{a,b}', '{0,0}', NULL, NULL, '{a,b}', '{a,b}'";
    assertThat(n).as("parameters of the claim").isEqualTo(12);
    StringBuilder plan = new StringBuilder();
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        for (String before : parts.subList(0, parts.size() - 1)) {
          assertThat(before).as("statement before the claim").doesNotContain("?");
          st.execute(before);
        }
        st.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
        st.execute("PREPARE pgqueuer_claim AS " + numbered);
        try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE pgqueuer_claim(" + args + ")")) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        st.execute("DEALLOCATE pgqueuer_claim");
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
    return plan.toString();
  }
}
