package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.worker.QueueManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Eight workers on one PostgreSQL queue run each of 100,000 jobs exactly once (the heavy twin of the core test). */
class PostgresWorkerLoadTest {

  private static final int JOBS = 100_000;

  @Test
  void eightWorkersCompleteEachOfAHundredThousandJobsExactlyOnce() throws Exception {
    AtomicIntegerArray runs = new AtomicIntegerArray(JOBS + 1);
    CountDownLatch done = new CountDownLatch(JOBS);
    try (PostgresWorkerFixture fixture = new PostgresWorkerFixture(24)) {
      PostgresRepository repo = fixture.repository();
      fixture.prefill("count", JOBS);
      List<QueueManager> workers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        workers.add(QueueManager.builder(repo).batchSize(50).maxConcurrentTasks(200).flushSize(100)
            .entrypoint("count", ctx -> {
              runs.incrementAndGet((int) ctx.id().value());
              done.countDown();
            }).build());
      }
      try {
        workers.forEach(QueueManager::start);
        assertThat(done.await(300, TimeUnit.SECONDS)).as("every job ran in time").isTrue();
      } finally {
        workers.forEach(QueueManager::stop);
      }

      List<Integer> notOnce = new ArrayList<>();
      List<JobId> ids = new ArrayList<>(JOBS);
      for (int id = 1; id <= JOBS; id++) {
        if (runs.get(id) != 1) {
          notOnce.add(id);
        }
        ids.add(JobId.of(id));
      }
      assertThat(notOnce).as("jobs not run exactly once").isEmpty();
      assertThat(repo.queueSize()).isEmpty();
      Map<JobId, JobStatus> statuses = repo.jobStatus(ids);
      assertThat(statuses).hasSize(JOBS);
      assertThat(statuses.values()).containsOnly(JobStatus.SUCCESSFUL);
      assertThat(workers).allSatisfy(w -> assertThat(w.stats().claimed()).isPositive());
    }
  }
}
