package dev.pgqueuer.micrometer;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.Repository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of a queue read from its repository (see {@link PgQueuerMeters}): {@value PgQueuerMeters#QUEUE_DEPTH} by
 * entrypoint and status (queued, picked, failed) and {@value PgQueuerMeters#OLDEST_QUEUED_AGE} by entrypoint, for
 * the entrypoints given to the builder. Works on every backend and needs no worker.
 *
 * <pre>{@code
 * QueueMetrics.builder(repository).entrypoints(Set.of("email", "report")).build().bindTo(meterRegistry);
 * }</pre>
 *
 * <p><b>Cost.</b> The gauges share one snapshot, taken when a gauge is read and the snapshot is older than the
 * refresh interval (default 10 s), so a registry that publishes every minute costs one snapshot a minute. A snapshot
 * is one {@code queueSize} call, plus, per entrypoint with queued jobs, one {@code browseQueue} of one row per
 * priority level of its queued jobs (the oldest job of each level is the first of that level in key order).
 *
 * <p><b>Errors.</b> When the repository cannot be read (the database is down), the gauges read {@code NaN} until a
 * later snapshot succeeds; the failure is logged at {@code WARN} once per run of failures. Thread-safe.
 */
public final class QueueMetrics implements MeterBinder {

  private static final Logger LOG = LoggerFactory.getLogger(QueueMetrics.class);
  private static final List<JobStatus> STATUSES = List.of(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.FAILED);

  private final Repository repository;
  private final Set<String> entrypoints;
  private final long refreshNanos;
  private final LongSupplier ticker;
  private final Tags tags;
  private final Object lock = new Object();
  private @Nullable Snapshot snapshot;
  private long takenAt;
  private boolean failing;

  /** One reading of the queue; {@code null} maps mean the reading failed. */
  private record Snapshot(@Nullable Map<String, Map<JobStatus, Long>> depth, @Nullable Map<String, Duration> age) {}

  private QueueMetrics(Builder b) {
    this.repository = b.repository;
    this.entrypoints = Set.copyOf(b.entrypoints);
    this.refreshNanos = b.refreshInterval.toNanos();
    this.ticker = b.ticker;
    this.tags = b.tags;
  }

  /** A builder over {@code repository}. @throws NullPointerException when it is null */
  public static Builder builder(Repository repository) {
    return new Builder(repository);
  }

  /** The entrypoints measured. */
  public Set<String> entrypoints() {
    return entrypoints;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String entrypoint : entrypoints) {
      for (JobStatus status : STATUSES) {
        Gauge.builder(PgQueuerMeters.QUEUE_DEPTH, this, m -> m.depth(entrypoint, status))
            .description("Queue rows by entrypoint and status")
            .tags(tags).tag(PgQueuerMeters.TAG_ENTRYPOINT, entrypoint)
            .tag(PgQueuerMeters.TAG_STATUS, status.name().toLowerCase(Locale.ROOT))
            .strongReference(true)
            .register(registry);
      }
      TimeGauge.builder(PgQueuerMeters.OLDEST_QUEUED_AGE, this, TimeUnit.MILLISECONDS, m -> m.ageMillis(entrypoint))
          .description("Time since the oldest queued job of the entrypoint was enqueued (0 when none is queued)")
          .tags(tags).tag(PgQueuerMeters.TAG_ENTRYPOINT, entrypoint)
          .strongReference(true)
          .register(registry);
    }
  }

  /** The number of rows of {@code entrypoint} in {@code status} at the current snapshot, NaN when unreadable. */
  double depth(String entrypoint, JobStatus status) {
    Snapshot s = current();
    if (s.depth() == null) {
      return Double.NaN;
    }
    return s.depth().getOrDefault(entrypoint, Map.of()).getOrDefault(status, 0L);
  }

  /** The age of the oldest queued job of {@code entrypoint} in milliseconds, 0 when none, NaN when unreadable. */
  double ageMillis(String entrypoint) {
    Snapshot s = current();
    if (s.age() == null) {
      return Double.NaN;
    }
    Duration age = s.age().get(entrypoint);
    return age == null ? 0 : age.toNanos() / 1e6;
  }

  private Snapshot current() {
    synchronized (lock) {
      long now = ticker.getAsLong();
      if (snapshot == null || now - takenAt >= refreshNanos) {
        snapshot = take();
        takenAt = now;
      }
      return snapshot;
    }
  }

  private Snapshot take() {
    try {
      Map<String, Map<JobStatus, Long>> depth = new HashMap<>();
      Map<String, Map<Integer, Long>> queuedByPriority = new HashMap<>();
      for (QueueStatistics row : repository.queueSize()) {
        if (!entrypoints.contains(row.entrypoint())) {
          continue;
        }
        depth.computeIfAbsent(row.entrypoint(), e -> new HashMap<>()).merge(row.status(), row.count(), Long::sum);
        if (row.status() == JobStatus.QUEUED) {
          queuedByPriority.computeIfAbsent(row.entrypoint(), e -> new HashMap<>())
              .merge(row.priority(), row.count(), Long::sum);
        }
      }
      Map<String, Duration> age = new HashMap<>();
      Instant now = repository.timeSource().instant();
      for (Map.Entry<String, Map<Integer, Long>> e : queuedByPriority.entrySet()) {
        Instant oldest = oldestQueued(e.getKey(), e.getValue());
        if (oldest != null) {
          Duration d = Duration.between(oldest, now);
          age.put(e.getKey(), d.isNegative() ? Duration.ZERO : d);
        }
      }
      if (failing) {
        LOG.info("queue metrics: the repository can be read again");
        failing = false;
      }
      return new Snapshot(depth, age);
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn("queue metrics: cannot read the queue; the gauges read NaN until it can be read again", e);
        failing = true;
      }
      return new Snapshot(null, null);
    }
  }

  /**
   * The enqueue time of the oldest queued job of {@code entrypoint}: the first row of each priority level in key
   * order (priority descending, id ascending) is that level's oldest, at an offset of the rows of higher levels.
   * Rows that change between the calls may make the result one of the oldest rather than the oldest.
   */
  private @Nullable Instant oldestQueued(String entrypoint, Map<Integer, Long> countByPriority) {
    List<Integer> levels = new ArrayList<>(countByPriority.keySet());
    levels.sort(Comparator.reverseOrder());
    BrowseQuery queued = BrowseQuery.all().withStatuses(EnumSet.of(JobStatus.QUEUED))
        .withEntrypoints(Set.of(entrypoint));
    long offset = 0;
    Instant oldest = null;
    for (int priority : levels) {
      if (offset > Integer.MAX_VALUE) {
        break;
      }
      List<Job> first = repository.browseQueue(queued.page(1, (int) offset));
      if (!first.isEmpty() && (oldest == null || first.get(0).created().isBefore(oldest))) {
        oldest = first.get(0).created();
      }
      offset += countByPriority.get(priority);
    }
    return oldest;
  }

  @Override
  public String toString() {
    return "QueueMetrics[" + entrypoints + "]";
  }

  /** Builds {@link QueueMetrics}; not thread-safe. */
  public static final class Builder {
    private final Repository repository;
    private final Set<String> entrypoints = new LinkedHashSet<>();
    private Duration refreshInterval = Duration.ofSeconds(10);
    private LongSupplier ticker = System::nanoTime;
    private Tags tags = Tags.empty();

    private Builder(Repository repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
    }

    /**
     * Adds entrypoints to measure.
     *
     * @throws IllegalArgumentException for a blank name
     */
    public Builder entrypoints(Set<String> names) {
      for (String name : Objects.requireNonNull(names, "names")) {
        if (Objects.requireNonNull(name, "entrypoint").isBlank()) {
          throw new IllegalArgumentException("an entrypoint name must not be blank");
        }
        entrypoints.add(name);
      }
      return this;
    }

    /**
     * The longest a snapshot is reused (default 10 s); zero reads the repository at every gauge reading.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder refreshInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("refreshInterval must not be negative, got " + interval);
      }
      this.refreshInterval = interval;
      return this;
    }

    /** Extra tags on every gauge. */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /** The monotonic nanosecond source of the refresh interval (default {@link System#nanoTime()}), for tests. */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** The binder. */
    public QueueMetrics build() {
      return new QueueMetrics(this);
    }
  }
}
