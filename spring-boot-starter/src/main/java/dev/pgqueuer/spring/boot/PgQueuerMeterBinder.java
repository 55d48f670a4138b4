package dev.pgqueuer.spring.boot;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.micrometer.QueueMetrics;
import dev.pgqueuer.micrometer.WorkerMetrics;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.JobResult;
import dev.pgqueuer.worker.WorkerListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Binds pgqueuer's meters to every registry Spring Boot binds it to: the worker's counters and timers
 * ({@link WorkerMetrics}, fed as a {@link WorkerListener} of the application's worker) and the queue gauges
 * ({@link QueueMetrics}) of the entrypoints with a handler plus {@code pgqueuer.metrics.entrypoints}. Thread-safe.
 */
public final class PgQueuerMeterBinder implements MeterBinder, WorkerListener {

  private final Repository repository;
  private final PgQueuerRegistry registry;
  private final PgQueuerProperties.Metrics settings;
  private final List<WorkerMetrics> workers = new CopyOnWriteArrayList<>();

  PgQueuerMeterBinder(Repository repository, PgQueuerRegistry registry, PgQueuerProperties.Metrics settings) {
    this.repository = repository;
    this.registry = registry;
    this.settings = settings;
  }

  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    workers.add(new WorkerMetrics(meterRegistry));
    Set<String> measured = new TreeSet<>(registry.entrypointNames());
    measured.addAll(settings.getEntrypoints());
    QueueMetrics.builder(repository).entrypoints(measured).refreshInterval(settings.getRefreshInterval()).build()
        .bindTo(meterRegistry);
  }

  @Override
  public void jobsClaimed(List<Job> jobs) {
    workers.forEach(w -> w.jobsClaimed(jobs));
  }

  @Override
  public void jobFinished(JobResult result, Duration handlerTime) {
    workers.forEach(w -> w.jobFinished(result, handlerTime));
  }

  @Override
  public void outcomesFlushed(int outcomes, Duration writeTime) {
    workers.forEach(w -> w.outcomesFlushed(outcomes, writeTime));
  }

  @Override
  public void outcomesWritten(List<JobId> jobs) {
    // counted in outcomesFlushed
  }
}
