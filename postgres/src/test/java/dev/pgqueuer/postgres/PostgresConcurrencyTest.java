package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.pgqueuer.Job;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 8 threads on 8 connections dequeue and complete 100,000 jobs: every job is completed exactly once, none is lost,
 * and no fresh job is handed to two workers (SKIP LOCKED claims plus the status recheck under the row lock).
 */
class PostgresConcurrencyTest {

  private static final int THREADS = 8;
  private static final int JOBS = 100_000;
  private static final int ENQUEUE_BATCH = 5_000;
  private static final int DEQUEUE_BATCH = 50;

  @Test
  void eightWorkersOnEightConnectionsCompleteEveryJobExactlyOnce() throws Exception {
    ManualClock clock = ManualClock.create();
    TestPostgres pg = TestPostgres.sharedOrAbort();
    try (PgTestQueue queue = PgTestQueue.open(pg, clock);
        HikariDataSource pool = PostgresTestSupport.pool(pg.jdbcUrl(), THREADS);
        PostgresRepository repo = PostgresRepository.builder(pool).names(queue.names()).clock(clock).build()) {
      for (int from = 0; from < JOBS; from += ENQUEUE_BATCH) {
        List<NewJob> batch = new ArrayList<>(ENQUEUE_BATCH);
        for (int i = from; i < from + ENQUEUE_BATCH; i++) {
          batch.add(NewJob.of(i % 2 == 0 ? "even" : "odd").withPriority(i % 3));
        }
        repo.enqueue(EnqueueRequest.of(batch));
      }
      analyze(pool, queue);

      BitSet claimed = new BitSet(JOBS + 1);
      AtomicInteger doubleClaims = new AtomicInteger();
      AtomicInteger completedCalls = new AtomicInteger();
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          results.add(threads.submit(() -> drain(repo, claimed, doubleClaims, completedCalls)));
        }
        int total = 0;
        for (Future<Integer> f : results) {
          total += f.get();
        }
        assertThat(total).as("jobs completed by all workers").isEqualTo(JOBS);
      } finally {
        threads.shutdownNow();
      }
      assertThat(doubleClaims.get()).as("jobs handed to two workers").isZero();
      assertThat(claimed.cardinality()).isEqualTo(JOBS);
      assertThat(claimed.nextSetBit(0)).isEqualTo(1);
      assertThat(claimed.previousSetBit(JOBS + 1)).isEqualTo(JOBS);
      assertThat(repo.queueSize()).isEmpty();
      assertThat(countLog(pool, queue, JobStatus.PICKED)).isEqualTo(JOBS);
      assertThat(countLog(pool, queue, JobStatus.SUCCESSFUL)).isEqualTo(JOBS);
      assertThat(distinctSuccessful(pool, queue)).isEqualTo(JOBS);
    }
  }

  private static int drain(PostgresRepository repo, BitSet claimed, AtomicInteger doubleClaims,
      AtomicInteger completedCalls) {
    DequeueRequest request = DequeueRequest.builder(WorkerId.random()).batchSize(DEQUEUE_BATCH)
        .entrypoint("even").entrypoint("odd").heartbeatTimeout(Duration.ofDays(1)).build();
    int done = 0;
    while (true) {
      List<Job> jobs = repo.dequeue(request);
      if (jobs.isEmpty()) {
        return done;
      }
      synchronized (claimed) {
        for (Job j : jobs) {
          int id = Math.toIntExact(j.id().value());
          if (claimed.get(id)) {
            doubleClaims.incrementAndGet();
          }
          claimed.set(id);
        }
      }
      done += repo.logJobs(jobs.stream().map(j -> JobOutcome.successful(j.id())).collect(Collectors.toList()));
      completedCalls.incrementAndGet();
    }
  }

  private static void analyze(HikariDataSource pool, PgTestQueue queue) {
    PostgresTestSupport.execute(pool, "ANALYZE \"" + queue.schemaName() + "\".pgqueuer");
  }

  private static long countLog(HikariDataSource pool, PgTestQueue queue, JobStatus status) throws SQLException {
    return scalar(pool, "SELECT count(*) FROM \"" + queue.schemaName() + "\".pgqueuer_log WHERE status = '"
        + status.dbValue() + "'");
  }

  private static long distinctSuccessful(HikariDataSource pool, PgTestQueue queue) throws SQLException {
    return scalar(pool, "SELECT count(DISTINCT job_id) FROM \"" + queue.schemaName()
        + "\".pgqueuer_log WHERE status = 'successful'");
  }

  private static long scalar(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
