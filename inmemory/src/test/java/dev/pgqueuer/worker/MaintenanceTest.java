package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MaintenanceTest {

  @Test
  void heartbeatsCountFromWhenTheWorkerStartedNotFromWhenTheWriterThreadFirstRuns() throws Exception {
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repo = InMemoryRepository.create(clock)) {
      CountDownLatch beaten = new CountDownLatch(1);
      Engine engine = new Engine(repo, WorkerId.random(), WorkerSettings.defaults(),
          Map.of("work", Entrypoint.of("work", ctx -> { })), List.of(new WorkerListener() {
            @Override
            public void heartbeatWritten(List<JobId> jobs) {
              beaten.countDown();
            }
          }));
      JobId id = repo.enqueue(EnqueueRequest.of(List.of(NewJob.of("work")))).rows().get(0).orElseThrow();
      assertThat(engine.admit(engine.claim(1, false).get(0))).isNotNull();
      Maintenance maintenance = new Maintenance(engine);

      // The clock moves on by one heartbeat interval before the writer thread has even started.
      clock.advance(engine.settings.heartbeatInterval());
      Thread writer = new Thread(maintenance, "maintenance-test-writer");
      writer.start();
      try {
        assertThat(beaten.await(10, TimeUnit.SECONDS)).as("a heartbeat once the interval has passed").isTrue();
        assertThat(repo.findJob(id).orElseThrow().heartbeat()).isEqualTo(clock.instant());
      } finally {
        maintenance.finish();
        writer.join(TimeUnit.SECONDS.toMillis(10));
      }
      assertThat(writer.isAlive()).isFalse();
    }
  }

  @Test
  void theWriterPrunesTheLogOnceARetentionIntervalHasPassedOnTheRepositoryClock() throws Exception {
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repo = InMemoryRepository.create(clock)) {
      CountDownLatch pruned = new CountDownLatch(1);
      Repository observed = (Repository) Proxy.newProxyInstance(Repository.class.getClassLoader(),
          new Class<?>[] {Repository.class}, (proxy, method, args) -> {
            Object out;
            try {
              out = method.invoke(repo, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
            if (method.getName().equals("pruneLog")) {
              pruned.countDown();
            }
            return out;
          });
      WorkerSettings settings = new WorkerSettings(10, 32, Duration.ofSeconds(30), Duration.ofSeconds(30),
          Duration.ofMillis(100), 100, Duration.ofMillis(50), Duration.ofSeconds(30),
          LogRetention.logsOlderThan(Duration.ofHours(1)), Duration.ofHours(2));
      JobId id = repo.enqueue(EnqueueRequest.of(List.of(NewJob.of("work")))).rows().get(0).orElseThrow();
      repo.clearQueue(EntrypointScope.all());
      Engine engine = new Engine(observed, WorkerId.random(), settings,
          Map.of("work", Entrypoint.of("work", ctx -> { })), List.of());
      Maintenance maintenance = new Maintenance(engine);
      Thread writer = new Thread(maintenance, "maintenance-test-writer");
      writer.start();
      try {
        clock.advance(Duration.ofHours(2).minusNanos(1_000));
        assertThat(pruned.await(300, TimeUnit.MILLISECONDS)).as("no pruning before the interval").isFalse();
        clock.advance(Duration.ofNanos(1_000));
        assertThat(pruned.await(10, TimeUnit.SECONDS)).as("pruning once the interval has passed").isTrue();
        assertThat(repo.jobStatus(List.of(id))).isEmpty();
      } finally {
        maintenance.finish();
        writer.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
  }
}
