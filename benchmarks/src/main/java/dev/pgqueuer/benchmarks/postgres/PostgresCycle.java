package dev.pgqueuer.benchmarks.postgres;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.benchmarks.Timer;
import dev.pgqueuer.junit.postgres.FreshQueue;
import dev.pgqueuer.testdatabase.TestPostgres;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The full job cycle: each thread loops enqueue a batch, dequeue a batch (the pinned claim), record it successful
 * (delete + log). A job counts once, when completed. Three transactions per batch.
 */
@Command(name = "postgres-cycle", description = "enqueue -> dequeue -> log successful per thread (jobs/s)")
public final class PostgresCycle extends Scenario {

  @Option(names = "--threads", defaultValue = "1", description = "threads, one connection each (default ${DEFAULT-VALUE})")
  int threads;

  @Override
  protected String backend() {
    return "postgres";
  }

  @Override
  protected void measure(Report report, Progress progress) throws Exception {
    TestPostgres pg = TestPostgres.shared();
    PostgresWorkload.describe(pg, report);
    report.setting("threads", threads).setting("payload_bytes", PostgresWorkload.PAYLOAD_BYTES);
    measureRuns(report, progress, common.warmupSeconds + " s on " + pg.description(), (phase, seconds) -> {
      double[] result = run(pg, seconds, progress, phase);
      return Map.of("jobs", (long) result[0], "elapsed_s", result[1], "jobs_per_s", result[0] / result[1]);
    }, "jobs_per_s");
  }

  /** @return {jobs completed, seconds} */
  private double[] run(TestPostgres pg, double seconds, Progress progress, String phase) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (FreshQueue queue = FreshQueue.open(pg, InstantSource.system())) {
      Timer timer = new Timer(seconds).start();
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = common.seed + t;
        results.add(pool.submit(() -> {
          PostgresWorkload w = new PostgresWorkload(common.batchSize, seed);
          long done = 0;
          while (!timer.done()) {
            queue.repository().enqueue(w.nextBatch());
            done += w.dequeueAndComplete(queue.repository());
            progress.tick("%s: %,d jobs on this thread", phase, done);
          }
          return done;
        }));
      }
      long total = 0;
      for (Future<Long> f : results) {
        total += f.get();
      }
      return new double[] {total, timer.elapsedSeconds()};
    } finally {
      pool.shutdownNow();
    }
  }
}
