package dev.pgqueuer.worker;

import dev.pgqueuer.port.FailedJobsQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerStepTest {

  private final ManualClock clock = ManualClock.create();
  private final InMemoryRepository repo = InMemoryRepository.create(clock);

  @AfterEach
  void close() {
    repo.close();
  }

  private JobId enqueue(NewJob job) {
    return repo.enqueue(EnqueueRequest.of(job)).single();
  }

  private List<JobStatus> statuses(JobId id) {
    return repo.jobLog(id).stream().map(LogEntry::status).collect(Collectors.toList());
  }

  @Test
  void runOnceClaimsOneBatchRunsEachHandlerAndLogsSuccess() {
    List<String> seen = new CopyOnWriteArrayList<>();
    QueueManager worker = QueueManager.builder(repo).batchSize(2)
        .entrypoint("echo", ctx -> seen.add(ctx.payload().toUtf8())).build();
    for (int i = 0; i < 3; i++) {
      enqueue(NewJob.of("echo").withPayload("p" + i));
    }

    StepResult first = worker.step().runOnce();

    assertThat(first.ids()).containsExactly(JobId.of(1), JobId.of(2));
    assertThat(first.count(JobResult.Disposition.SUCCESSFUL)).isEqualTo(2);
    assertThat(seen).containsExactly("p0", "p1");
    assertThat(statuses(JobId.of(1))).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
    assertThat(repo.findJob(JobId.of(1))).isEmpty();
    assertThat(repo.findJob(JobId.of(3)).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void drainUntilIdleRunsEveryEligibleJobInKeyOrder() {
    List<Long> order = new CopyOnWriteArrayList<>();
    QueueManager worker = QueueManager.builder(repo).batchSize(3)
        .entrypoint("a", ctx -> order.add(ctx.id().value()))
        .entrypoint("b", ctx -> order.add(ctx.id().value()))
        .build();
    enqueue(NewJob.of("a"));
    enqueue(NewJob.of("b").withPriority(5));
    enqueue(NewJob.of("a"));
    enqueue(NewJob.of("b"));
    enqueue(NewJob.of("a").withPriority(9));

    DrainResult result = worker.step().drainUntilIdle();

    assertThat(result.processed()).isEqualTo(5);
    assertThat(result.steps()).isEqualTo(2);
    assertThat(order).containsExactly(5L, 2L, 1L, 3L, 4L);
    assertThat(repo.queueSize()).isEmpty();
  }

  @Test
  void jobsOfUnregisteredEntrypointsAreNeverClaimed() {
    QueueManager worker = QueueManager.builder(repo).entrypoint("mine", ctx -> { }).build();
    JobId other = enqueue(NewJob.of("theirs"));

    assertThat(worker.step().drainUntilIdle().processed()).isZero();
    assertThat(repo.findJob(other).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void deferredJobRunsOnlyOnceTheClockReachesItsTime() {
    QueueManager worker = QueueManager.builder(repo).entrypoint("later", ctx -> { }).build();
    JobId id = enqueue(NewJob.of("later").withDelay(Duration.ofMinutes(5)));
    WorkerStep step = worker.step();

    assertThat(step.drainUntilIdle().processed()).isZero();
    clock.advance(Duration.ofMinutes(5));
    assertThat(step.drainUntilIdle().results()).extracting(JobResult::id).containsExactly(id);
  }

  @Test
  void failureWithDeletePolicyLogsExceptionWithTracebackContext() {
    QueueManager worker = QueueManager.builder(repo)
        .entrypoint("boom", ctx -> {
          throw new IllegalStateException("kaput");
        }).build();
    JobId id = enqueue(NewJob.of("boom"));

    DrainResult result = worker.step().drainUntilIdle();

    assertThat(result.results()).singleElement().satisfies(r -> {
      assertThat(r.disposition()).isEqualTo(JobResult.Disposition.EXCEPTION);
      assertThat(r.error()).hasMessage("kaput");
    });
    assertThat(repo.findJob(id)).isEmpty();
    LogEntry last = repo.jobLog(id).get(2);
    assertThat(last.status()).isEqualTo(JobStatus.EXCEPTION);
    TracebackRecord tb = last.traceback();
    assertThat(tb).isNotNull();
    assertThat(tb.exceptionType()).isEqualTo("IllegalStateException");
    assertThat(tb.exceptionMessage()).isEqualTo("kaput");
    assertThat(tb.traceback()).contains("kaput");
    assertThat(tb.timestamp()).isEqualTo(clock.instant());
    assertThat(tb.additionalContext()).isEqualTo(
        Map.of("entrypoint", "boom", "queue_manager_id", worker.id().toString()));
  }

  @Test
  void failureWithHoldPolicyKeepsTheJobAsFailedUntilRequeued() {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    QueueManager worker = QueueManager.builder(repo)
        .entrypoint(Entrypoint.of("fragile", ctx -> {
          attempts.add(ctx.attempts());
          if (attempts.size() == 1) {
            throw new IllegalArgumentException("first time fails");
          }
        }).withOnFailure(OnFailure.HOLD)).build();
    JobId id = enqueue(NewJob.of("fragile"));
    WorkerStep step = worker.step();

    assertThat(step.drainUntilIdle().count(JobResult.Disposition.FAILED)).isEqualTo(1);
    Job held = repo.findJob(id).orElseThrow();
    assertThat(held.status()).isEqualTo(JobStatus.FAILED);
    assertThat(repo.listFailedJobs(FailedJobsQuery.oldest(10))).extracting(Job::id).containsExactly(id);
    assertThat(step.drainUntilIdle().processed()).isZero();

    repo.requeueJobs(List.of(id));
    assertThat(step.drainUntilIdle().count(JobResult.Disposition.SUCCESSFUL)).isEqualTo(1);
    assertThat(statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.FAILED,
        JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  void retryRequestedRequeuesTheJobAfterItsDelayWithRetryContext() {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    QueueManager worker = QueueManager.builder(repo)
        .entrypoint("flaky", ctx -> {
          attempts.add(ctx.attempts());
          if (ctx.attempts() == 0) {
            throw new RetryRequested(Duration.ofSeconds(30), "not yet");
          }
        }).build();
    JobId id = enqueue(NewJob.of("flaky"));
    WorkerStep step = worker.step();

    DrainResult first = step.drainUntilIdle();

    assertThat(first.results()).singleElement().satisfies(r -> {
      assertThat(r.disposition()).isEqualTo(JobResult.Disposition.RETRIED);
      assertThat(r.retryDelay()).isEqualTo(Duration.ofSeconds(30));
    });
    Job queued = repo.findJob(id).orElseThrow();
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queued.attempts()).isEqualTo(1);
    assertThat(queued.executeAfter()).isEqualTo(clock.instant().plusSeconds(30));
    TracebackRecord tb = repo.jobLog(id).get(2).traceback();
    assertThat(tb).isNotNull();
    assertThat(tb.exceptionType()).isEqualTo("RetryRequested");
    assertThat(tb.exceptionMessage()).isEqualTo("not yet");
    assertThat(tb.additionalContext()).containsEntry("entrypoint", "flaky")
        .containsEntry("queue_manager_id", worker.id().toString())
        .containsEntry("attempt", "0")
        .containsEntry("retry_delay", "0:00:30")
        .containsEntry("reason", "not yet");

    clock.advance(Duration.ofSeconds(29));
    assertThat(step.drainUntilIdle().processed()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(step.drainUntilIdle().count(JobResult.Disposition.SUCCESSFUL)).isEqualTo(1);
    assertThat(attempts).containsExactly(0, 1);
  }

  @Test
  void retryRequestedWithoutReasonUsesPgQueuersDefaultMessage() {
    QueueManager worker = QueueManager.builder(repo)
        .entrypoint("again", ctx -> {
          if (ctx.attempts() == 0) {
            throw RetryRequested.now();
          }
        }).build();
    JobId id = enqueue(NewJob.of("again"));

    DrainResult result = worker.step().drainUntilIdle();

    assertThat(result.results()).extracting(JobResult::disposition)
        .containsExactly(JobResult.Disposition.RETRIED, JobResult.Disposition.SUCCESSFUL);
    TracebackRecord tb = repo.jobLog(id).get(2).traceback();
    assertThat(tb.exceptionMessage()).isEqualTo("Retry requested");
    assertThat(tb.additionalContext()).doesNotContainKey("reason").containsEntry("retry_delay", "0:00:00");
  }

  @Test
  void retryPolicyRetriesMaxAttemptsTimesThenFailsForGood() {
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    RetryPolicy policy = RetryPolicy.exponential(2, Duration.ofSeconds(1), Duration.ofMinutes(5))
        .withJitter(Jitter.none());
    QueueManager worker = QueueManager.builder(repo)
        .entrypoint(Entrypoint.of("always", ctx -> {
          attempts.add(ctx.attempts());
          throw new IllegalStateException("attempt " + ctx.attempts());
        }).withRetryPolicy(policy)).build();
    JobId id = enqueue(NewJob.of("always"));
    WorkerStep step = worker.step();

    List<JobResult> results = new ArrayList<>(step.drainUntilIdle().results());
    clock.advance(Duration.ofSeconds(1));
    results.addAll(step.drainUntilIdle().results());
    clock.advance(Duration.ofMillis(1999));
    assertThat(step.drainUntilIdle().processed()).isZero();
    clock.advance(Duration.ofMillis(1));
    results.addAll(step.drainUntilIdle().results());

    assertThat(attempts).containsExactly(0, 1, 2);
    assertThat(results).extracting(JobResult::disposition).containsExactly(JobResult.Disposition.RETRIED,
        JobResult.Disposition.RETRIED, JobResult.Disposition.EXCEPTION);
    assertThat(results).extracting(JobResult::retryDelay)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), null);
    List<LogEntry> log = repo.jobLog(id);
    assertThat(log).extracting(LogEntry::status).containsExactly(JobStatus.QUEUED, JobStatus.PICKED,
        JobStatus.QUEUED, JobStatus.PICKED, JobStatus.QUEUED, JobStatus.PICKED, JobStatus.EXCEPTION);
    assertThat(log.get(2).traceback().additionalContext()).containsEntry("reason", "attempt 0")
        .containsEntry("attempt", "0").containsEntry("retry_delay", "0:00:01");
    assertThat(log.get(2).traceback().exceptionType()).isEqualTo("IllegalStateException");
    assertThat(log.get(4).traceback().additionalContext()).containsEntry("attempt", "1")
        .containsEntry("retry_delay", "0:00:02");
    assertThat(log.get(6).traceback().additionalContext()).doesNotContainKey("attempt");
  }

  @Test
  void concurrencyLimitIsHonouredAcrossWorkers() {
    List<StepResult> insideResults = new ArrayList<>();
    QueueManager other = QueueManager.builder(repo).entrypoint(Entrypoint.of("serial", ctx -> { })
        .withConcurrencyLimit(1)).build();
    WorkerStep otherStep = other.step();
    QueueManager worker = QueueManager.builder(repo)
        .entrypoint(Entrypoint.of("serial", ctx -> insideResults.add(otherStep.runOnce()))
            .withConcurrencyLimit(1)).build();
    IntStream.range(0, 2).forEach(i -> enqueue(NewJob.of("serial")));

    StepResult first = worker.step().runOnce();

    assertThat(first.claimed()).isEqualTo(1);
    assertThat(insideResults).singleElement().satisfies(r -> assertThat(r.isIdle()).isTrue());
    assertThat(otherStep.runOnce().claimed()).isEqualTo(1);
  }

  @Test
  void stepIsRejectedWhileTheManagerRunsThreadedOrAfterItStopped() {
    QueueManager worker = QueueManager.builder(repo).entrypoint("x", ctx -> { }).build();
    WorkerStep step = worker.step();
    worker.start();
    try {
      assertThatThrownBy(step::runOnce).isInstanceOf(IllegalStateException.class).hasMessageContaining("RUNNING");
      assertThatThrownBy(worker::step).isInstanceOf(IllegalStateException.class);
    } finally {
      worker.stop();
    }
    assertThatThrownBy(step::runOnce).isInstanceOf(IllegalStateException.class).hasMessageContaining("STOPPED");
  }

  @Test
  void drainUntilIdleGivesUpOnAJobThatRetriesItselfForever() {
    QueueManager worker = QueueManager.builder(repo)
        .entrypoint("loop", ctx -> {
          throw RetryRequested.now();
        }).build();
    enqueue(NewJob.of("loop"));

    assertThatThrownBy(() -> worker.step().drainUntilIdle(50)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("50 steps");
  }
}
