package dev.pgqueuer.benchmarks.postgres;

import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.junit.postgres.FreshQueue;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.postgres.PostgresRepository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The per-test cost of an isolated PostgreSQL queue, as a test suite sees it: {@code --tests} simulated tests run
 * one after another, each acquiring a {@link FreshQueue} (a prefetched, installed schema), running a small body
 * (enqueue, dequeue, complete) and closing it (the schema is dropped in the background). The headline figure is the
 * median overhead (acquire + close) per test; with {@code --subscribe} each test also subscribes and waits for one
 * health-check echo, reported separately.
 */
@Command(name = "postgres-fresh-queue", description = "per-test overhead of a fresh isolated queue (ms)")
public final class PostgresFreshQueue extends Scenario {

  @Option(names = "--tests", defaultValue = "300", description = "simulated tests per run (default ${DEFAULT-VALUE})")
  int tests;

  @Option(names = "--subscribe", description = "also subscribe and await one echo per test")
  boolean subscribe;

  @Override
  protected String backend() {
    return "postgres";
  }

  @Override
  protected void measure(Report report, Progress progress) throws Exception {
    TestPostgres pg = TestPostgres.shared();
    PostgresWorkload.describe(pg, report);
    report.setting("tests", tests).setting("subscribe", subscribe);
    progress.say("warming up with %d tests on %s", Math.max(20, tests / 10), pg.description());
    run(pg, Math.max(20, tests / 10), progress);
    for (int r = 1; r <= common.runs; r++) {
      List<double[]> samples = run(pg, tests, progress);
      List<Double> overhead = column(samples, 0);
      Map<String, Object> figures = Map.of(
          "overhead_median_ms", median(overhead),
          "overhead_p90_ms", percentile(overhead, 0.9),
          "overhead_max_ms", Collections.max(overhead),
          "acquire_median_ms", median(column(samples, 1)),
          "close_median_ms", median(column(samples, 2)),
          "body_median_ms", median(column(samples, 3)),
          "subscribe_median_ms", median(column(samples, 4)));
      progress.say("run %d/%d: overhead median %.2f ms, p90 %.2f ms (body %.2f ms)", r, common.runs,
          figures.get("overhead_median_ms"), figures.get("overhead_p90_ms"), figures.get("body_median_ms"));
      report.addRun(figures);
    }
    for (String key : List.of("overhead_median_ms", "overhead_p90_ms", "acquire_median_ms", "close_median_ms",
        "body_median_ms", "subscribe_median_ms")) {
      report.put(key, medianOf(report, key));
    }
  }

  /** @return per test: {overhead, acquire, close, body, subscribe} in ms */
  private List<double[]> run(TestPostgres pg, int count, Progress progress) throws InterruptedException {
    List<double[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      FreshQueue queue = FreshQueue.open(pg, ManualClock.create());
      long t1 = System.nanoTime();
      PostgresRepository repo = queue.repository();
      double subscribeMs = 0;
      if (subscribe) {
        long s0 = System.nanoTime();
        BlockingQueue<QueueEvent> events = new LinkedBlockingQueue<>();
        Subscription sub = repo.subscribe(events::add);
        UUID probe = UUID.randomUUID();
        repo.notifyHealthCheck(probe);
        while (true) {
          QueueEvent e = events.poll(30, TimeUnit.SECONDS);
          if (e == null) {
            throw new IllegalStateException("no echo within 30 s");
          }
          if (e instanceof HealthCheckEvent && ((HealthCheckEvent) e).id().equals(probe)) {
            break;
          }
        }
        sub.close();
        subscribeMs = (System.nanoTime() - s0) / 1e6;
      }
      long b0 = System.nanoTime();
      JobId id = repo.enqueue(EnqueueRequest.of(NewJob.of("t"))).single();
      repo.dequeue(DequeueRequest.builder(WorkerId.random()).entrypoint("t").build());
      repo.logJobs(List.of(JobOutcome.successful(id)));
      long t2 = System.nanoTime();
      queue.close();
      long t3 = System.nanoTime();
      double acquire = (t1 - t0) / 1e6;
      double close = (t3 - t2) / 1e6;
      out.add(new double[] {acquire + close, acquire, close, (t2 - b0) / 1e6, subscribeMs});
      progress.tick("%d/%d tests", i + 1, count);
    }
    return out;
  }

  private static List<Double> column(List<double[]> rows, int index) {
    List<Double> out = new ArrayList<>(rows.size());
    for (double[] r : rows) {
      out.add(r[index]);
    }
    return out;
  }

  private static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
