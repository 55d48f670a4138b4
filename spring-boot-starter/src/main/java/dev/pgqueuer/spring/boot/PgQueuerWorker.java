package dev.pgqueuer.spring.boot;

import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.QueueManager;
import dev.pgqueuer.worker.WorkerListener;
import dev.pgqueuer.worker.WorkerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;

/**
 * The application's worker as a lifecycle bean: built from the {@link PgQueuerRegistry}'s entrypoints, the
 * {@code pgqueuer.worker.*} settings and every {@link WorkerListener} bean; started when the context has refreshed
 * (unless {@code pgqueuer.worker.enabled=false}), and stopped gracefully when it closes: it claims nothing more, waits
 * for running handlers and writes every buffered outcome, so no job is left picked. The stop runs in the background
 * and reports to Spring when done; Spring waits for it up to {@code spring.lifecycle.timeout-per-shutdown-phase}
 * (handlers that may run longer should watch {@link dev.pgqueuer.worker.JobContext#isShutdownRequested()}).
 *
 * <p>It stops in phase {@link #PHASE}, after the web server stopped taking requests (so requests finishing during a
 * graceful shutdown may still enqueue). Without handlers it does nothing. Thread-safe.
 */
public final class PgQueuerWorker implements SmartLifecycle, SmartInitializingSingleton {

  /** The lifecycle phase: started before and stopped after the web server. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger LOG = LoggerFactory.getLogger(PgQueuerWorker.class);

  private final Repository repository;
  private final PgQueuerRegistry registry;
  private final PgQueuerProperties.Worker settings;
  private final List<WorkerListener> listeners;
  private @Nullable QueueManager manager;
  private boolean built;
  private volatile boolean running;

  PgQueuerWorker(Repository repository, PgQueuerRegistry registry, PgQueuerProperties.Worker settings,
      List<WorkerListener> listeners) {
    this.repository = repository;
    this.registry = registry;
    this.settings = settings;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * The queue manager, built on first call; empty when no handler is declared. With
   * {@code pgqueuer.worker.enabled=false} it is never started by the context, so a test may {@code step()} it.
   *
   * @throws PgQueuerConfigurationException when a handler or a worker setting is invalid
   */
  public synchronized Optional<QueueManager> manager() {
    if (!built) {
      manager = build();
      built = true;
    }
    return Optional.ofNullable(manager);
  }

  private @Nullable QueueManager build() {
    if (registry.entrypoints().isEmpty()) {
      return null;
    }
    QueueManager.Builder b = QueueManager.builder(repository);
    registry.entrypoints().forEach(b::entrypoint);
    listeners.forEach(b::listener);
    try {
      if (settings.getBatchSize() != null) {
        b.batchSize(settings.getBatchSize());
      }
      if (settings.getMaxConcurrentTasks() != null) {
        b.maxConcurrentTasks(settings.getMaxConcurrentTasks());
      }
      if (settings.getHeartbeatTimeout() != null) {
        b.heartbeatTimeout(settings.getHeartbeatTimeout());
      }
      if (settings.getDequeueTimeout() != null) {
        b.dequeueTimeout(settings.getDequeueTimeout());
      }
      if (settings.getPollInterval() != null) {
        b.pollInterval(settings.getPollInterval());
      }
      if (settings.getFlushSize() != null) {
        b.flushSize(settings.getFlushSize());
      }
      if (settings.getFlushInterval() != null) {
        b.flushInterval(settings.getFlushInterval());
      }
      if (settings.getLogAggregationInterval() != null) {
        b.logAggregationInterval(settings.getLogAggregationInterval());
      }
      Duration logRetention = settings.getLogRetention();
      if (logRetention != null) {
        Duration interval = settings.getRetentionInterval();
        b.logRetention(new LogRetention(logRetention, settings.getStatisticsRetention()),
            interval == null ? WorkerSettings.DEFAULT_RETENTION_INTERVAL : interval);
      } else if (settings.getStatisticsRetention() != null || settings.getRetentionInterval() != null) {
        throw new IllegalArgumentException("statistics-retention and retention-interval need log-retention");
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new PgQueuerConfigurationException("the pgqueuer.worker settings are invalid: " + e.getMessage() + ".",
          "Fix the pgqueuer.worker properties.");
    }
  }

  /** Builds it once the context's singletons exist, so that an invalid setting fails the startup. */
  @Override
  public void afterSingletonsInstantiated() {
    manager();
  }

  @Override
  public void start() {
    Optional<QueueManager> m = manager();
    if (m.isEmpty()) {
      LOG.info("pgqueuer: no handler is declared; the worker does not run");
    } else {
      m.get().start();
      LOG.info("pgqueuer: worker {} started for entrypoints {}", m.get().id(), registry.entrypointNames());
    }
    running = true;
  }

  @Override
  public void stop() {
    stopNow();
  }

  @Override
  public void stop(Runnable callback) {
    Thread stopper = new Thread(() -> {
      try {
        stopNow();
      } finally {
        callback.run();
      }
    }, "pgqueuer-worker-stop");
    stopper.setDaemon(true);
    stopper.start();
  }

  private void stopNow() {
    QueueManager m;
    synchronized (this) {
      m = manager;
    }
    try {
      if (m != null) {
        m.stop();
        LOG.info("pgqueuer: worker {} stopped: {}", m.id(), m.stats());
      }
    } finally {
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isAutoStartup() {
    return settings.isEnabled();
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
