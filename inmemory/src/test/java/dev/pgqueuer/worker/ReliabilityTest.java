package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Crash recovery and exactly-once processing under load, on the in-memory repository. */
class ReliabilityTest {

  @Test
  void crashedWorkersJobsAreRepickedAfterTheHeartbeatTimeoutAndRunOnceMore() {
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repo = InMemoryRepository.create(clock)) {
      Duration timeout = Duration.ofSeconds(30);
      List<JobId> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(repo.enqueue(EnqueueRequest.of(NewJob.of("work"))).single());
      }
      WorkerId crashed = WorkerId.random();
      List<Job> lost = repo.dequeue(DequeueRequest.builder(crashed).batchSize(5).entrypoint("work")
          .heartbeatTimeout(timeout).build());
      assertThat(lost).hasSize(5);
      List<JobId> ran = new ArrayList<>();
      QueueManager live = QueueManager.builder(repo).heartbeatTimeout(timeout)
          .entrypoint("work", ctx -> ran.add(ctx.id())).build();
      WorkerStep step = live.step();

      clock.advance(timeout.minusNanos(1_000));
      assertThat(step.drainUntilIdle().processed()).isZero();
      clock.advance(Duration.ofNanos(1_000));
      DrainResult recovered = step.drainUntilIdle();

      assertThat(recovered.processed()).isEqualTo(5);
      assertThat(ran).containsExactlyElementsOf(ids);
      for (JobId id : ids) {
        assertThat(repo.jobLog(id)).extracting(LogEntry::status).containsExactly(
            JobStatus.QUEUED, JobStatus.PICKED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
      }
      assertThat(step.drainUntilIdle().processed()).isZero();
    }
  }

  @Test
  void eightWorkersCompleteEachOfAHundredThousandJobsExactlyOnce() throws Exception {
    int jobs = 100_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(jobs + 1);
    CountDownLatch done = new CountDownLatch(jobs);
    try (InMemoryRepository repo = InMemoryRepository.create(InstantSource.system())) {
      List<QueueManager> workers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        QueueManager worker = QueueManager.builder(repo).batchSize(50).maxConcurrentTasks(200)
            .entrypoint("count", ctx -> {
              runs.incrementAndGet((int) ctx.id().value());
              done.countDown();
            }).build();
        worker.start();
        workers.add(worker);
      }
      List<NewJob> batch = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        batch.add(NewJob.of("count"));
        if (batch.size() == 1000) {
          repo.enqueue(EnqueueRequest.of(batch));
          batch.clear();
        }
      }

      assertThat(done.await(120, TimeUnit.SECONDS)).as("all jobs ran in time").isTrue();
      workers.forEach(QueueManager::stop);

      List<Integer> notOnce = new ArrayList<>();
      for (int id = 1; id <= jobs; id++) {
        if (runs.get(id) != 1) {
          notOnce.add(id);
        }
      }
      assertThat(notOnce).as("jobs not run exactly once").isEmpty();
      assertThat(repo.queueSize()).isEmpty();
      long successful = repo.queueLog().stream().filter(e -> e.status() == JobStatus.SUCCESSFUL).count();
      assertThat(successful).isEqualTo(jobs);
      assertThat(workers.stream().mapToLong(w -> w.stats().successful()).sum()).isEqualTo(jobs);
      assertThat(workers.stream().map(w -> w.stats().claimed()).collect(Collectors.toList()))
          .allSatisfy(c -> assertThat(c).isPositive());
    }
  }
}
