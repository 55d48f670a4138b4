package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.worker.QueueManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A worker that dies right after claiming jobs (as under {@code kill -9}) loses none of them: an idle worker on
 * PostgreSQL wakes when their heartbeat times out, with no notification and an hour-long dequeue timeout, and runs
 * each of them once. Prints the figures: jobs, lost, run twice, and how long after the claim the dead worker's jobs
 * were done.
 */
class PostgresCrashRecoveryTest {

  private static final int JOBS = 200;
  private static final int HELD_BY_THE_DEAD = 50;
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

  @Test
  void anIdleWorkerRunsADeadWorkersJobsOnceAtTheirHeartbeatTimeout() throws Exception {
    try (PostgresWorkerFixture fixture = new PostgresWorkerFixture(4)) {
      // GIVEN jobs, some of which a worker claimed just before it died
      fixture.prefill("work", JOBS);
      List<Job> held = fixture.repository().dequeue(DequeueRequest.builder(WorkerId.random())
          .batchSize(HELD_BY_THE_DEAD).entrypoint("work").build());
      long claimedAt = System.nanoTime();
      Set<Long> heldIds = held.stream().map(j -> j.id().value()).collect(Collectors.toSet());
      Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
      CountDownLatch heldDone = new CountDownLatch(HELD_BY_THE_DEAD);
      CountDownLatch allDone = new CountDownLatch(JOBS);
      // WHEN a live worker starts, which would otherwise look again only after an hour
      QueueManager worker = QueueManager.builder(fixture.repository()).heartbeatTimeout(HEARTBEAT_TIMEOUT)
          .dequeueTimeout(Duration.ofHours(1)).entrypoint("work", ctx -> {
            if (runs.computeIfAbsent(ctx.id().value(), id -> new AtomicInteger()).incrementAndGet() == 1) {
              if (heldIds.contains(ctx.id().value())) {
                heldDone.countDown();
              }
              allDone.countDown();
            }
          }).build();
      worker.start();
      try {
        // THEN every job runs, the dead worker's ones at their heartbeat timeout
        assertThat(heldDone.await(60, TimeUnit.SECONDS)).as("the dead worker's jobs ran").isTrue();
        long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - claimedAt);
        assertThat(allDone.await(60, TimeUnit.SECONDS)).as("every job ran").isTrue();
        worker.stop();
        long twice = runs.values().stream().filter(n -> n.get() > 1).count();
        System.out.printf("crash recovery on PostgreSQL: %d jobs, %d held by a dead worker, %d lost, %d run twice; "
            + "the dead worker's jobs were done %d ms after their claim (heartbeat timeout %d ms)%n", JOBS,
            HELD_BY_THE_DEAD, JOBS - runs.size(), twice, recoveredMillis, HEARTBEAT_TIMEOUT.toMillis());
        assertThat(runs).hasSize(JOBS);
        assertThat(twice).isZero();
        assertThat(fixture.repository().queueSize()).isEmpty();
      } finally {
        worker.stop();
      }
    }
  }
}
