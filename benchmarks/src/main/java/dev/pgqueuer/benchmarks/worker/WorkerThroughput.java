package dev.pgqueuer.benchmarks.worker;

import dev.pgqueuer.Payload;
import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.benchmarks.Timer;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * PgQueuer's throughput strategy through the real worker: producer threads enqueue batches in a loop while
 * {@code --consumers} QueueManagers (each with its own fetch loop, notification wake-ups, buffered outcomes)
 * claim and run them. The figure is jobs whose handler completed per second over the window; the backlog at the
 * end says whether producers or workers were the limit.
 */
@Command(name = "worker-throughput", description = "producers + QueueManagers e2e through the worker (jobs/s)")
public final class WorkerThroughput extends Scenario {

  @Mixin
  WorkerOptions options;

  @Option(names = "--producers", defaultValue = "1", description = "producer threads (default ${DEFAULT-VALUE})")
  int producers;

  // A bound, not PgQueuer's free-running producer: in memory one producer thread enqueues several million jobs a
  // second, so without it the figure measures a backlog of tens of millions of jobs (and the collector) rather than
  // the workers. On PostgreSQL the backlog stays far below it, so it changes nothing there.
  @Option(names = "--max-backlog", defaultValue = "100000",
      description = "producers pause while more jobs than this are enqueued and not yet handled; 0 = never "
          + "(default ${DEFAULT-VALUE})")
  long maxBacklog;

  @Override
  protected String backend() {
    return options.backend;
  }

  @Override
  protected void measure(Report report, Progress progress) throws Exception {
    report.setting("producers", producers).setting("consumers", options.consumers).setting("group", options.group)
        .setting("max_backlog", maxBacklog)
        .setting("max_concurrent", options.maxConcurrent).setting("flush_size", options.flushSize)
        .setting("flush_ms", options.flushMillis).setting("pool_size", options.poolSize)
        .setting("durability", options.durability);
    try (WorkerBackend backend = WorkerBackend.open(options.backend, options.jdbcUrl, options.poolSize,
        options.durability)) {
      measureRuns(report, progress, common.warmupSeconds + " s",
          (phase, seconds) -> run(backend, seconds, progress, phase), "jobs_per_s", "enqueued_per_s");
    }
  }

  private Map<String, Object> run(WorkerBackend backend, double seconds, Progress progress, String phase)
      throws Exception {
    backend.reset();
    try (WorkerFleet fleet = new WorkerFleet(backend.repository(), options, common.batchSize)) {
      Repository repo = backend.repository();
      AtomicBoolean stop = new AtomicBoolean();
      LongAdder enqueued = new LongAdder();
      long before = fleet.handled();
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        List<EnqueueRequest> batches = batches(common.batchSize, common.seed + p);
        threads.add(new Thread(() -> {
          int i = 0;
          while (!stop.get()) {
            if (maxBacklog > 0 && enqueued.sum() - (fleet.handled() - before) > maxBacklog) {
              LockSupport.parkNanos(50_000);
              continue;
            }
            repo.enqueue(batches.get(i));
            i = (i + 1) % batches.size();
            enqueued.add(common.batchSize);
          }
        }, "producer-" + p));
      }
      fleet.start();
      Timer timer = new Timer(seconds).start();
      threads.forEach(Thread::start);
      while (!timer.done()) {
        Thread.sleep(100);
        progress.tick("%s: %,.0f jobs/s through the worker, %,.0f enqueued/s", phase,
            (fleet.handled() - before) / timer.elapsedSeconds(), enqueued.sum() / timer.elapsedSeconds());
      }
      long done = fleet.handled() - before;
      long in = enqueued.sum();
      double elapsed = timer.elapsedSeconds();
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      long backlog = repo.queuedWork(Set.of(WorkerFleet.ENTRYPOINT));
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("jobs", done);
      figures.put("elapsed_s", elapsed);
      figures.put("jobs_per_s", done / elapsed);
      figures.put("enqueued_per_s", in / elapsed);
      figures.put("backlog_at_end", backlog);
      figures.put("write_failures", fleet.writeFailures());
      return figures;
    }
  }

  /** 256 prebuilt batches of {@code size} jobs with random 16-byte payloads. */
  static List<EnqueueRequest> batches(int size, long seed) {
    return batches(size, seed, WorkerFleet.ENTRYPOINT);
  }

  /** 256 prebuilt batches of {@code size} jobs of {@code entrypoint} with random 16-byte payloads. */
  static List<EnqueueRequest> batches(int size, long seed, String entrypoint) {
    SplittableRandom random = new SplittableRandom(seed);
    List<EnqueueRequest> out = new ArrayList<>(256);
    for (int b = 0; b < 256; b++) {
      List<NewJob> jobs = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        byte[] payload = new byte[16];
        for (int k = 0; k < payload.length; k++) {
          payload[k] = (byte) random.nextInt(256);
        }
        jobs.add(NewJob.of(entrypoint).withPayload(Payload.of(payload)));
      }
      out.add(EnqueueRequest.of(jobs));
    }
    return out;
  }
}
