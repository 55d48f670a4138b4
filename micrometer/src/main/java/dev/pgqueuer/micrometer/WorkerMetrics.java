package dev.pgqueuer.micrometer;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.worker.JobResult;
import dev.pgqueuer.worker.WorkerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts and times what a worker does, as Micrometer meters (see {@link PgQueuerMeters}): jobs claimed and finished
 * by entrypoint and outcome, handler durations, and the time and size of each outcome write. Register it on the
 * worker:
 *
 * <pre>{@code
 * QueueManager worker = QueueManager.builder(repository)
 *     .entrypoint("email", handler)
 *     .listener(new WorkerMetrics(meterRegistry))
 *     .build();
 * }</pre>
 *
 * <p>Several workers may share one instance or register their own on the same registry: their meters are the same
 * (add a distinguishing tag with {@link #WorkerMetrics(MeterRegistry, Iterable)} to tell them apart). Meters are
 * created on first use. Thread-safe; each callback costs a map look-up and a meter update.
 */
public final class WorkerMetrics implements WorkerListener {

  private final MeterRegistry registry;
  private final Tags tags;
  private final Map<String, Counter> claimed = new ConcurrentHashMap<>();
  private final Map<Key, Counter> finished = new ConcurrentHashMap<>();
  private final Map<Key, Timer> handlerTimes = new ConcurrentHashMap<>();
  private final Timer writeTime;
  private final Counter written;

  private record Key(String entrypoint, JobResult.Disposition outcome) {}

  /** Metrics into {@code registry} with no extra tag. */
  public WorkerMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /**
   * Metrics into {@code registry}, every meter carrying {@code tags} besides its own.
   *
   * @throws NullPointerException when an argument is null
   */
  public WorkerMetrics(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    this.writeTime = Timer.builder(PgQueuerMeters.OUTCOME_WRITE)
        .description("Time of one write of buffered job outcomes to the repository")
        .tags(this.tags).register(registry);
    this.written = Counter.builder(PgQueuerMeters.OUTCOMES_WRITTEN)
        .description("Job outcomes written to the repository")
        .tags(this.tags).register(registry);
  }

  @Override
  public void jobsClaimed(List<Job> jobs) {
    for (Job job : jobs) {
      claimed.computeIfAbsent(job.entrypoint(), e -> Counter.builder(PgQueuerMeters.JOBS_CLAIMED)
          .description("Jobs claimed by a worker")
          .tags(tags).tag(PgQueuerMeters.TAG_ENTRYPOINT, e)
          .register(registry)).increment();
    }
  }

  @Override
  public void jobFinished(JobResult result, Duration handlerTime) {
    Key key = new Key(result.entrypoint(), result.disposition());
    finished.computeIfAbsent(key, k -> Counter.builder(PgQueuerMeters.JOBS_FINISHED)
        .description("Jobs whose handler finished, by outcome")
        .tags(tagsOf(k)).register(registry)).increment();
    handlerTimes.computeIfAbsent(key, k -> Timer.builder(PgQueuerMeters.HANDLER_DURATION)
        .description("Time a handler ran for one job")
        .tags(tagsOf(k)).register(registry)).record(handlerTime);
  }

  @Override
  public void outcomesFlushed(int outcomes, Duration time) {
    writeTime.record(time);
    written.increment(outcomes);
  }

  @Override
  public void outcomesWritten(List<JobId> jobs) {
    // counted in outcomesFlushed, which reports the same write with its time
  }

  private Tags tagsOf(Key key) {
    return tags.and(PgQueuerMeters.TAG_ENTRYPOINT, key.entrypoint())
        .and(PgQueuerMeters.TAG_OUTCOME, key.outcome().name().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return "WorkerMetrics[" + registry.getClass().getSimpleName() + ", " + tags + "]";
  }
}
