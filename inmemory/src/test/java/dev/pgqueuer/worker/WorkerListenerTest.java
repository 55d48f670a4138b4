package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WorkerListener}: which callback fires when, with which jobs, and that a failing listener is harmless. */
class WorkerListenerTest {

  private static final long WAIT_SECONDS = 20;
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

  private final ManualClock clock = ManualClock.create();
  private final InMemoryRepository repo = InMemoryRepository.create(clock);
  private final List<QueueManager> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(QueueManager::stop);
    repo.close();
  }

  /**
   * Records every callback as a line such as {@code "claimed [1, 2]"}, in call order, and the ids each kind of
   * callback reported.
   */
  private static final class Recorder implements WorkerListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final Set<JobId> claimed = ConcurrentHashMap.newKeySet();
    final Set<JobId> written = ConcurrentHashMap.newKeySet();
    final Set<JobId> beaten = ConcurrentHashMap.newKeySet();

    @Override
    public void jobsClaimed(List<Job> jobs) {
      List<JobId> ids = jobs.stream().map(Job::id).collect(Collectors.toList());
      claimed.addAll(ids);
      events.add("claimed " + values(ids));
    }

    @Override
    public void outcomesWritten(List<JobId> jobs) {
      written.addAll(jobs);
      events.add("written " + values(jobs));
    }

    @Override
    public void heartbeatWritten(List<JobId> jobs) {
      beaten.addAll(jobs);
      events.add("heartbeat " + values(jobs));
    }

    private static List<Long> values(List<JobId> ids) {
      return ids.stream().map(JobId::value).collect(Collectors.toList());
    }
  }

  /** Throws from every callback. */
  private static final class Throwing implements WorkerListener {
    @Override
    public void jobsClaimed(List<Job> jobs) {
      throw new IllegalStateException("listener failure in jobsClaimed (expected by the test)");
    }

    @Override
    public void outcomesWritten(List<JobId> jobs) {
      throw new IllegalStateException("listener failure in outcomesWritten (expected by the test)");
    }

    @Override
    public void heartbeatWritten(List<JobId> jobs) {
      throw new AssertionError("listener failure in heartbeatWritten (expected by the test)");
    }
  }

  private JobId enqueue(String entrypoint) {
    return repo.enqueue(EnqueueRequest.of(NewJob.of(entrypoint))).single();
  }

  private List<JobStatus> statuses(JobId id) {
    return repo.jobLog(id).stream().map(LogEntry::status).collect(Collectors.toList());
  }

  private QueueManager start(QueueManager.Builder builder) {
    QueueManager manager = builder.build();
    started.add(manager);
    manager.start();
    return manager;
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as(what).isTrue();
  }

  @Test
  void stepReportsEachClaimedBatchAndThenItsWrittenOutcomes() {
    Recorder recorder = new Recorder();
    WorkerStep step = QueueManager.builder(repo).batchSize(2).listener(recorder)
        .entrypoint("work", ctx -> { }).build().step();
    for (int i = 0; i < 3; i++) {
      enqueue("work");
    }

    step.drainUntilIdle();

    assertThat(recorder.events).containsExactly("claimed [1, 2]", "written [1, 2]", "claimed [3]", "written [3]");
  }

  @Test
  void retriesAndFailuresAreReportedWrittenLikeSuccesses() {
    Recorder recorder = new Recorder();
    WorkerStep step = QueueManager.builder(repo).listener(recorder)
        .entrypoint("retry-once", ctx -> {
          if (ctx.attempts() == 0) {
            throw RetryRequested.now();
          }
        })
        .entrypoint("fail", ctx -> {
          throw new IllegalStateException("handler failure (expected by the test)");
        }).build().step();
    JobId retried = enqueue("retry-once");
    JobId failed = enqueue("fail");

    step.runOnce();

    assertThat(recorder.events).containsExactly("claimed [1, 2]", "written [" + failed.value() + ", "
        + retried.value() + "]");
    step.runOnce();
    assertThat(recorder.events).endsWith("claimed [1]", "written [1]");
    assertThat(statuses(retried)).endsWith(JobStatus.SUCCESSFUL);
  }

  @Test
  void failedOutcomeWriteIsReportedOnlyOnceARetriedWriteSucceeds() {
    AtomicBoolean failNextLogJobs = new AtomicBoolean(true);
    Recorder recorder = new Recorder();
    WorkerStep step = QueueManager.builder(failingLogJobsOnce(repo, failNextLogJobs)).listener(recorder)
        .entrypoint("work", ctx -> { }).build().step();
    JobId id = enqueue("work");

    assertThatThrownBy(step::runOnce).hasMessageContaining("logJobs failure");
    assertThat(recorder.events).containsExactly("claimed [1]");

    step.runOnce();

    assertThat(recorder.events).containsExactly("claimed [1]", "written [1]");
    assertThat(statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  void runningWorkerReportsTheHeartbeatOfTheJobsItHolds() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch beaten = new CountDownLatch(1);
    JobId id = enqueue("held");
    List<List<JobId>> beats = new CopyOnWriteArrayList<>();
    start(QueueManager.builder(repo).heartbeatTimeout(HEARTBEAT_TIMEOUT)
        .listener(new WorkerListener() {
          @Override
          public void heartbeatWritten(List<JobId> jobs) {
            beats.add(jobs);
            beaten.countDown();
          }
        })
        .entrypoint("held", ctx -> {
          running.countDown();
          release.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }));
    await(running, "the handler started");

    clock.advance(HEARTBEAT_TIMEOUT.dividedBy(2));

    await(beaten, "a heartbeat was reported");
    assertThat(beats.get(0)).containsExactly(id);
    assertThat(repo.findJob(id).orElseThrow().heartbeat()).isEqualTo(clock.instant());
    release.countDown();
  }

  @Test
  void runningWorkerReportsEveryJobClaimedAndItsOutcomeWritten() throws Exception {
    int count = 50;
    Set<JobId> claimed = ConcurrentHashMap.newKeySet();
    Set<JobId> written = ConcurrentHashMap.newKeySet();
    Set<JobId> writtenBeforeClaimed = ConcurrentHashMap.newKeySet();
    CountDownLatch allWritten = new CountDownLatch(count);
    start(QueueManager.builder(repo).batchSize(5)
        .listener(new WorkerListener() {
          @Override
          public void jobsClaimed(List<Job> jobs) {
            jobs.forEach(j -> claimed.add(j.id()));
          }

          @Override
          public void outcomesWritten(List<JobId> jobs) {
            for (JobId id : jobs) {
              if (!claimed.contains(id)) {
                writtenBeforeClaimed.add(id);
              }
              if (written.add(id)) {
                allWritten.countDown();
              }
            }
          }
        })
        .entrypoint("work", ctx -> { }));

    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jobs.add(NewJob.of("work"));
    }
    List<JobId> ids = repo.enqueue(EnqueueRequest.of(jobs)).insertedIds();

    await(allWritten, "every outcome was reported written");
    assertThat(writtenBeforeClaimed).isEmpty();
    assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(written).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(repo.queueSize()).isEmpty();
  }

  @Test
  void throwingListenerStopsNeitherTheWorkerNorTheListenersAfterIt() throws Exception {
    Recorder recorder = new Recorder();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch beaten = new CountDownLatch(1);
    CountDownLatch secondRan = new CountDownLatch(1);
    QueueManager worker = start(QueueManager.builder(repo).heartbeatTimeout(HEARTBEAT_TIMEOUT)
        .listener(new Throwing()).listener(recorder)
        .listener(new WorkerListener() {
          @Override
          public void heartbeatWritten(List<JobId> jobs) {
            beaten.countDown();
          }
        })
        .entrypoint("held", ctx -> {
          running.countDown();
          release.await(WAIT_SECONDS, TimeUnit.SECONDS);
        })
        .entrypoint("next", ctx -> secondRan.countDown()));
    JobId held = enqueue("held");
    await(running, "the first handler started");
    clock.advance(HEARTBEAT_TIMEOUT.dividedBy(2));
    await(beaten, "the heartbeat was reported past the throwing listener");
    release.countDown();

    JobId next = enqueue("next");

    await(secondRan, "a job enqueued after the failures ran");
    worker.stop();
    assertThat(recorder.claimed).containsExactlyInAnyOrder(held, next);
    assertThat(recorder.beaten).containsExactly(held);
    assertThat(recorder.written).containsExactlyInAnyOrder(held, next);
    assertThat(statuses(held)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
    assertThat(statuses(next)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
    assertThat(worker.stats().writeFailures()).isZero();
  }

  @Test
  void throwingListenerDoesNotFailASteppedRun() {
    WorkerStep step = QueueManager.builder(repo).listener(new Throwing())
        .entrypoint("work", ctx -> { }).build().step();
    JobId id = enqueue("work");

    assertThat(step.drainUntilIdle().processed()).isEqualTo(1);

    assertThat(statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  void nullListenerIsRejectedNamingTheArgument() {
    QueueManager.Builder builder = QueueManager.builder(repo);

    assertThatThrownBy(() -> builder.listener(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
  }

  /** {@code delegate}, whose next {@code logJobs} call fails (without effect) while {@code fail} is set. */
  private static Repository failingLogJobsOnce(Repository delegate, AtomicBoolean fail) {
    return ObservedRepository.of(delegate, new ObservedRepository.Observer() {
      @Override
      public void before(String method) {
        if (method.equals("logJobs") && fail.getAndSet(false)) {
          throw new IllegalStateException("logJobs failure (injected by the test)");
        }
      }
    });
  }
}
