package dev.pgqueuer.benchmarks.memory;

import dev.pgqueuer.WorkerId;
import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.benchmarks.Timer;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.DequeueRequest;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * PgQueuer's throughput benchmark shape: producer threads enqueue batches in a loop while consumer threads
 * dequeue a batch and record it successful. The figure is jobs completed per second over the window; the backlog
 * at the end says whether producers or consumers were the limit. A consumer that finds nothing parks for
 * {@code --idle-park-us} (default 1 ms, as the reference harness sleeps; a stand-in for waiting on the insert event).
 */
@Command(name = "memory-producers-consumers", description = "1 producer / 5 consumers e2e (completed jobs/s)")
public final class MemoryProducersConsumers extends Scenario {

  @Option(names = "--producers", defaultValue = "1", description = "producer threads (default ${DEFAULT-VALUE})")
  int producers;

  @Option(names = "--consumers", defaultValue = "5", description = "consumer threads (default ${DEFAULT-VALUE})")
  int consumers;

  @Option(names = "--idle-park-us", defaultValue = "1000",
      description = "how long a consumer that found nothing parks, in microseconds (default ${DEFAULT-VALUE})")
  long idleParkMicros;

  @Override
  protected String backend() {
    return "memory";
  }

  @Override
  protected void measure(Report report, Progress progress) throws Exception {
    report.setting("producers", producers).setting("consumers", consumers).setting("idle_park_us", idleParkMicros)
        .setting("payload_bytes", MemoryWorkload.PAYLOAD_BYTES);
    measureRuns(report, progress, common.warmupSeconds + " s", (phase, seconds) -> run(seconds, progress, phase),
        "jobs_per_s", "enqueued_per_s", "jobs_per_cpu_s");
  }

  private Map<String, Object> run(double seconds, Progress progress, String phase) throws InterruptedException {
    InMemoryRepository repo = MemoryWorkload.newRepository();
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder enqueued = new LongAdder();
    LongAdder completed = new LongAdder();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      MemoryWorkload w = new MemoryWorkload(common.batchSize, common.seed + p);
      threads.add(new Thread(() -> {
        await(start);
        while (!stop.get()) {
          repo.enqueue(w.nextBatch());
          enqueued.add(common.batchSize);
        }
      }, "producer-" + p));
    }
    for (int c = 0; c < consumers; c++) {
      DequeueRequest request = MemoryWorkload.dequeueFor(WorkerId.random(), common.batchSize);
      threads.add(new Thread(() -> {
        await(start);
        while (!stop.get()) {
          int n = MemoryWorkload.dequeueAndComplete(repo, request);
          if (n == 0) {
            LockSupport.parkNanos(idleParkMicros * 1_000);
          } else {
            completed.add(n);
          }
        }
      }, "consumer-" + c));
    }
    threads.forEach(Thread::start);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    Timer timer = new Timer(seconds).start();
    start.countDown();
    while (!timer.done()) {
      Thread.sleep(100);
      progress.tick("%s: %,.0f completed jobs/s", phase, completed.sum() / timer.elapsedSeconds());
    }
    long done = completed.sum();
    long in = enqueued.sum();
    double elapsed = timer.elapsedSeconds();
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    long backlog = repo.queuedWork(Set.of(MemoryWorkload.ENTRYPOINT));
    repo.close();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("jobs", done);
    figures.put("elapsed_s", elapsed);
    figures.put("jobs_per_s", done / elapsed);
    figures.put("enqueued_per_s", in / elapsed);
    figures.put("backlog_at_end", backlog);
    figures.put("process_cpu_s", cpu);
    figures.put("jobs_per_cpu_s", done / cpu);
    return figures;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
