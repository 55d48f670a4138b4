package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.worker.QueueManager;
import dev.pgqueuer.worker.WorkerListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  /** A kill after every this many outcomes written, so the kills are spread over the whole run. */
  private static final int WRITES_PER_KILL = JOBS / (KILLS + 1);
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);

  /**
   * Counts the outcomes the workers report written: {@link #milestone(int)} is released once {@code k} ×
   * {@link #WRITES_PER_KILL} outcomes are written, {@link #everyJobWritten} once the outcome of every job is.
   */
  private static final class Progress implements WorkerListener {
    private final AtomicInteger writes = new AtomicInteger();
    private final CountDownLatch[] milestones = new CountDownLatch[KILLS + 1];
    private final AtomicIntegerArray written = new AtomicIntegerArray(JOBS + 1);
    final CountDownLatch everyJobWritten = new CountDownLatch(JOBS);

    Progress() {
      for (int k = 1; k <= KILLS; k++) {
        milestones[k] = new CountDownLatch(1);
      }
    }

    CountDownLatch milestone(int k) {
      return milestones[k];
    }

    @Override
    public void outcomesWritten(List<JobId> jobs) {
      for (JobId id : jobs) {
        int job = (int) id.value();
        if (job >= 1 && job <= JOBS && written.compareAndSet(job, 0, 1)) {
          everyJobWritten.countDown();
        }
      }
      int after = writes.addAndGet(jobs.size());
      int before = after - jobs.size();
      for (int k = before / WRITES_PER_KILL + 1; k <= Math.min(KILLS, after / WRITES_PER_KILL); k++) {
        milestones[k].countDown();
      }
    }
  }

  @Test
  void killingTheWorkersConnectionsTwentyTimesLosesNoJobAndTheWorkersRecover() throws Exception {
    AtomicIntegerArray runs = new AtomicIntegerArray(JOBS + 1);
    Progress progress = new Progress();
    try (PostgresWorkerFixture fixture = new PostgresWorkerFixture(12)) {
      PostgresRepository repo = fixture.repository();
      fixture.prefill("work", JOBS);
      List<QueueManager> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        workers.add(QueueManager.builder(repo).batchSize(10).heartbeatTimeout(HEARTBEAT_TIMEOUT)
            .dequeueTimeout(Duration.ofSeconds(1)).listener(progress)
            .entrypoint("work", ctx -> runs.incrementAndGet((int) ctx.id().value())).build());
      }
      int terminated = 0;
      long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
      try {
        workers.forEach(QueueManager::start);
        // Kill every connection of the workers, 20 times, spread over the run: kill k waits until the workers have
        // written k/21 of the outcomes, so they have to recover from the kills before it to get there.
        for (int kill = 1; kill <= KILLS; kill++) {
          awaitUntil(progress.milestone(kill), deadline, kill * WRITES_PER_KILL + " outcomes written before kill "
              + kill);
          terminated += fixture.terminateConnections();
        }
        awaitUntil(progress.everyJobWritten, deadline, "the outcome of every job written");
      } finally {
        workers.forEach(QueueManager::stop);
      }
      // The checks below read the queue, not the kills: an idle connection the last kill hit would fail them once.
      fixture.replaceIdleConnections();

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
      assertThat(repo.queueSize()).as("jobs left in the queue").isEmpty();
      Map<JobId, JobStatus> statuses = repo.jobStatus(ids);
      assertThat(statuses.values()).as("final status of every job").containsOnly(JobStatus.SUCCESSFUL);
      assertThat(statuses).hasSize(JOBS);
    }
  }

  private static void awaitUntil(CountDownLatch latch, long deadlineNanos, String what) throws InterruptedException {
    assertThat(latch.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS))
        .as("%s within %s", what, RUN_TIMEOUT).isTrue();
  }
}
