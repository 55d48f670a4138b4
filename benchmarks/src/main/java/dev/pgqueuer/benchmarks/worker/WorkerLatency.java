package dev.pgqueuer.benchmarks.worker;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.benchmarks.Timer;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.QueueManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Wake-up latency through the real worker: the time from right before a producer's enqueue call to the start of the
 * job's handler in one running {@code QueueManager}. Probes are sent one at a time, each after the previous one's
 * handler started and a random pause of {@code --interval-ms} to twice that, so that an idle worker has gone back
 * to waiting for a notification. {@code --load busy} keeps the worker busy meanwhile: a producer thread enqueues
 * background jobs (same manager, another entrypoint) at {@code --busy-rate} jobs/s in batches of
 * {@code --batch-size}. {@code --producer process} (PostgreSQL only) sends the probes from another JVM
 * ({@link LatencyProducer}), so the notification crosses processes as in production. The figures are the
 * percentiles of every measured probe (all runs together); each run's own are in the runs. On PostgreSQL the same
 * session then measures the raw-JDBC floor ({@link LatencyFloor}: {@code floor_*}, as long as all runs together, with
 * the producer in this JVM) and reports {@code p50_vs_floor}, unless {@code --no-floor}.
 */
@Command(name = "worker-latency", description = "enqueue to handler start through one QueueManager (ms: p50, p99, "
    + "max)")
public final class WorkerLatency extends Scenario {

  private static final String BACKGROUND = "background";

  @Mixin
  WorkerOptions options;

  @Option(names = "--load", defaultValue = "idle",
      description = "idle (nothing else to do) or busy (background jobs at --busy-rate) (default ${DEFAULT-VALUE})")
  String load;

  @Option(names = "--producer", defaultValue = "thread",
      description = "thread (in this JVM) or process (another JVM; PostgreSQL only) (default ${DEFAULT-VALUE})")
  String producer;

  @Option(names = "--busy-rate", defaultValue = "500",
      description = "background jobs per second with --load busy (default ${DEFAULT-VALUE})")
  int busyRate;

  @Option(names = "--interval-ms", defaultValue = "50",
      description = "pause between a probe's handler start and the next probe: this to twice this, at random "
          + "(default ${DEFAULT-VALUE})")
  int intervalMillis;

  @Option(names = "--floor", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "on PostgreSQL, also measure the raw-JDBC floor in the same session (default ${DEFAULT-VALUE})")
  boolean floor;

  private final List<Long> allNanos = new ArrayList<>();

  @Override
  protected String backend() {
    return options.backend;
  }

  @Override
  protected void measure(Report report, Progress progress) throws Exception {
    boolean busy = check("--load", load, "idle", "busy");
    boolean process = check("--producer", producer, "thread", "process");
    if (process && !"postgres".equalsIgnoreCase(options.backend)) {
      throw new IllegalArgumentException("--producer process needs --backend postgres (an in-memory queue lives in "
          + "one JVM)");
    }
    if (busyRate <= 0 || intervalMillis <= 0) {
      throw new IllegalArgumentException("--busy-rate and --interval-ms must be positive");
    }
    report.setting("load", load).setting("producer", producer).setting("consumers", 1)
        .setting("busy_rate", busy ? busyRate : 0).setting("interval_ms", intervalMillis)
        .setting("flush_ms", options.flushMillis).setting("pool_size", options.poolSize)
        .setting("durability", options.durability);
    try (WorkerBackend backend = WorkerBackend.open(options.backend, options.jdbcUrl, options.poolSize,
        options.durability); ProbeSender sender = process ? new ProcessSender(options.jdbcUrl) : null) {
      measureRuns(report, progress, common.warmupSeconds + " s",
          (phase, seconds) -> run(backend, sender, busy, seconds, progress, phase), "runs_p50_ms");
    }
    report.put("probes", allNanos.size());
    report.put("p50_ms", percentileMillis(allNanos, 50));
    report.put("p99_ms", percentileMillis(allNanos, 99));
    report.put("max_ms", percentileMillis(allNanos, 100));
    if (floor && "postgres".equalsIgnoreCase(options.backend)) {
      progress.say("raw-JDBC floor: %s s of probes after %s s of warm-up", common.seconds * common.runs,
          common.warmupSeconds);
      Map<String, Object> floorFigures = LatencyFloor.measure(options.jdbcUrl, common.warmupSeconds,
          common.seconds * common.runs, intervalMillis, common.seed);
      floorFigures.forEach(report::put);
      report.put("p50_vs_floor", percentileMillis(allNanos, 50) / (double) floorFigures.get("floor_p50_ms"));
    }
  }

  private static boolean check(String option, String value, String no, String yes) {
    String v = value.toLowerCase(Locale.ROOT);
    if (!v.equals(no) && !v.equals(yes)) {
      throw new IllegalArgumentException(option + " must be " + no + " or " + yes + ", got " + value);
    }
    return v.equals(yes);
  }

  /** Sends one probe; returns the enqueue call's duration in nanoseconds. */
  private interface ProbeSender extends AutoCloseable {
    long send(Repository local) throws Exception;

    @Override
    void close();
  }

  private Map<String, Object> run(WorkerBackend backend, ProbeSender remote, boolean busy, double seconds,
      Progress progress, String phase) throws Exception {
    backend.reset();
    Repository repo = backend.repository();
    LinkedBlockingQueue<Long> started = new LinkedBlockingQueue<>();
    LongAdder background = new LongAdder();
    QueueManager.Builder b = QueueManager.builder(repo).batchSize(common.batchSize)
        .flushInterval(Duration.ofMillis(options.flushMillis))
        .entrypoint(LatencyProbes.ENTRYPOINT, ctx -> started.add(System.nanoTime() - LatencyProbes.sentAt(
            ctx.payload())))
        .entrypoint(BACKGROUND, ctx -> background.increment());
    if (options.maxConcurrent > 0) {
      b.maxConcurrentTasks(options.maxConcurrent);
    }
    QueueManager manager = b.build();
    AtomicBoolean stop = new AtomicBoolean();
    Thread loadThread = busy ? new Thread(() -> produceBackground(repo, stop), "background-producer") : null;
    List<Long> nanos = new ArrayList<>();
    List<Long> enqueueNanos = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(common.seed);
    manager.start();
    try {
      if (loadThread != null) {
        loadThread.start();
      }
      Timer timer = new Timer(seconds).start();
      while (!timer.done()) {
        long pause = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        LockSupport.parkNanos(pause + random.nextLong(pause));
        enqueueNanos.add(remote != null ? remote.send(repo) : LatencyProbes.enqueue(repo));
        Long latency = started.poll(30, TimeUnit.SECONDS);
        if (latency == null) {
          throw new IllegalStateException("a probe's handler did not start within 30 s");
        }
        nanos.add(latency);
        progress.tick("%s: %d probes, p50 %.2f ms, max %.2f ms", phase, nanos.size(),
            percentileMillis(nanos, 50), percentileMillis(nanos, 100));
      }
    } finally {
      stop.set(true);
      if (loadThread != null) {
        loadThread.join();
      }
      manager.stop();
    }
    if (!WARM_UP.equals(phase)) {
      allNanos.addAll(nanos);
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("probes", nanos.size());
    figures.put("runs_p50_ms", percentileMillis(nanos, 50));
    figures.put("p99_ms", percentileMillis(nanos, 99));
    figures.put("max_ms", percentileMillis(nanos, 100));
    figures.put("enqueue_p50_ms", percentileMillis(enqueueNanos, 50));
    figures.put("background_jobs", background.sum());
    return figures;
  }

  /** Enqueues background jobs at {@code --busy-rate} per second until {@code stop}. */
  private void produceBackground(Repository repo, AtomicBoolean stop) {
    var batches = WorkerThroughput.batches(common.batchSize, common.seed, BACKGROUND);
    long period = 1_000_000_000L * common.batchSize / busyRate;
    long next = System.nanoTime();
    int i = 0;
    while (!stop.get()) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue;
      }
      repo.enqueue(batches.get(i));
      i = (i + 1) % batches.size();
      next += period;
    }
  }

  /** The nearest-rank percentile {@code p} (100: the maximum) of {@code nanos}, in milliseconds; 0 when empty. */
  static double percentileMillis(List<Long> nanos, int p) {
    if (nanos.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1e6;
  }

  /** Probes sent by a {@link LatencyProducer} in another JVM, started from this benchmark's jar. */
  private static final class ProcessSender implements ProbeSender {
    private final Process child;
    private final BufferedReader answers;
    private final PrintStream requests;

    ProcessSender(String jdbcUrl) throws Exception {
      String jar = Path.of(LatencyProducer.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).toString();
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      child = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", jar, LatencyProducer.class.getName(), jdbcUrl)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      answers = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8));
      requests = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
      String first = answers.readLine();
      if (!"ready".equals(first)) {
        child.destroy();
        throw new IllegalStateException("the producer process did not start (said " + first + ")");
      }
    }

    @Override
    public long send(Repository local) throws Exception {
      requests.println("go");
      String answer = answers.readLine();
      if (answer == null) {
        throw new IllegalStateException("the producer process ended");
      }
      return Long.parseLong(answer.trim());
    }

    @Override
    public void close() {
      requests.close();
      try {
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      } catch (InterruptedException e) {
        child.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
