package dev.pgqueuer.benchmarks.postgres;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.junit.postgres.FreshQueue;
import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.PruneResult;
import dev.pgqueuer.testdatabase.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Log retention on PostgreSQL: a log of {@code --rows} rows (finished jobs of three rows each: queued, picked,
 * successful, ten days old, not yet aggregated) is pruned with a one-day age and a one-day statistics age; the
 * figure is the time of the {@code pruneLog} call, which folds every row into statistics first.
 */
@Command(name = "postgres-prune", description = "time to prune a log of N rows with pruneLog (s)")
public final class PostgresPrune extends Scenario {

  @Option(names = "--rows", defaultValue = "1000000", description = "log rows (default ${DEFAULT-VALUE})")
  int rows;

  @Override
  protected String backend() {
    return "postgres";
  }

  @Override
  protected void measure(Report report, Progress progress) throws Exception {
    TestPostgres pg = TestPostgres.shared();
    PostgresWorkload.describe(pg, report);
    report.setting("rows", rows);
    for (int r = 1; r <= common.runs; r++) {
      try (FreshQueue queue = FreshQueue.openWithDatabaseClock(pg)) {
        String log = "\"" + queue.schema() + "\".\"" + queue.names().logTable() + "\"";
        long fill = System.nanoTime();
        try (Connection c = pg.dataSource().getConnection();
            PreparedStatement ps = c.prepareStatement("INSERT INTO " + log
                + " (created, job_id, status, priority, entrypoint) SELECT now() - interval '10 days' + "
                + "(g % 3) * interval '1 millisecond', g / 3 + 1, (ARRAY['queued', 'picked', 'successful'])"
                + "[g % 3 + 1]::\"" + queue.schema() + "\".pgqueuer_status, 0, 'e' || (g % 10) "
                + "FROM generate_series(0, ? - 1) g")) {
          ps.setInt(1, rows);
          ps.executeUpdate();
          try (PreparedStatement analyze = c.prepareStatement("ANALYZE " + log)) {
            analyze.execute();
          }
        }
        progress.say("run %d/%d: %d log rows written in %.1f s", r, common.runs, rows,
            (System.nanoTime() - fill) / 1e9);
        long start = System.nanoTime();
        PruneResult result = queue.repository().pruneLog(
            LogRetention.logsOlderThan(Duration.ofDays(1)).statisticsOlderThan(Duration.ofDays(1)));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (result.logRows() != rows) {
          throw new IllegalStateException("pruned " + result.logRows() + " rows of " + rows);
        }
        progress.say("run %d/%d: pruned %d rows and %d buckets in %.2f s", r, common.runs, result.logRows(),
            result.statisticsBuckets(), seconds);
        report.addRun(Map.of("prune_s", seconds, "rows_pruned", result.logRows(),
            "buckets_pruned", result.statisticsBuckets()));
      }
    }
    report.put("prune_s", medianOf(report, "prune_s"));
  }
}
