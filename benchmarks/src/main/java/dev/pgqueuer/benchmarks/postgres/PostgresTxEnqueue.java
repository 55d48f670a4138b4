package dev.pgqueuer.benchmarks.postgres;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.benchmarks.Timer;
import dev.pgqueuer.junit.postgres.FreshQueue;
import dev.pgqueuer.junit.postgres.TestPostgres;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.tx.UnitOfWork;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import picocli.CommandLine.Command;

/**
 * Enqueue inside a caller's transaction against plain enqueue, in one run: first the round trips per enqueue call
 * (counted on the connections, see {@link RoundTrips}), then jobs/s for batch sizes 1 and 10, each plain (one
 * transaction per call, the repository's own) and inside a caller's JDBC transaction (the caller holds one
 * connection; per transaction: one enqueue, then the caller's commit). {@code --batch-size} is ignored.
 */
@Command(name = "postgres-tx-enqueue",
    description = "enqueue inside a caller's transaction vs plain: round trips per call, jobs/s for batch 1 and 10")
public final class PostgresTxEnqueue extends Scenario {

  private static final int COUNTED_CALLS = 200;

  @Override
  protected String backend() {
    return "postgres";
  }

  @Override
  protected void measure(Report report, Progress progress) throws Exception {
    TestPostgres pg = TestPostgres.shared();
    PostgresWorkload.describe(pg, report);
    report.setting("threads", 1).setting("payload_bytes", PostgresWorkload.PAYLOAD_BYTES);
    countRoundTrips(pg, report);
    for (int batch : new int[] {1, 10}) {
      PostgresWorkload w = new PostgresWorkload(batch, common.seed);
      for (boolean inTx : new boolean[] {false, true}) {
        String key = (inTx ? "tx" : "plain") + "_batch" + batch;
        measureRuns(report, progress, key + ", " + common.warmupSeconds + " s", (phase, seconds) -> {
          double[] r = run(pg, w, inTx, seconds, progress, key + " " + phase);
          Map<String, Object> figures = new LinkedHashMap<>();
          figures.put("case", key);
          figures.put("jobs", (long) r[0]);
          figures.put("elapsed_s", r[1]);
          figures.put(key + "_jobs_per_s", r[0] / r[1]);
          return figures;
        });
        report.put(key + "_jobs_per_s", caseMedian(report, key));
      }
    }
  }

  private static double caseMedian(Report report, String key) {
    java.util.List<Double> values = new java.util.ArrayList<>();
    for (Map<String, Object> run : report.runs()) {
      Object v = run.get(key + "_jobs_per_s");
      if (v != null) {
        values.add(((Number) v).doubleValue());
      }
    }
    return median(values);
  }

  /** Round trips per enqueue call, plain and inside a caller's transaction (whose own commit is counted apart). */
  private void countRoundTrips(TestPostgres pg, Report report) throws SQLException {
    try (FreshQueue queue = pg.newQueue(InstantSource.system())) {
      RoundTrips plain = new RoundTrips();
      DataSource counted = counting(pg.dataSource(), plain);
      try (PostgresRepository repo = PostgresRepository.builder(counted).names(queue.names()).build()) {
        EnqueueRequest one = EnqueueRequest.of(NewJob.of(PostgresWorkload.ENTRYPOINT));
        repo.enqueue(one);
        long before = plain.count();
        for (int i = 0; i < COUNTED_CALLS; i++) {
          repo.enqueue(one);
        }
        report.put("plain_round_trips_per_enqueue", (double) (plain.count() - before) / COUNTED_CALLS);
        RoundTrips tx = new RoundTrips();
        try (Connection c = tx.counting(pg.dataSource().getConnection())) {
          c.setAutoCommit(false);
          UnitOfWork uow = UnitOfWork.jdbc(c);
          long enqueues = 0;
          for (int i = 0; i < COUNTED_CALLS; i++) {
            repo.in(uow).enqueue(one);
          }
          enqueues = tx.count();
          c.commit();
          report.put("tx_round_trips_per_enqueue", (double) enqueues / COUNTED_CALLS);
          report.put("tx_caller_commit_round_trips", tx.count() - enqueues);
        }
      }
    }
  }

  /** @return {jobs, seconds} */
  private static double[] run(TestPostgres pg, PostgresWorkload w, boolean inTx, double seconds,
      Progress progress, String phase) throws SQLException {
    try (FreshQueue queue = pg.newQueue(InstantSource.system())) {
      PostgresRepository repo = queue.repository();
      Timer timer = new Timer(seconds).start();
      long jobs = 0;
      if (inTx) {
        try (Connection c = pg.dataSource().getConnection()) {
          c.setAutoCommit(false);
          UnitOfWork uow = UnitOfWork.jdbc(c);
          while (!timer.done()) {
            jobs += repo.in(uow).enqueue(w.nextBatch()).rows().size();
            c.commit();
            progress.tick("%s: %,d jobs, %,.0f jobs/s", phase, jobs, jobs / timer.elapsedSeconds());
          }
        }
      } else {
        while (!timer.done()) {
          jobs += repo.enqueue(w.nextBatch()).rows().size();
          progress.tick("%s: %,d jobs, %,.0f jobs/s", phase, jobs, jobs / timer.elapsedSeconds());
        }
      }
      return new double[] {jobs, timer.elapsedSeconds()};
    }
  }

  private static DataSource counting(DataSource base, RoundTrips trips) {
    return new DataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        return trips.counting(base.getConnection());
      }

      @Override
      public Connection getConnection(String user, String password) throws SQLException {
        return trips.counting(base.getConnection(user, password));
      }

      @Override
      public PrintWriter getLogWriter() throws SQLException {
        return base.getLogWriter();
      }

      @Override
      public void setLogWriter(PrintWriter out) throws SQLException {
        base.setLogWriter(out);
      }

      @Override
      public void setLoginTimeout(int seconds) throws SQLException {
        base.setLoginTimeout(seconds);
      }

      @Override
      public int getLoginTimeout() throws SQLException {
        return base.getLoginTimeout();
      }

      @Override
      public Logger getParentLogger() {
        return Logger.getGlobal();
      }

      @Override
      public <T> T unwrap(Class<T> type) throws SQLException {
        return base.unwrap(type);
      }

      @Override
      public boolean isWrapperFor(Class<?> type) throws SQLException {
        return base.isWrapperFor(type);
      }
    };
  }
}
