package dev.pgqueuer.conformance.worker;

import static dev.pgqueuer.conformance.worker.WorkerFixtures.job;
import static dev.pgqueuer.conformance.worker.WorkerFixtures.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.conformance.ContractSupport;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.FailedJobsQuery;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.worker.DrainResult;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.Jitter;
import dev.pgqueuer.worker.JobResult.Disposition;
import dev.pgqueuer.worker.OnFailure;
import dev.pgqueuer.worker.QueueManager;
import dev.pgqueuer.worker.RetryPolicy;
import dev.pgqueuer.worker.RetryRequested;
import dev.pgqueuer.worker.StepResult;
import dev.pgqueuer.worker.WorkerStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The worker's deterministic step ({@code QueueManager#step()}): what it claims, how it records each outcome,
 * retries and holds, on the manual clock. Every outcome is written when a step returns.
 */
public interface WorkerStepContract extends ContractSupport {

  @Test
  default void stepRunsClaimedJobsInKeyOrderAndLogsThemSuccessful(TestQueue q) {
    // GIVEN jobs of two entrypoints with mixed priorities, and a worker with batch size 2
    List<Long> order = new CopyOnWriteArrayList<>();
    QueueManager worker = QueueManager.builder(q.repository()).batchSize(2)
        .entrypoint("a", ctx -> order.add(ctx.id().value()))
        .entrypoint("b", ctx -> order.add(ctx.id().value())).build();
    q.enqueue(NewJob.of("a"));
    q.enqueue(NewJob.of("b").withPriority(3));
    q.enqueue(NewJob.of("a").withPriority(3));
    // WHEN one step runs, then a drain
    StepResult first = worker.step().runOnce();
    DrainResult rest = worker.step().drainUntilIdle();
    // THEN the first step took the two most urgent jobs, the drain the last one
    assertThat(first.ids()).containsExactly(JobId.of(2), JobId.of(3));
    assertThat(rest.processed()).isEqualTo(1);
    assertThat(order).containsExactly(2L, 3L, 1L);
    assertThat(statuses(q.repository(), JobId.of(1)))
        .containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
    assertThat(q.repository().queueSize()).isEmpty();
  }

  @Test
  default void aJobItsOwnHandlerCancelsIsReportedCanceledAsInThreadedMode(TestQueue q) {
    // GIVEN a handler that cancels its own job, then asks whether it is canceled
    List<Boolean> seen = new CopyOnWriteArrayList<>();
    QueueManager worker = QueueManager.builder(q.repository()).entrypoint("e", ctx -> {
      q.repository().cancelJobs(List.of(ctx.id()));
      seen.add(ctx.isCancelled());
    }).build();
    JobId id = q.enqueue("e");
    // WHEN a step runs it
    StepResult step = worker.step().runOnce();
    // THEN the handler saw the cancellation, the step reports it, and the log holds one canceled row
    assertThat(seen).containsExactly(true);
    assertThat(step.count(Disposition.CANCELED)).isEqualTo(1);
    assertThat(statuses(q.repository(), id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.CANCELED);
  }

  @Test
  default void aClaimedJobCanceledByAnEarlierHandlerOfTheSameStepNeverRuns(TestQueue q) {
    // GIVEN two jobs claimed by one step, the first of which cancels the second
    List<Long> ran = new CopyOnWriteArrayList<>();
    QueueManager worker = QueueManager.builder(q.repository()).batchSize(2).entrypoint("e", ctx -> {
      ran.add(ctx.id().value());
      q.repository().cancelJobs(List.of(JobId.of(2)));
    }).build();
    q.enqueue("e");
    q.enqueue("e");
    // WHEN the step runs
    StepResult step = worker.step().runOnce();
    // THEN only the first handler ran; the second job is reported canceled
    assertThat(ran).containsExactly(1L);
    assertThat(step.results()).extracting(r -> r.disposition())
        .containsExactly(Disposition.SUCCESSFUL, Disposition.CANCELED);
    assertThat(statuses(q.repository(), JobId.of(2))).containsExactly(JobStatus.QUEUED, JobStatus.PICKED,
        JobStatus.CANCELED);
  }

  @Test
  default void stepLeavesJobsOfUnregisteredEntrypointsAndDeferredJobsQueued(TestQueue q) {
    // GIVEN
    QueueManager worker = QueueManager.builder(q.repository()).entrypoint("mine", ctx -> { }).build();
    JobId theirs = q.enqueue(NewJob.of("theirs"));
    JobId later = q.enqueue(NewJob.of("mine").withDelay(Duration.ofSeconds(10)));
    WorkerStep step = worker.step();
    // WHEN / THEN
    assertThat(step.drainUntilIdle().processed()).isZero();
    q.advance(Duration.ofSeconds(10));
    assertThat(step.drainUntilIdle().results()).extracting(r -> r.id()).containsExactly(later);
    assertThat(job(q, theirs).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void failureOfADeletingEntrypointLogsExceptionWithTracebackContext(TestQueue q) {
    // GIVEN
    QueueManager worker = QueueManager.builder(q.repository()).entrypoint("boom", ctx -> {
      throw new IllegalStateException("kaput");
    }).build();
    JobId id = q.enqueue("boom");
    // WHEN
    DrainResult result = worker.step().drainUntilIdle();
    // THEN
    assertThat(result.count(Disposition.EXCEPTION)).isEqualTo(1);
    assertThat(q.repository().findJob(id)).isEmpty();
    List<LogEntry> log = q.repository().jobLog(id);
    assertThat(log).extracting(LogEntry::status)
        .containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.EXCEPTION);
    TracebackRecord tb = log.get(2).traceback();
    assertThat(tb).isNotNull();
    assertThat(tb.jobId()).isEqualTo(id);
    assertThat(tb.timestamp()).isEqualTo(q.now());
    assertThat(tb.exceptionType()).isEqualTo("IllegalStateException");
    assertThat(tb.exceptionMessage()).isEqualTo("kaput");
    assertThat(tb.traceback()).contains("IllegalStateException: kaput");
    assertThat(tb.additionalContext())
        .isEqualTo(Map.of("entrypoint", "boom", "queue_manager_id", worker.id().toString()));
  }

  @Test
  default void failureOfAHoldingEntrypointKeepsTheJobHeldUntilRequeued(TestQueue q) {
    // GIVEN a handler that fails on its first run only
    List<Integer> runs = new CopyOnWriteArrayList<>();
    QueueManager worker = QueueManager.builder(q.repository()).entrypoint(Entrypoint.of("fragile", ctx -> {
      runs.add(ctx.attempts());
      if (runs.size() == 1) {
        throw new IllegalArgumentException("first run fails");
      }
    }).withOnFailure(OnFailure.HOLD)).build();
    JobId id = q.enqueue(NewJob.of("fragile").withDedupeKey("k"));
    WorkerStep step = worker.step();
    // WHEN
    DrainResult failed = step.drainUntilIdle();
    // THEN the job is held, outside the dedupe rule, and not claimed again
    assertThat(failed.count(Disposition.FAILED)).isEqualTo(1);
    Job held = job(q, id);
    assertThat(held.status()).isEqualTo(JobStatus.FAILED);
    assertThat(held.worker()).isNull();
    assertThat(q.repository().listFailedJobs(FailedJobsQuery.oldest(10))).extracting(Job::id).containsExactly(id);
    assertThat(q.repository().jobLog(id).get(2).traceback()).isNotNull();
    assertThat(step.drainUntilIdle().processed()).isZero();
    // WHEN requeued, THEN it runs again from attempts 0
    q.repository().requeueJobs(List.of(id));
    assertThat(step.drainUntilIdle().count(Disposition.SUCCESSFUL)).isEqualTo(1);
    assertThat(runs).containsExactly(0, 0);
  }

  @Test
  default void retryRequestedRequeuesTheJobInPlaceAfterItsDelay(TestQueue q) {
    // GIVEN a handler asking for a retry in 30 s on its first run
    List<Integer> runs = new CopyOnWriteArrayList<>();
    QueueManager worker = QueueManager.builder(q.repository()).entrypoint("flaky", ctx -> {
      runs.add(ctx.attempts());
      if (ctx.attempts() == 0) {
        throw new RetryRequested(Duration.ofSeconds(30), "upstream busy");
      }
    }).build();
    JobId id = q.enqueue(NewJob.of("flaky").withPayload("p").withPriority(4).withHeaders(Map.of("h", "v")));
    WorkerStep step = worker.step();
    // WHEN
    DrainResult first = step.drainUntilIdle();
    // THEN the same row is queued again with attempts 1, due in 30 s, with a retry traceback
    assertThat(first.count(Disposition.RETRIED)).isEqualTo(1);
    Job queued = job(q, id);
    assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(queued.attempts()).isEqualTo(1);
    assertThat(queued.executeAfter()).isEqualTo(q.now().plusSeconds(30));
    assertThat(queued.priority()).isEqualTo(4);
    assertThat(queued.headers()).isEqualTo(Map.of("h", "v"));
    TracebackRecord tb = q.repository().jobLog(id).get(2).traceback();
    assertThat(tb).isNotNull();
    assertThat(tb.exceptionType()).isEqualTo("RetryRequested");
    assertThat(tb.exceptionMessage()).isEqualTo("upstream busy");
    assertThat(tb.additionalContext()).isEqualTo(Map.of("entrypoint", "flaky",
        "queue_manager_id", worker.id().toString(), "attempt", "0", "retry_delay", "0:00:30",
        "reason", "upstream busy"));
    // WHEN the clock reaches the retry time, THEN it runs again, and only then
    q.advance(Duration.ofSeconds(30).minusNanos(1_000));
    assertThat(step.drainUntilIdle().processed()).isZero();
    q.advance(Duration.ofNanos(1_000));
    assertThat(step.drainUntilIdle().count(Disposition.SUCCESSFUL)).isEqualTo(1);
    assertThat(runs).containsExactly(0, 1);
    assertThat(statuses(q.repository(), id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.QUEUED,
        JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  default void retryPolicyRunsAJobMaxAttemptsPlusOneTimesWithExponentialBackoff(TestQueue q) {
    // GIVEN a handler that always fails, retried twice (1 s, then 2 s), without jitter
    List<Integer> runs = new CopyOnWriteArrayList<>();
    RetryPolicy policy = RetryPolicy.exponential(2, Duration.ofSeconds(1), Duration.ofMinutes(1))
        .withJitter(Jitter.none());
    QueueManager worker = QueueManager.builder(q.repository()).entrypoint(Entrypoint.of("always", ctx -> {
      runs.add(ctx.attempts());
      throw new IllegalStateException("failure " + ctx.attempts());
    }).withRetryPolicy(policy)).build();
    JobId id = q.enqueue("always");
    WorkerStep step = worker.step();
    // WHEN
    List<Disposition> results = new ArrayList<>();
    step.drainUntilIdle().results().forEach(r -> results.add(r.disposition()));
    q.advance(Duration.ofSeconds(1));
    step.drainUntilIdle().results().forEach(r -> results.add(r.disposition()));
    q.advance(Duration.ofSeconds(2));
    step.drainUntilIdle().results().forEach(r -> results.add(r.disposition()));
    // THEN 3 runs, 2 queued log rows with tracebacks, 1 exception (PgQueuer's retry executor test)
    assertThat(runs).containsExactly(0, 1, 2);
    assertThat(results).containsExactly(Disposition.RETRIED, Disposition.RETRIED, Disposition.EXCEPTION);
    List<LogEntry> log = q.repository().jobLog(id);
    assertThat(log).extracting(LogEntry::status).containsExactly(JobStatus.QUEUED, JobStatus.PICKED,
        JobStatus.QUEUED, JobStatus.PICKED, JobStatus.QUEUED, JobStatus.PICKED, JobStatus.EXCEPTION);
    assertThat(log.get(2).traceback().additionalContext()).containsEntry("retry_delay", "0:00:01")
        .containsEntry("attempt", "0").containsEntry("reason", "failure 0");
    assertThat(log.get(4).traceback().additionalContext()).containsEntry("retry_delay", "0:00:02")
        .containsEntry("attempt", "1");
    assertThat(log.get(6).traceback().exceptionMessage()).isEqualTo("failure 2");
  }

  @Test
  default void concurrencyLimitHoldsAcrossWorkersWhileAJobRuns(TestQueue q) {
    // GIVEN two workers of an entrypoint limited to 1, and two jobs
    List<StepResult> seenByOther = new CopyOnWriteArrayList<>();
    WorkerStep other = QueueManager.builder(q.repository())
        .entrypoint(Entrypoint.of("serial", ctx -> { }).withConcurrencyLimit(1)).build().step();
    QueueManager worker = QueueManager.builder(q.repository())
        .entrypoint(Entrypoint.of("serial", ctx -> seenByOther.add(other.runOnce())).withConcurrencyLimit(1))
        .build();
    q.enqueue("serial");
    q.enqueue("serial");
    // WHEN the first worker runs one job, and the other worker tries while it runs
    StepResult first = worker.step().runOnce();
    // THEN the other worker got nothing then, and gets the second job afterwards
    assertThat(first.claimed()).isEqualTo(1);
    assertThat(seenByOther).singleElement().satisfies(r -> assertThat(r.isIdle()).isTrue());
    assertThat(other.runOnce().ids()).containsExactly(JobId.of(2));
  }
}
