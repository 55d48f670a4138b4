package dev.pgqueuer.spring.boot;

import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator's {@code pgqueuer} health: up when the database answers, the queue's tables are installed and the
 * notification listener delivers this check's own probe ({@code notifyHealthCheck}) within
 * {@code pgqueuer.health.listener-timeout}; down otherwise, with details saying which. Details: backend, schema
 * (installed or missing), listener (connected or not), worker (running, stopped or without handlers). The listener
 * subscription is opened at the first check and kept until the context closes. Thread-safe.
 */
public final class PgQueuerHealthIndicator implements HealthIndicator, DisposableBean {

  private final Repository repository;
  private final PgQueuerProperties properties;
  private final @Nullable PgQueuerWorker worker;
  private final Map<UUID, CountDownLatch> probes = new ConcurrentHashMap<>();
  private @Nullable Subscription subscription;

  PgQueuerHealthIndicator(Repository repository, PgQueuerProperties properties, @Nullable PgQueuerWorker worker) {
    this.repository = repository;
    this.properties = properties;
    this.worker = worker;
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up()
        .withDetail("backend", properties.getBackend().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    boolean installed;
    try {
      installed = repository.isInstalled();
    } catch (RuntimeException e) {
      return health.down(e).withDetail("database", "unreachable").build();
    }
    health.withDetail("database", "reachable").withDetail("schema", installed ? "installed" : "missing");
    String listener = probeListener();
    health.withDetail("listener", listener);
    if (worker != null) {
      health.withDetail("worker", worker.manager().isEmpty() ? "no handlers"
          : worker.isRunning() ? "running" : "stopped");
    }
    if (!installed || !listener.equals("connected")) {
      health.down();
    }
    return health.build();
  }

  private String probeListener() {
    try {
      ensureSubscribed();
      UUID id = UUID.randomUUID();
      CountDownLatch received = new CountDownLatch(1);
      probes.put(id, received);
      try {
        repository.notifyHealthCheck(id);
        Duration timeout = properties.getHealth().getListenerTimeout();
        return received.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? "connected"
            : "no echo within " + timeout;
      } finally {
        probes.remove(id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (RuntimeException e) {
      return "not connected: " + e.getMessage();
    }
  }

  private synchronized void ensureSubscribed() {
    if (subscription == null) {
      subscription = repository.subscribe(event -> {
        if (event instanceof HealthCheckEvent) {
          CountDownLatch latch = probes.get(((HealthCheckEvent) event).id());
          if (latch != null) {
            latch.countDown();
          }
        }
      });
    }
  }

  @Override
  public synchronized void destroy() throws Exception {
    if (subscription != null) {
      subscription.close();
      subscription = null;
    }
  }
}
