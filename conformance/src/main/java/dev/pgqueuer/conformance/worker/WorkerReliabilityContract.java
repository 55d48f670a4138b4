package dev.pgqueuer.conformance.worker;

import static dev.pgqueuer.conformance.worker.WorkerFixtures.await;
import static dev.pgqueuer.conformance.worker.WorkerFixtures.job;
import static dev.pgqueuer.conformance.worker.WorkerFixtures.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.conformance.ContractSupport;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.worker.DrainResult;
import dev.pgqueuer.worker.QueueManager;
import dev.pgqueuer.worker.RetryRequested;
import dev.pgqueuer.worker.WorkerStats;
import dev.pgqueuer.worker.WorkerStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The threaded worker's guarantees: crashed workers' jobs come back after the heartbeat timeout, live workers'
 * jobs never do, notifications wake idle workers and cancel running jobs, stopping leaves nothing picked, and
 * several workers run each job exactly once.
 */
public interface WorkerReliabilityContract extends ContractSupport {

  /** The heartbeat timeout used by these tests. */
  Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

  @Test
  default void crashedWorkersJobsAreRepickedAfterTheHeartbeatTimeoutAndRunOnceMore(TestQueue q) {
    // GIVEN three jobs picked by a worker that then died (no heartbeat, no outcome)
    for (int i = 0; i < 3; i++) {
      q.enqueue("work");
    }
    WorkerId crashed = WorkerId.random();
    List<Job> lost = q.repository().dequeue(DequeueRequest.builder(crashed).batchSize(3).entrypoint("work")
        .heartbeatTimeout(HEARTBEAT_TIMEOUT).build());
    assertThat(lost).hasSize(3);
    List<JobId> ran = new ArrayList<>();
    WorkerStep live = QueueManager.builder(q.repository()).heartbeatTimeout(HEARTBEAT_TIMEOUT)
        .entrypoint("work", ctx -> ran.add(ctx.id())).build().step();
    // WHEN the timeout has not quite passed, THEN nothing is re-picked
    q.advance(HEARTBEAT_TIMEOUT.minusNanos(1_000));
    assertThat(live.drainUntilIdle().processed()).isZero();
    // WHEN it has, THEN a live worker re-picks and runs each job once more
    q.advance(Duration.ofNanos(1_000));
    DrainResult recovered = live.drainUntilIdle();
    assertThat(recovered.processed()).isEqualTo(3);
    assertThat(ran).containsExactly(JobId.of(1), JobId.of(2), JobId.of(3));
    for (JobId id : ran) {
      assertThat(statuses(q.repository(), id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.PICKED,
          JobStatus.SUCCESSFUL);
    }
    assertThat(live.drainUntilIdle().processed()).isZero();
  }

  @Test
  default void liveWorkersJobsKeepAFreshHeartbeatAndAreNeverRepicked(TestQueue q) {
    // GIVEN a running worker whose handler blocks
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    WorkerFixtures.Heartbeats heartbeats = new WorkerFixtures.Heartbeats();
    QueueManager worker = QueueManager.builder(q.repository()).heartbeatTimeout(HEARTBEAT_TIMEOUT).listener(heartbeats)
        .entrypoint("held", ctx -> {
          started.countDown();
          release.await(WorkerFixtures.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }).build();
    AtomicInteger stolen = new AtomicInteger();
    WorkerStep thief = QueueManager.builder(q.repository()).heartbeatTimeout(HEARTBEAT_TIMEOUT)
        .entrypoint("held", ctx -> stolen.incrementAndGet()).build().step();
    JobId id = q.enqueue("held");
    worker.start();
    try {
      await(started, "the handler started");
      // WHEN the clock moves on by half a timeout at a time, for three timeouts
      for (int i = 0; i < 6; i++) {
        q.advance(HEARTBEAT_TIMEOUT.dividedBy(2));
        heartbeats.awaitUntil(() -> job(q, id).heartbeat().equals(q.now()), "the heartbeat to be refreshed");
        // THEN another worker never re-picks the job
        assertThat(thief.runOnce().isIdle()).isTrue();
      }
      release.countDown();
    } finally {
      release.countDown();
      worker.stop();
    }
    assertThat(stolen).hasValue(0);
    assertThat(statuses(q.repository(), id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  default void insertNotificationWakesAnIdleWorker(TestQueue q) {
    // GIVEN a started worker that would otherwise sleep for an hour
    CountDownLatch ran = new CountDownLatch(1);
    QueueManager worker = QueueManager.builder(q.repository()).dequeueTimeout(Duration.ofHours(1))
        .entrypoint("ping", ctx -> ran.countDown()).build();
    worker.start();
    try {
      // WHEN a job is enqueued
      q.enqueue("ping");
      // THEN the worker runs it
      await(ran, "the job ran");
    } finally {
      worker.stop();
    }
    assertThat(statuses(q.repository(), JobId.of(1)))
        .containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  default void cancellationReachesTheRunningHandlerAndIsLogged(TestQueue q) {
    // GIVEN a handler waiting on its cancellation signal
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch canceled = new CountDownLatch(1);
    QueueManager worker = QueueManager.builder(q.repository()).entrypoint("long", ctx -> {
      started.countDown();
      if (ctx.cancellation().await(WorkerFixtures.WAIT)) {
        canceled.countDown();
      }
    }).build();
    JobId id = q.enqueue("long");
    worker.start();
    try {
      await(started, "the handler started");
      // WHEN the job is canceled
      q.repository().cancelJobs(List.of(id));
      // THEN the handler sees it
      await(canceled, "the handler saw the cancellation");
    } finally {
      worker.stop();
    }
    assertThat(worker.stats().canceled()).isEqualTo(1);
    assertThat(statuses(q.repository(), id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.CANCELED);
  }

  @Test
  default void stoppingWaitsForRunningHandlersAndLeavesNoJobPicked(TestQueue q) {
    // GIVEN four running handlers, outcomes buffered for a long time
    CountDownLatch started = new CountDownLatch(4);
    CountDownLatch release = new CountDownLatch(1);
    QueueManager worker = QueueManager.builder(q.repository()).batchSize(4).flushSize(1000)
        .flushInterval(Duration.ofHours(1)).entrypoint("slow", ctx -> {
          started.countDown();
          release.await(WorkerFixtures.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }).build();
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      jobs.add(NewJob.of("slow"));
    }
    q.repository().enqueue(EnqueueRequest.of(jobs));
    worker.start();
    await(started, "four handlers started");
    // WHEN the worker is stopped while they run, then they finish
    Thread stopper = new Thread(worker::stop);
    stopper.start();
    release.countDown();
    try {
      stopper.join(WorkerFixtures.WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // THEN stop returned, every claimed job is recorded and nothing is left picked
    assertThat(stopper.isAlive()).isFalse();
    WorkerStats stats = worker.stats();
    assertThat(stats.inFlight()).isZero();
    assertThat(stats.successful()).isEqualTo(stats.claimed());
    assertThat(q.repository().queueSize()).extracting(QueueStatistics::status).doesNotContain(JobStatus.PICKED);
  }

  @Test
  default void drainModeRunsEverythingIncludingImmediateRetriesThenStops(TestQueue q) {
    // GIVEN 40 jobs, every tenth asking once for an immediate retry
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      jobs.add(NewJob.of("work"));
    }
    q.repository().enqueue(EnqueueRequest.of(jobs));
    AtomicInteger runs = new AtomicInteger();
    QueueManager worker = QueueManager.builder(q.repository()).entrypoint("work", ctx -> {
      runs.incrementAndGet();
      if (ctx.attempts() == 0 && ctx.id().value() % 10 == 0) {
        throw RetryRequested.now();
      }
    }).build();
    // WHEN
    WorkerStats stats = worker.runUntilDrained();
    // THEN
    assertThat(runs).hasValue(44);
    assertThat(stats.successful()).isEqualTo(40);
    assertThat(stats.retried()).isEqualTo(4);
    assertThat(worker.isRunning()).isFalse();
    assertThat(q.repository().queueSize()).isEmpty();
  }

  @Test
  default void severalWorkersRunEachJobExactlyOnce(TestQueue q) {
    // GIVEN 2,000 jobs and four workers running at once
    int count = 2_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(count + 1);
    CountDownLatch done = new CountDownLatch(count);
    List<QueueManager> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      workers.add(QueueManager.builder(q.repository()).batchSize(10).entrypoint("count", ctx -> {
        runs.incrementAndGet((int) ctx.id().value());
        done.countDown();
      }).build());
    }
    try {
      workers.forEach(QueueManager::start);
      List<NewJob> batch = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        batch.add(NewJob.of("count"));
        if (batch.size() == 100) {
          q.repository().enqueue(EnqueueRequest.of(batch));
          batch.clear();
        }
      }
      // WHEN they have run everything
      await(done, "every job ran");
    } finally {
      workers.forEach(QueueManager::stop);
    }
    // THEN each job ran exactly once and is logged successful once
    for (int id = 1; id <= count; id++) {
      assertThat(runs.get(id)).as("runs of job %d", id).isEqualTo(1);
    }
    assertThat(q.repository().queueSize()).isEmpty();
    assertThat(q.repository().queueLog().stream().filter(e -> e.status() == JobStatus.SUCCESSFUL).count())
        .isEqualTo(count);
  }
}
