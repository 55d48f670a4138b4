package dev.pgqueuer.benchmarks.worker;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.benchmarks.Timer;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.Repository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * PgQueuer's drain strategy through the real worker: {@code --jobs} jobs are enqueued up front (untimed, batches of
 * 1,000), then {@code --consumers} QueueManagers run until every job's outcome is written. The figure is jobs per
 * second from the workers' start until then. The warm-up (unless {@code --warmup-seconds 0}) drains as many jobs,
 * untimed, as often as fits in {@code --warmup-seconds} (at least once). With {@code --direct} the consumers call
 * the repository themselves ({@link DirectConsumers}).
 */
@Command(name = "worker-drain", description = "prefilled queue drained by QueueManagers (jobs/s)")
public final class WorkerDrain extends Scenario {

  /** A drain in which no job is handled or written for this long has failed. */
  private static final int STALL_SECONDS = 60;

  @Mixin
  WorkerOptions options;

  @Option(names = "--jobs", defaultValue = "0",
      description = "jobs to drain; 0 = 1,000,000 in memory (fewer drain in a few tenths of a second, which measures "
          + "start-up more than the workers), 100,000 on PostgreSQL (default ${DEFAULT-VALUE})")
  int jobs;

  @Option(names = "--direct", description = "drain with --consumers threads that call dequeue and logJobs on the "
      + "repository directly, without the worker: the rate the repository's statements allow on their own")
  boolean direct;

  @Override
  protected String backend() {
    return options.backend;
  }

  @Override
  protected void measure(Report report, Progress progress) throws Exception {
    if (jobs < 0) {
      throw new IllegalArgumentException("--jobs must be >= 0, got " + jobs);
    }
    if (jobs == 0) {
      jobs = "memory".equalsIgnoreCase(options.backend) ? 1_000_000 : 100_000;
    }
    report.setting("jobs", jobs).setting("consumers", options.consumers).setting("group", options.group)
        .setting("max_concurrent", options.maxConcurrent).setting("flush_size", options.flushSize)
        .setting("flush_ms", options.flushMillis).setting("pool_size", options.poolSize)
        .setting("durability", options.durability)
        .setting("consumer", direct ? "direct dequeue + logJobs" : "QueueManager");
    try (WorkerBackend backend = WorkerBackend.open(options.backend, options.jdbcUrl, options.poolSize,
        options.durability)) {
      measureRuns(report, progress, String.format("draining %,d jobs until %s s have passed", jobs,
          common.warmupSeconds), (phase, seconds) -> WARM_UP.equals(phase)
              ? warmUp(backend, seconds, progress) : run(backend, jobs, progress, phase), "jobs_per_s");
    }
  }

  /**
   * Drains {@code --jobs} jobs again and again until {@code seconds} have passed (at least once): one drain of a
   * small N is over before the JIT compiler has settled, and the measured runs would be slower for it.
   */
  private Map<String, Object> warmUp(WorkerBackend backend, double seconds, Progress progress) throws Exception {
    Timer timer = new Timer(seconds).start();
    Map<String, Object> figures;
    do {
      figures = run(backend, jobs, progress, WARM_UP);
    } while (!timer.done());
    return figures;
  }

  private Map<String, Object> run(WorkerBackend backend, int count, Progress progress, String phase)
      throws Exception {
    backend.reset();
    try (Consumers fleet = direct
            ? new DirectConsumers(backend.repository(), options.consumers, common.batchSize)
            : new WorkerFleet(backend.repository(), options, common.batchSize)) {
      Repository repo = backend.repository();
      progress.say("%s: enqueueing %,d jobs", phase, count);
      List<EnqueueRequest> batches = WorkerThroughput.batches(1000, common.seed);
      for (int done = 0, i = 0; done < count; i++) {
        EnqueueRequest batch = batches.get(i % batches.size());
        if (count - done < batch.size()) {
          batch = EnqueueRequest.of(batch.jobs().subList(0, count - done));
        }
        repo.enqueue(batch);
        done += batch.size();
      }
      backend.analyze();
      Timer timer = new Timer(Double.MAX_VALUE / 2).start();
      fleet.start();
      // Done when every outcome is written (nothing held any more), as db-scheduler's figure ends when its rows
      // are gone, not when the last handler returned.
      long lastHandled = -1;
      long lastHeld = -1;
      long lastMove = System.nanoTime();
      while (fleet.handled() < count || fleet.held() > 0) {
        Thread.sleep(5);
        long handled = fleet.handled();
        long held = fleet.held();
        progress.tick("%s: %,d of %,d done, %,.0f jobs/s", phase, handled, count, handled / timer.elapsedSeconds());
        if (handled != lastHandled || held != lastHeld) {
          lastHandled = handled;
          lastHeld = held;
          lastMove = System.nanoTime();
        } else if (System.nanoTime() - lastMove > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
          throw new IllegalStateException(String.format("%s stalled: %,d of %,d jobs handled, %,d claimed and not "
              + "written, nothing moved for %d s (the workers' log above says why)", phase, handled, count, held,
              STALL_SECONDS));
        }
      }
      double elapsed = timer.elapsedSeconds();
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("jobs", count);
      figures.put("elapsed_s", elapsed);
      figures.put("jobs_per_s", count / elapsed);
      figures.put("write_failures", fleet.writeFailures());
      return figures;
    }
  }
}
