package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.RepositoryException;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The threaded runtime on the in-memory repository: waking, cancellation, heartbeats, shutdown and drain mode. */
class QueueManagerTest {

  private static final long WAIT_SECONDS = 20;

  private final ManualClock clock = ManualClock.create();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private InMemoryRepository repo(InstantSource source) {
    InMemoryRepository repo = InMemoryRepository.create(source);
    closeables.add(repo);
    return repo;
  }

  private QueueManager started(QueueManager.Builder builder) {
    QueueManager manager = builder.build();
    closeables.add(manager);
    manager.start();
    return manager;
  }

  private static JobId enqueue(InMemoryRepository repo, NewJob job) {
    return repo.enqueue(EnqueueRequest.of(job)).single();
  }

  private static List<JobStatus> statuses(InMemoryRepository repo, JobId id) {
    return repo.jobLog(id).stream().map(LogEntry::status).collect(Collectors.toList());
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("latch released in time").isTrue();
  }

  @Test
  void newWorkWakesAnIdleWorkerThroughTheInsertNotification() throws Exception {
    InMemoryRepository repo = repo(clock);
    CountDownLatch ran = new CountDownLatch(1);
    QueueManager worker = started(QueueManager.builder(repo).dequeueTimeout(Duration.ofHours(1))
        .entrypoint("ping", ctx -> ran.countDown()));

    JobId id = enqueue(repo, NewJob.of("ping"));

    await(ran);
    worker.stop();
    assertThat(statuses(repo, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  void aManagerStoppedBeforeItStartedCanStillStartAndRun() throws Exception {
    InMemoryRepository repo = repo(clock);
    CountDownLatch ran = new CountDownLatch(1);
    QueueManager worker = QueueManager.builder(repo).dequeueTimeout(Duration.ofHours(1))
        .entrypoint("ping", ctx -> ran.countDown()).build();
    closeables.add(worker);

    worker.stop();
    assertThat(worker.isRunning()).isFalse();
    worker.start();
    enqueue(repo, NewJob.of("ping"));

    await(ran);
    assertThat(worker.isRunning()).isTrue();
    worker.stop();
    assertThat(worker.isRunning()).isFalse();
  }

  @Test
  void anIdleWorkerRePicksACrashedWorkersJobAtItsHeartbeatTimeoutNotAtTheDequeueTimeout() throws Exception {
    // GIVEN a job picked by a worker that died right after (it never beats again)
    InMemoryRepository repo = repo(InstantSource.system());
    JobId id = enqueue(repo, NewJob.of("ping"));
    assertThat(repo.dequeue(DequeueRequest.builder(WorkerId.random()).entrypoint("ping").build())).hasSize(1);
    // WHEN an idle worker with a short heartbeat timeout and an hour-long dequeue timeout starts
    CountDownLatch ran = new CountDownLatch(1);
    started(QueueManager.builder(repo).heartbeatTimeout(Duration.ofMillis(300)).dequeueTimeout(Duration.ofHours(1))
        .entrypoint("ping", ctx -> ran.countDown()));
    // THEN it wakes when the job turns stale, with no notification, and runs it
    await(ran);
    assertThat(statuses(repo, id)).startsWith(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.PICKED);
  }

  @Test
  void theFirstEventAfterAFailedClaimEndsTheBackoff() throws Exception {
    // GIVEN a database whose first claim fails, and a worker that would then back off for an hour
    InMemoryRepository repo = repo(clock);
    AtomicInteger failures = new AtomicInteger();
    Repository flaky = ObservedRepository.of(repo, new ObservedRepository.Observer() {
      @Override
      public void before(String method) {
        if (method.startsWith("dequeue") && failures.getAndIncrement() == 0) {
          throw new RepositoryException("dequeue", "08006", new SQLException("connection lost"));
        }
      }
    });
    CountDownLatch ran = new CountDownLatch(1);
    CountDownLatch backingOff = new CountDownLatch(1);
    QueueManager worker = QueueManager.builder(flaky).dequeueTimeout(Duration.ofHours(1))
        .entrypoint("ping", ctx -> ran.countDown()).build();
    worker.engine.claimBackoff = n -> {
      backingOff.countDown();
      return Duration.ofHours(1);
    };
    closeables.add(worker);
    worker.start();
    // WHEN, while it backs off, the database answers again and a job is enqueued (its insert event reaches it)
    await(backingOff);
    enqueue(repo, NewJob.of("ping"));
    // THEN the worker claims it at once instead of after the backoff
    await(ran);
  }

  @Test
  void idleWorkerWakesForTheNextDeferredJobWithoutANotification() throws Exception {
    InMemoryRepository repo = repo(InstantSource.system());
    CountDownLatch ran = new CountDownLatch(1);
    enqueue(repo, NewJob.of("soon").withDelay(Duration.ofMillis(300)));
    started(QueueManager.builder(repo).dequeueTimeout(Duration.ofHours(1))
        .entrypoint("soon", ctx -> ran.countDown()));

    await(ran);
  }

  @Test
  void stopWaitsForRunningHandlersAndWritesTheirOutcomes() throws Exception {
    InMemoryRepository repo = repo(clock);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    QueueManager worker = started(QueueManager.builder(repo).flushInterval(Duration.ofHours(1)).flushSize(100)
        .entrypoint("slow", ctx -> {
          started.countDown();
          release.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }));
    JobId id = enqueue(repo, NewJob.of("slow"));
    await(started);

    Thread stopper = new Thread(worker::stop);
    stopper.start();
    assertThat(stopper.isAlive()).isTrue();
    release.countDown();
    stopper.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

    assertThat(stopper.isAlive()).isFalse();
    assertThat(worker.isRunning()).isFalse();
    assertThat(statuses(repo, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
    assertThat(repo.queueSize()).isEmpty();
  }

  @Test
  void cancellationEventSetsTheSignalOfTheRunningJob() throws Exception {
    InMemoryRepository repo = repo(clock);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch observed = new CountDownLatch(1);
    QueueManager worker = started(QueueManager.builder(repo)
        .entrypoint("long", ctx -> {
          started.countDown();
          if (ctx.cancellation().await(Duration.ofSeconds(WAIT_SECONDS))) {
            observed.countDown();
          }
        }));
    JobId id = enqueue(repo, NewJob.of("long"));
    await(started);

    repo.cancelJobs(List.of(id));

    await(observed);
    worker.stop();
    assertThat(worker.stats().canceled()).isEqualTo(1);
    assertThat(statuses(repo, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.CANCELED);
  }

  @Test
  void runningJobsKeepAFreshHeartbeatSoNoOtherWorkerRepicksThem() throws Exception {
    InMemoryRepository repo = repo(clock);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Duration timeout = Duration.ofSeconds(30);
    Semaphore beats = new Semaphore(0);
    QueueManager worker = started(QueueManager.builder(repo).heartbeatTimeout(timeout)
        .listener(new WorkerListener() {
          @Override
          public void heartbeatWritten(List<JobId> jobs) {
            beats.release();
          }
        })
        .entrypoint("held", ctx -> {
          started.countDown();
          release.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }));
    JobId id = enqueue(repo, NewJob.of("held"));
    await(started);
    AtomicInteger stolen = new AtomicInteger();
    WorkerStep thief = QueueManager.builder(repo).heartbeatTimeout(timeout)
        .entrypoint("held", ctx -> stolen.incrementAndGet()).build().step();

    for (int i = 0; i < 6; i++) {
      clock.advance(timeout.dividedBy(2));
      awaitHeartbeatAtNow(repo, id, beats);
      assertThat(thief.runOnce().isIdle()).isTrue();
    }
    release.countDown();
    worker.stop();

    assertThat(stolen).hasValue(0);
    assertThat(statuses(repo, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  /** Waits until the job's heartbeat is the clock's instant, re-checking it each time a heartbeat is reported. */
  private void awaitHeartbeatAtNow(InMemoryRepository repo, JobId id, Semaphore beats) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!repo.findJob(id).orElseThrow().heartbeat().equals(clock.instant())) {
      assertThat(beats.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS))
          .as("heartbeat refreshed in time").isTrue();
    }
  }

  @Test
  void drainModeProcessesEverythingIncludingImmediateRetriesThenStops() {
    InMemoryRepository repo = repo(clock);
    AtomicInteger runs = new AtomicInteger();
    for (int i = 0; i < 50; i++) {
      enqueue(repo, NewJob.of("work").withPayload(Integer.toString(i)));
    }
    QueueManager worker = QueueManager.builder(repo)
        .entrypoint("work", ctx -> {
          runs.incrementAndGet();
          if (ctx.attempts() == 0 && ctx.id().value() % 10 == 0) {
            throw RetryRequested.now();
          }
        }).build();

    WorkerStats stats = worker.runUntilDrained();

    assertThat(runs).hasValue(55);
    assertThat(stats.successful()).isEqualTo(50);
    assertThat(stats.retried()).isEqualTo(5);
    assertThat(stats.inFlight()).isZero();
    assertThat(worker.isRunning()).isFalse();
    assertThat(repo.queueSize()).isEmpty();
  }

  @Test
  void workerBudgetCapsTheJobsHeldAtOnce() throws Exception {
    InMemoryRepository repo = repo(clock);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(200);
    started(QueueManager.builder(repo).batchSize(2).maxConcurrentTasks(4)
        .entrypoint("work", ctx -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          Thread.yield();
          running.decrementAndGet();
          done.countDown();
        }));
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      jobs.add(NewJob.of("work"));
    }
    repo.enqueue(EnqueueRequest.of(jobs));

    await(done);
    assertThat(peak.get()).isBetween(1, 4);
  }

  @Test
  void jobsOfOneBatchRunConcurrentlyWhenTheyBlock() throws Exception {
    InMemoryRepository repo = repo(clock);
    CountDownLatch allRunning = new CountDownLatch(4);
    CountDownLatch done = new CountDownLatch(4);
    started(QueueManager.builder(repo).batchSize(4).maxConcurrentTasks(8)
        .entrypoint("together", ctx -> {
          allRunning.countDown();
          allRunning.await();
          done.countDown();
        }));
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      jobs.add(NewJob.of("together"));
    }

    repo.enqueue(EnqueueRequest.of(jobs));

    await(done);
  }

  @Test
  void drainModeWaitsForDeferredRetries() {
    InMemoryRepository repo = repo(InstantSource.system());
    AtomicInteger runs = new AtomicInteger();
    enqueue(repo, NewJob.of("later"));
    QueueManager worker = QueueManager.builder(repo)
        .entrypoint("later", ctx -> {
          runs.incrementAndGet();
          if (ctx.attempts() < 2) {
            throw RetryRequested.after(Duration.ofMillis(50));
          }
        }).build();

    WorkerStats stats = worker.runUntilDrained();

    assertThat(runs).hasValue(3);
    assertThat(stats.retried()).isEqualTo(2);
    assertThat(stats.successful()).isEqualTo(1);
    assertThat(repo.queueSize()).isEmpty();
  }

  @Test
  void workersSharingARepositoryKeepHearingNotificationsWhenOneStops() throws Exception {
    InMemoryRepository repo = repo(clock);
    CountDownLatch ran = new CountDownLatch(1);
    QueueManager first = started(QueueManager.builder(repo).dequeueTimeout(Duration.ofHours(1))
        .entrypoint("other", ctx -> { }));
    started(QueueManager.builder(repo).dequeueTimeout(Duration.ofHours(1))
        .entrypoint("ping", ctx -> ran.countDown()));

    first.stop();
    enqueue(repo, NewJob.of("ping"));

    await(ran);
  }
}
