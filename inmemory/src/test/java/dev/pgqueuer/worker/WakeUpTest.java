package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A running worker looks for work when a job is inserted, not only when its dequeue timeout passes, and workers
 * built over one repository do so independently of each other.
 */
class WakeUpTest {

  private static final long WAIT_SECONDS = 20;
  // Far beyond WAIT_SECONDS: a job that runs in time was found because its insert woke the worker.
  private static final Duration LONG_IDLE = Duration.ofSeconds(600);

  private final InMemoryRepository repo = InMemoryRepository.create(ManualClock.create());
  private final List<QueueManager> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(QueueManager::stop);
    repo.close();
  }

  /** A worker that neither polls nor times out within the test, started. */
  private QueueManager start(QueueManager.Builder builder) {
    QueueManager manager = builder.dequeueTimeout(LONG_IDLE).pollInterval(LONG_IDLE).build();
    started.add(manager);
    manager.start();
    return manager;
  }

  private static WorkerListener onClaim(CountDownLatch claimed) {
    return new WorkerListener() {
      @Override
      public void jobsClaimed(List<Job> jobs) {
        jobs.forEach(j -> claimed.countDown());
      }
    };
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as(what).isTrue();
  }

  private JobId enqueue() {
    return repo.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
  }

  @Test
  void anInsertWakesAWorkerThatFoundNothingLeft() throws Exception {
    CountDownLatch firstClaimed = new CountDownLatch(1);
    CountDownLatch secondRan = new CountDownLatch(1);
    List<JobId> ran = Collections.synchronizedList(new ArrayList<>());
    enqueue();
    start(QueueManager.builder(repo).listener(onClaim(firstClaimed)).entrypoint("e", ctx -> {
      ran.add(ctx.id());
      if (ran.size() == 2) {
        secondRan.countDown();
      }
    }));
    // The worker claimed the only job: its next look finds nothing and it waits for a notification.
    await(firstClaimed, "the first job was claimed");

    JobId second = enqueue();

    await(secondRan, "the job inserted after the worker ran out of work ran");
    assertThat(ran).endsWith(second);
  }

  @Test
  void stoppingOneWorkerLeavesAnotherOverTheSameRepositoryWokenByInserts() throws Exception {
    CountDownLatch firstClaimed = new CountDownLatch(1);
    CountDownLatch secondClaimed = new CountDownLatch(2);
    QueueManager stopped = start(QueueManager.builder(repo).entrypoint("e", ctx -> { }));
    start(QueueManager.builder(repo).listener(onClaim(firstClaimed)).listener(onClaim(secondClaimed))
        .entrypoint("e", ctx -> { }));
    stopped.stop();
    enqueue();
    await(firstClaimed, "the remaining worker claimed the first job");

    enqueue();

    await(secondClaimed, "the remaining worker was woken for the second job");
  }

  @Test
  void aBurstReachesEveryWorkerOverOneRepository() throws Exception {
    int workers = 3;
    int capacity = 4;
    CountDownLatch running = new CountDownLatch(workers * capacity);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> runners = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < workers; i++) {
      int worker = i;
      start(QueueManager.builder(repo).batchSize(2).maxConcurrentTasks(capacity).entrypoint("e", ctx -> {
        runners.add(worker);
        running.countDown();
        release.await(WAIT_SECONDS, TimeUnit.SECONDS);
      }));
    }
    List<NewJob> burst = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      burst.add(NewJob.of("e"));
    }

    repo.enqueue(EnqueueRequest.of(burst));

    await(running, "every worker filled its capacity from one insert");
    assertThat(runners).hasSize(workers * capacity);
    assertThat(runners.stream().distinct().count()).isEqualTo(workers);
    release.countDown();
  }
}
