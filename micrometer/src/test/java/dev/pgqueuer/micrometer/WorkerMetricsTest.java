package dev.pgqueuer.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.OnFailure;
import dev.pgqueuer.worker.QueueManager;
import dev.pgqueuer.worker.RetryPolicy;
import dev.pgqueuer.worker.WorkerStep;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WorkerMetrics}: the meters a stepped worker produces, read from a simple registry. */
class WorkerMetricsTest {

  private final ManualClock clock = ManualClock.create();
  private final InMemoryRepository repo = InMemoryRepository.create(clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    repo.close();
  }

  private void enqueue(String entrypoint, int count) {
    for (int i = 0; i < count; i++) {
      repo.enqueue(EnqueueRequest.of(NewJob.of(entrypoint)));
    }
  }

  private WorkerStep worker() {
    return QueueManager.builder(repo)
        .listener(new WorkerMetrics(registry))
        .entrypoint("mail", ctx -> { })
        .entrypoint(Entrypoint.of("flaky", ctx -> {
          throw new IllegalStateException("fails (expected by the test)");
        }).withRetryPolicy(RetryPolicy.exponential(1, Duration.ofMinutes(1), Duration.ofMinutes(1)))
            .withOnFailure(OnFailure.HOLD))
        .build().step();
  }

  private double finished(String entrypoint, String outcome) {
    var counter = registry.find(PgQueuerMeters.JOBS_FINISHED)
        .tags(PgQueuerMeters.TAG_ENTRYPOINT, entrypoint, PgQueuerMeters.TAG_OUTCOME, outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void claimsAndOutcomesAreCountedByEntrypointAndOutcome() {
    WorkerStep step = worker();
    enqueue("mail", 3);
    enqueue("flaky", 1);

    step.drainUntilIdle();
    clock.advance(Duration.ofMinutes(2));
    step.drainUntilIdle();

    assertThat(registry.get(PgQueuerMeters.JOBS_CLAIMED).tag(PgQueuerMeters.TAG_ENTRYPOINT, "mail").counter()
        .count()).isEqualTo(3);
    assertThat(registry.get(PgQueuerMeters.JOBS_CLAIMED).tag(PgQueuerMeters.TAG_ENTRYPOINT, "flaky").counter()
        .count()).as("the first run and the retry").isEqualTo(2);
    assertThat(finished("mail", "successful")).isEqualTo(3);
    assertThat(finished("flaky", "retried")).isEqualTo(1);
    assertThat(finished("flaky", "failed")).isEqualTo(1);
    assertThat(finished("flaky", "exception")).isZero();
  }

  @Test
  void handlerDurationsAreTimedByEntrypointAndOutcome() {
    QueueManager manager = QueueManager.builder(repo)
        .listener(new WorkerMetrics(registry))
        .entrypoint("slow", ctx -> spin(Duration.ofMillis(15)))
        .build();
    enqueue("slow", 2);

    manager.step().drainUntilIdle();

    var timer = registry.get(PgQueuerMeters.HANDLER_DURATION)
        .tags(PgQueuerMeters.TAG_ENTRYPOINT, "slow", PgQueuerMeters.TAG_OUTCOME, "successful").timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(30);
  }

  @Test
  void eachOutcomeWriteIsTimedAndItsOutcomesCounted() {
    WorkerStep step = worker();
    enqueue("mail", 5);

    step.runOnce();

    assertThat(registry.get(PgQueuerMeters.OUTCOME_WRITE).timer().count()).as("one flush").isEqualTo(1);
    assertThat(registry.get(PgQueuerMeters.OUTCOMES_WRITTEN).counter().count()).isEqualTo(5);
  }

  @Test
  void extraTagsAreOnEveryMeter() {
    QueueManager manager = QueueManager.builder(repo)
        .listener(new WorkerMetrics(registry, Tags.of("worker", "a")))
        .entrypoint("mail", ctx -> { })
        .build();
    enqueue("mail", 1);

    manager.step().drainUntilIdle();

    assertThat(registry.getMeters()).isNotEmpty()
        .allSatisfy(m -> assertThat(m.getId().getTag("worker")).as(m.getId().getName()).isEqualTo("a"));
  }

  private static void spin(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }
}
