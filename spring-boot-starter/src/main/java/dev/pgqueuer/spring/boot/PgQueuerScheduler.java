package dev.pgqueuer.spring.boot;

import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.scheduler.Scheduler;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;

/**
 * The application's cron scheduler as a lifecycle bean: built from the {@link PgQueuerRegistry}'s schedules, started
 * when the context has refreshed (unless {@code pgqueuer.scheduler.enabled=false}) and stopped when it closes, after
 * its running handlers finished. Without schedules it does nothing. Thread-safe.
 */
public final class PgQueuerScheduler implements SmartLifecycle, SmartInitializingSingleton {

  private static final Logger LOG = LoggerFactory.getLogger(PgQueuerScheduler.class);

  private final Repository repository;
  private final PgQueuerRegistry registry;
  private final PgQueuerProperties.Scheduler settings;
  private @Nullable Scheduler scheduler;
  private boolean built;
  private volatile boolean running;

  PgQueuerScheduler(Repository repository, PgQueuerRegistry registry, PgQueuerProperties.Scheduler settings) {
    this.repository = repository;
    this.registry = registry;
    this.settings = settings;
  }

  /**
   * The scheduler, built on first call; empty when no schedule is declared.
   *
   * @throws PgQueuerConfigurationException when a cron expression is invalid or two schedules clash
   */
  public synchronized Optional<Scheduler> scheduler() {
    if (!built) {
      scheduler = registry.newScheduler(repository, settings.getZone()).orElse(null);
      built = true;
    }
    return Optional.ofNullable(scheduler);
  }

  /** Builds it once the context's singletons exist, so that an invalid setting fails the startup. */
  @Override
  public void afterSingletonsInstantiated() {
    scheduler();
  }

  @Override
  public void start() {
    Optional<Scheduler> s = scheduler();
    if (s.isPresent()) {
      s.get().start();
      LOG.info("pgqueuer: scheduler started for {}", s.get().keys());
    }
    running = true;
  }

  @Override
  public void stop() {
    Scheduler s;
    synchronized (this) {
      s = scheduler;
    }
    try {
      if (s != null) {
        s.stop();
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
    return PgQueuerWorker.PHASE;
  }
}
