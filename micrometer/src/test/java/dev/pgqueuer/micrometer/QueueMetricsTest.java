package dev.pgqueuer.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.junit.ParityTest;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.OnFailure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link QueueMetrics}: depth and oldest-age gauges read from the repository, on both backends. */
@PgQueuerTest
class QueueMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double depth(String entrypoint, String status) {
    return registry.get(PgQueuerMeters.QUEUE_DEPTH)
        .tags(PgQueuerMeters.TAG_ENTRYPOINT, entrypoint, PgQueuerMeters.TAG_STATUS, status).gauge().value();
  }

  private double ageSeconds(String entrypoint) {
    return registry.get(PgQueuerMeters.OLDEST_QUEUED_AGE).tag(PgQueuerMeters.TAG_ENTRYPOINT, entrypoint).timeGauge()
        .value(TimeUnit.SECONDS);
  }

  private void bind(Repository repository) {
    QueueMetrics.builder(repository).entrypoints(Set.of("mail", "report")).refreshInterval(Duration.ZERO).build()
        .bindTo(registry);
  }

  @ParityTest
  void depthIsCountedByEntrypointAndStatus(TestQueue queue) {
    bind(queue.repository());
    queue.enqueue("mail");
    queue.enqueue("mail");
    queue.enqueue("report");
    queue.handle(Entrypoint.of("report", ctx -> {
      throw new IllegalStateException("fails (expected by the test)");
    }).withOnFailure(OnFailure.HOLD)).allowFailures().allowUnhandledJobs();

    queue.drain();

    assertThat(depth("mail", "queued")).isEqualTo(2);
    assertThat(depth("mail", "picked")).isZero();
    assertThat(depth("report", "queued")).isZero();
    assertThat(depth("report", "failed")).isEqualTo(1);
  }

  @ParityTest
  void theOldestQueuedAgeFollowsTheClockAcrossPriorities(TestQueue queue) {
    bind(queue.repository());
    assertThat(ageSeconds("mail")).as("nothing queued").isZero();
    queue.enqueue(NewJob.of("mail").withPriority(0));
    queue.advance(Duration.ofSeconds(30));
    queue.enqueue(NewJob.of("mail").withPriority(5));
    queue.enqueue(NewJob.of("mail").withPriority(5));
    queue.advance(Duration.ofSeconds(12));
    queue.enqueue(NewJob.of("report").withPriority(9));

    assertThat(ageSeconds("mail")).as("the low-priority job comes last in key order but is the oldest")
        .isEqualTo(42);
    assertThat(ageSeconds("report")).isZero();
  }

  @Test
  void aSnapshotIsReusedWithinTheRefreshInterval() {
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repo = InMemoryRepository.create(clock)) {
      AtomicLong ticks = new AtomicLong();
      QueueMetrics.builder(repo).entrypoints(Set.of("mail")).refreshInterval(Duration.ofSeconds(10))
          .ticker(ticks::get).build().bindTo(registry);
      assertThat(depth("mail", "queued")).isZero();
      repo.enqueue(dev.pgqueuer.port.EnqueueRequest.of(NewJob.of("mail")));

      assertThat(depth("mail", "queued")).as("within the interval").isZero();
      ticks.addAndGet(Duration.ofSeconds(10).toNanos());
      assertThat(depth("mail", "queued")).as("after it").isEqualTo(1);
    }
  }

  @Test
  void anUnreadableRepositoryReadsNaN() {
    InMemoryRepository memory = InMemoryRepository.create(ManualClock.create());
    Repository down = (Repository) Proxy.newProxyInstance(Repository.class.getClassLoader(),
        new Class<?>[] {Repository.class}, (proxy, method, args) -> {
          if (method.getName().equals("timeSource")) {
            return memory.timeSource();
          }
          throw new IllegalStateException("the database is down (simulated by the test)");
        });
    QueueMetrics.builder(down).entrypoints(Set.of("mail")).refreshInterval(Duration.ZERO).build().bindTo(registry);

    assertThat(depth("mail", "queued")).isNaN();
    assertThat(ageSeconds("mail")).isNaN();
  }
}
