package dev.pgqueuer.benchmarks.postgres;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.benchmarks.Timer;
import dev.pgqueuer.junit.postgres.FreshQueue;
import dev.pgqueuer.testdatabase.TestPostgres;
import java.time.InstantSource;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * One thread enqueues prebuilt batches ({@code --batch-size}, e.g. 10 or 1000) into a fresh queue: one transaction
 * per call (ids drawn, rows and {@code queued} log rows inserted, NOTIFY trigger). Each run uses a new queue.
 */
@Command(name = "postgres-enqueue", description = "batch enqueue on one thread and connection (jobs/s)")
public final class PostgresEnqueue extends Scenario {

  @Override
  protected String backend() {
    return "postgres";
  }

  @Override
  protected void measure(Report report, Progress progress) throws Exception {
    TestPostgres pg = TestPostgres.shared();
    PostgresWorkload.describe(pg, report);
    report.setting("threads", 1).setting("payload_bytes", PostgresWorkload.PAYLOAD_BYTES);
    PostgresWorkload w = new PostgresWorkload(common.batchSize, common.seed);
    measureRuns(report, progress, common.warmupSeconds + " s on " + pg.description(), (phase, seconds) -> {
      double[] result = run(pg, w, seconds, progress, phase);
      return Map.of("jobs", (long) result[0], "elapsed_s", result[1], "jobs_per_s", result[0] / result[1],
          "calls_per_s", result[2] / result[1]);
    }, "jobs_per_s", "calls_per_s");
  }

  /** @return {jobs, seconds, calls} */
  private double[] run(TestPostgres pg, PostgresWorkload w, double seconds, Progress progress, String phase) {
    try (FreshQueue queue = FreshQueue.open(pg, InstantSource.system())) {
      Timer timer = new Timer(seconds).start();
      long jobs = 0;
      long calls = 0;
      while (!timer.done()) {
        jobs += queue.repository().enqueue(w.nextBatch()).rows().size();
        calls++;
        progress.tick("%s: %,d jobs, %,.0f jobs/s", phase, jobs, jobs / timer.elapsedSeconds());
      }
      return new double[] {jobs, timer.elapsedSeconds(), calls};
    }
  }
}
