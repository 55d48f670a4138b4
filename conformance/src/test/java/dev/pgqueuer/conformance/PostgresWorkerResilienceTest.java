package dev.pgqueuer.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.worker.QueueManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Killing the workers' database connections ({@code pg_terminate_backend}) again and again in the middle of a run
 * loses no job: the workers retry their failed calls on fresh connections, re-open their LISTEN connection, and
 * jobs whose claim was committed but never reported come back after the heartbeat timeout.
 */
class PostgresWorkerResilienceTest {

  private static final int JOBS = 20_000;
  private static final int KILLS = 20;
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

  @Test
  void killingTheWorkersConnectionsTwentyTimesLosesNoJobAndTheWorkersRecover() throws Exception {
    AtomicIntegerArray runs = new AtomicIntegerArray(JOBS + 1);
    try (PostgresWorkerFixture fixture = new PostgresWorkerFixture(12)) {
      PostgresRepository repo = fixture.repository();
      fixture.prefill("work", JOBS);
      List<QueueManager> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        workers.add(QueueManager.builder(repo).batchSize(10).heartbeatTimeout(HEARTBEAT_TIMEOUT)
            .dequeueTimeout(Duration.ofSeconds(1))
            .entrypoint("work", ctx -> runs.incrementAndGet((int) ctx.id().value())).build());
      }
      int terminated = 0;
      try {
        workers.forEach(QueueManager::start);
        // Kill every connection of the workers, 20 times, spread over the run (the pause only paces the kills).
        for (int kill = 0; kill < KILLS; kill++) {
          Thread.sleep(150);
          terminated += fixture.terminateConnections();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!allRanAndQueueEmpty(runs, repo)) {
          assertThat(System.nanoTime() < deadline).as("every job ran and the queue drained in time").isTrue();
          Thread.sleep(100);
        }
      } finally {
        workers.forEach(QueueManager::stop);
      }

      assertThat(terminated).as("connections terminated").isGreaterThanOrEqualTo(KILLS);
      assertThat(workers.stream().mapToLong(w -> w.stats().writeFailures()).sum())
          .as("the kills hit the workers' calls").isPositive();
      List<JobId> ids = new ArrayList<>(JOBS);
      List<Integer> neverRan = new ArrayList<>();
      for (int id = 1; id <= JOBS; id++) {
        ids.add(JobId.of(id));
        if (runs.get(id) == 0) {
          neverRan.add(id);
        }
      }
      assertThat(neverRan).as("jobs lost").isEmpty();
      Map<JobId, JobStatus> statuses = repo.jobStatus(ids);
      assertThat(statuses.values()).as("final status of every job").containsOnly(JobStatus.SUCCESSFUL);
      assertThat(statuses).hasSize(JOBS);
    }
  }

  private static boolean allRanAndQueueEmpty(AtomicIntegerArray runs, PostgresRepository repo) {
    for (int id = 1; id < runs.length(); id++) {
      if (runs.get(id) == 0) {
        return false;
      }
    }
    try {
      return repo.queueSize().isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
