package dev.pgqueuer.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgqueuer.SchemaStateException;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.QueueManager;
import dev.pgqueuer.worker.RetryPolicy;
import dev.pgqueuer.worker.RetryRequested;
import dev.pgqueuer.worker.WorkerStats;
import dev.pgqueuer.worker.scheduler.Scheduler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Producers and a worker on one queue, with a live progress line: the in-memory repository by default, PostgreSQL
 * when a JDBC URL is given (the queue is installed in the schema {@code pgqueuer_quickstart} when missing).
 *
 * <pre>
 * mvn -q -pl examples -am compile exec:java                                   # in memory, 10 s
 * mvn -q -pl examples -am compile exec:java \
 *     -Dexec.args="jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres 20"  # PostgreSQL, 20 s
 * </pre>
 *
 * <p>What it shows: registering handlers ({@code greet}, and {@code flaky} which asks for a retry on its first
 * run and is retried automatically with backoff otherwise), enqueueing in batches, a cron schedule firing every
 * second, the worker's counters, and a graceful stop that leaves no job picked.
 */
public final class QuickstartExample {

  /** Producers pause while more jobs than this wait (simple back-pressure, so the progress line means something). */
  static final long MAX_BACKLOG = 20_000;

  private QuickstartExample() {}

  /** The figures at the end of a run. */
  public record Summary(long enqueued, long greeted, long scheduleTicks, WorkerStats stats, long backlog) {}

  /** {@code [jdbc-url] [seconds]}. */
  public static void main(String[] args) throws Exception {
    String url = args.length > 0 && args[0].startsWith("jdbc:") ? args[0] : null;
    String last = args.length > 0 ? args[args.length - 1] : "";
    Duration runFor = Duration.ofSeconds(last.matches("\\d+") ? Long.parseLong(last) : 10);
    if (url == null) {
      try (InMemoryRepository repository = InMemoryRepository.builder().build()) {
        System.out.println("in-memory queue, running " + runFor.toSeconds() + " s");
        print(run(repository, runFor, 1, System.out));
      }
      return;
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(8);
    try (HikariDataSource pool = new HikariDataSource(config);
        PostgresRepository repository = PostgresRepository.builder(pool)
            .names(SchemaNames.of("pgqueuer_quickstart", "")).build()) {
      if (!repository.isInstalled()) {
        try {
          repository.install();
        } catch (SchemaStateException raced) {
          // another instance installed it meanwhile
        }
      }
      System.out.println("PostgreSQL queue in schema pgqueuer_quickstart, running " + runFor.toSeconds() + " s");
      print(run(repository, runFor, 1, System.out));
    }
  }

  /**
   * Runs producers, a worker and a scheduler on {@code repository} for {@code runFor}, printing a progress line to
   * {@code out} a few times a second, then stops everything gracefully.
   *
   * @param producers producer threads, each enqueueing batches of 10 jobs
   */
  public static Summary run(Repository repository, Duration runFor, int producers, PrintStream out)
      throws InterruptedException {
    LongAdder greeted = new LongAdder();
    AtomicLong ticks = new AtomicLong();
    QueueManager worker = QueueManager.builder(repository)
        .entrypoint("greet", ctx -> greeted.increment())
        .entrypoint(Entrypoint.of("flaky", ctx -> {
          if (ctx.attempts() == 0) {
            throw new RetryRequested(Duration.ofMillis(200), "first attempt always waits a little");
          }
        }).withRetryPolicy(RetryPolicy.exponential(3, Duration.ofMillis(100), Duration.ofSeconds(2))))
        .build();
    Scheduler scheduler = Scheduler.builder(repository)
        .schedule("tick", "* * * * * *", ctx -> ticks.incrementAndGet())
        .build();
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder enqueued = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      threads.add(new Thread(() -> {
        List<NewJob> batch = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
          batch.add(NewJob.of("greet").withPayload("hello " + i));
        }
        batch.add(NewJob.of("flaky"));
        EnqueueRequest request = EnqueueRequest.of(batch);
        while (!stop.get()) {
          if (enqueued.sum() - worker.stats().completed() > MAX_BACKLOG) {
            LockSupport.parkNanos(200_000);
            continue;
          }
          repository.enqueue(request);
          enqueued.add(request.size());
        }
      }, "producer-" + p));
    }
    worker.start();
    scheduler.start();
    threads.forEach(Thread::start);
    long start = System.nanoTime();
    long end = start + runFor.toNanos();
    try {
      while (System.nanoTime() < end) {
        Thread.sleep(250);
        double seconds = (System.nanoTime() - start) / 1e9;
        WorkerStats s = worker.stats();
        out.printf(Locale.ROOT, "\r%5.1f s  enqueued %,d  completed %,d (%,.0f jobs/s)  retried %,d  in flight %d"
            + "  schedule ticks %d   ", seconds, enqueued.sum(), s.completed(), s.completed() / seconds,
            s.retried(), s.inFlight(), ticks.get());
        out.flush();
      }
    } finally {
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      scheduler.stop();
      worker.stop();
      out.println();
    }
    long backlog = repository.queuedWork(Set.of("greet", "flaky"));
    return new Summary(enqueued.sum(), greeted.sum(), ticks.get(), worker.stats(), backlog);
  }

  private static void print(Summary s) {
    System.out.printf(Locale.ROOT, "done: %,d enqueued, %,d greeted, %,d retried, %,d schedule ticks, "
        + "%,d still queued, nothing left picked (in flight %d)%n", s.enqueued(), s.greeted(), s.stats().retried(),
        s.scheduleTicks(), s.backlog(), s.stats().inFlight());
  }
}
