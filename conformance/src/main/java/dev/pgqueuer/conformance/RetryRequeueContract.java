package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractFixtures.after;
import static dev.pgqueuer.conformance.ContractFixtures.held;
import static dev.pgqueuer.conformance.ContractFixtures.idStatus;
import static dev.pgqueuer.conformance.ContractFixtures.sampleTraceback;
import static dev.pgqueuer.conformance.ContractQueue.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.Payload;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.RetryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules O4 ({@code retryJob}) and O5 ({@code requeueJobs}) of {@code docs/semantics.md}: the fields each one sets,
 * eligibility, log rows, the dedupe rule (D23) and the absence of events (D31).
 */
public interface RetryRequeueContract extends ContractSupport {

  /** Enqueues {@code job} and holds it at once (outcomes apply to any stored status). */
  private static JobId heldJob(ContractQueue q, NewJob job) {
    JobId id = q.enqueue(job);
    q.repo().logJobs(held(id));
    return id;
  }

  @Test
  default void retryIncrementsStoredAttemptsClearsWorkerAndDefersByTheDelay(ContractQueue q) {
    // GIVEN a job with payload, headers and key, picked at t1
    Instant t0 = q.now();
    JobId id = q.enqueue(NewJob.of("ep").withPriority(2).withPayload("p").withHeaders(Map.of("h", "v"))
        .withDedupeKey("k"));
    Instant t1 = q.advance(Duration.ofSeconds(1));
    q.dequeue(1, "ep");
    Instant t2 = q.advance(Duration.ofSeconds(1));
    // WHEN it is retried with a delay of 5.5 s
    boolean existed = q.repo().retryJob(RetryRequest.of(id, Duration.ofMillis(5_500)));
    // THEN queued, attempts 1, eligible at t2 + 5.5 s, no worker, updated now, heartbeat from the pick, rest kept
    assertThat(existed).isTrue();
    assertThat(q.job(id)).isEqualTo(new Job(id, 2, t0, t2, t1, t2.plusMillis(5_500), JobStatus.QUEUED, "ep",
        Payload.ofUtf8("p"), 1, null, Map.of("h", "v"), "k"));
  }

  @Test
  default void retryCountsAttemptsFromTheStoredValue(ContractQueue q) {
    // GIVEN a job retried once
    JobId id = q.enqueue("ep");
    q.dequeue(1, "ep");
    q.repo().retryJob(RetryRequest.of(id, Duration.ZERO));
    q.dequeue(1, "ep");
    // WHEN it is retried again
    q.repo().retryJob(RetryRequest.of(id, Duration.ZERO));
    // THEN attempts is 2 and picking did not change it
    assertThat(q.job(id).attempts()).isEqualTo(2);
    assertThat(q.dequeue(1, "ep")).extracting(Job::attempts).containsExactly(2);
  }

  @Test
  default void retriedJobIsEligibleExactlyAtTheEndOfItsDelay(ContractQueue q) {
    // GIVEN a picked job retried with a 10 s delay
    JobId id = q.enqueue("ep");
    q.dequeue(1, "ep");
    q.repo().retryJob(RetryRequest.of(id, Duration.ofSeconds(10)));
    // WHEN the clock reaches 1 µs before the boundary, THEN it is not picked
    q.advance(Duration.ofSeconds(10).minusNanos(1_000));
    assertThat(q.dequeue(1, "ep")).isEmpty();
    // WHEN the clock reaches the boundary exactly, THEN it is picked (T2)
    q.advance(Duration.ofNanos(1_000));
    assertThat(q.dequeue(1, "ep")).extracting(Job::id).containsExactly(id);
  }

  @Test
  default void retryWritesOneQueuedLogRowCarryingTheTraceback(ContractQueue q) {
    // GIVEN two picked jobs
    List<JobId> jobs = q.enqueueAll(NewJob.of("ep").withPriority(6), NewJob.of("ep").withPriority(6));
    q.dequeue(2, "ep");
    Instant at = q.advance(Duration.ofSeconds(3));
    TracebackRecord tb = sampleTraceback(jobs.get(0));
    // WHEN one is retried with a traceback and the other without
    q.repo().retryJob(new RetryRequest(jobs.get(0), Duration.ofSeconds(1), tb));
    q.repo().retryJob(RetryRequest.of(jobs.get(1), Duration.ofSeconds(1)));
    // THEN each got one queued row at the call's now, with its traceback or none
    assertThat(q.log(jobs.get(0))).last().isEqualTo(new LogEntry(at, jobs.get(0), JobStatus.QUEUED, 6, "ep", tb, false));
    assertThat(q.log(jobs.get(1))).last()
        .isEqualTo(new LogEntry(at, jobs.get(1), JobStatus.QUEUED, 6, "ep", null, false));
    assertThat(q.log(jobs.get(0))).hasSize(3);
  }

  @Test
  default void retryOfAMissingJobReturnsFalseAndLogsNothing(ContractQueue q) {
    // GIVEN a finished job and a log snapshot
    JobId id = q.enqueue("ep");
    q.repo().logJobs(ContractFixtures.successful(id));
    List<LogEntry> before = q.repo().queueLog();
    // WHEN the finished job and a made-up id are retried
    boolean finished = q.repo().retryJob(RetryRequest.of(id, Duration.ZERO));
    boolean madeUp = q.repo().retryJob(RetryRequest.of(JobId.of(77), Duration.ZERO));
    // THEN both report false and nothing changed
    assertThat(finished).isFalse();
    assertThat(madeUp).isFalse();
    assertThat(q.repo().queueLog()).isEqualTo(before);
    assertThat(q.repo().findJob(id)).isEmpty();
  }

  @Test
  default void retryAppliesToQueuedAndHeldJobsToo(ContractQueue q) {
    // GIVEN a queued job and a held job
    JobId queued = q.enqueue("a");
    JobId holding = heldJob(q, NewJob.of("b"));
    // WHEN both are retried
    boolean first = q.repo().retryJob(RetryRequest.of(queued, Duration.ZERO));
    boolean second = q.repo().retryJob(RetryRequest.of(holding, Duration.ZERO));
    // THEN both are queued with attempts 1
    assertThat(first).isTrue();
    assertThat(second).isTrue();
    assertThat(List.of(q.job(queued), q.job(holding))).extracting(Job::status, Job::attempts)
        .containsExactly(tuple(JobStatus.QUEUED, 1),
            tuple(JobStatus.QUEUED, 1));
  }

  @Test
  default void retrySendsNoEvent(ContractQueue q) {
    // GIVEN a picked job and a recorder
    JobId id = q.enqueue("ep");
    q.dequeue(1, "ep");
    EventRecorder events = q.recordEvents();
    // WHEN it is retried
    q.repo().retryJob(RetryRequest.of(id, Duration.ofSeconds(1)));
    // THEN no event was sent (D31)
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void retriedJobKeepsItsDedupeKeyHeld(ContractQueue q) {
    // GIVEN a picked job with key "k", retried
    JobId id = q.enqueue(NewJob.of("ep").withDedupeKey("k"));
    q.dequeue(1, "ep");
    q.repo().retryJob(RetryRequest.of(id, Duration.ofSeconds(1)));
    // WHEN another job with key "k" is enqueued
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.enqueue(NewJob.of("ep").withDedupeKey("k")));
    // THEN it is rejected: the retried job is still active
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).containsExactly("k");
  }

  @Test
  default void retryOfAHeldJobWhoseKeyIsTakenRaisesAndChangesNothing(ContractQueue q) {
    // GIVEN a held job with key "k" and a newer active job with key "k"
    JobId holding = heldJob(q, NewJob.of("ep").withDedupeKey("k"));
    JobId active = q.enqueue(NewJob.of("ep").withDedupeKey("k"));
    q.advance(Duration.ofSeconds(1));
    Job heldBefore = q.job(holding);
    Job activeBefore = q.job(active);
    List<LogEntry> logBefore = q.repo().queueLog();
    // WHEN the held job is retried
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.repo().retryJob(RetryRequest.of(holding, Duration.ZERO)));
    // THEN the retry fails with the key and neither job nor the log changed (O4)
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).containsExactly("k");
    assertThat(q.job(holding)).isEqualTo(heldBefore);
    assertThat(q.job(active)).isEqualTo(activeBefore);
    assertThat(q.repo().queueLog()).isEqualTo(logBefore);
  }

  @Test
  default void requeueMovesAHeldJobBackToQueuedEligibleNowWithAttemptsReset(ContractQueue q) {
    // GIVEN a job retried once (attempts 1), picked at t1 and held at t2
    Instant t0 = q.now();
    JobId id = q.enqueue(NewJob.of("ep").withPriority(1).withPayload("p").withDedupeKey("k"));
    q.dequeue(1, "ep");
    q.repo().retryJob(RetryRequest.of(id, Duration.ZERO));
    Instant t1 = q.advance(Duration.ofSeconds(1));
    q.dequeue(1, "ep");
    q.advance(Duration.ofSeconds(1));
    q.repo().logJobs(held(id));
    Instant t3 = q.advance(Duration.ofSeconds(1));
    // WHEN it is requeued
    int requeued = q.repo().requeueJobs(List.of(id));
    // THEN queued with attempts 0, execute_after = updated = now, no worker, heartbeat kept
    assertThat(requeued).isEqualTo(1);
    assertThat(q.job(id)).isEqualTo(new Job(id, 1, t0, t3, t1, t3, JobStatus.QUEUED, "ep", Payload.ofUtf8("p"), 0,
        null, Map.of(), "k"));
    assertThat(q.log(id)).last().isEqualTo(new LogEntry(t3, id, JobStatus.QUEUED, 1, "ep", null, false));
    assertThat(q.dequeue(1, "ep")).extracting(Job::id).containsExactly(id);
  }

  @Test
  default void requeueIgnoresQueuedPickedAndUnknownJobs(ContractQueue q) {
    // GIVEN a queued job and a picked job
    JobId queued = q.enqueue("a");
    JobId picked = q.enqueue("b");
    q.dequeue(1, "b");
    List<Job> before = List.of(q.job(queued), q.job(picked));
    List<LogEntry> logBefore = q.repo().queueLog();
    // WHEN they and an unknown id are requeued
    int requeued = q.repo().requeueJobs(List.of(queued, picked, JobId.of(50)));
    // THEN nothing changed
    assertThat(requeued).isZero();
    assertThat(List.of(q.job(queued), q.job(picked))).isEqualTo(before);
    assertThat(q.repo().queueLog()).isEqualTo(logBefore);
  }

  @Test
  default void requeueWritesQueuedLogRowsInJobIdOrder(ContractQueue q) {
    // GIVEN three held jobs
    heldJob(q, NewJob.of("ep"));
    heldJob(q, NewJob.of("ep"));
    heldJob(q, NewJob.of("ep"));
    int before = q.repo().queueLog().size();
    // WHEN they are requeued in the order 3, 1, 2
    int requeued = q.repo().requeueJobs(ids(3, 1, 2));
    // THEN the log rows are in job id order (R4, D17)
    assertThat(requeued).isEqualTo(3);
    assertThat(idStatus(after(q.repo().queueLog(), before))).containsExactly("1:queued", "2:queued", "3:queued");
  }

  @Test
  default void requeueNamingAJobTwiceRequeuesItOnce(ContractQueue q) {
    // GIVEN a held job
    JobId id = heldJob(q, NewJob.of("ep"));
    // WHEN it is named twice
    int requeued = q.repo().requeueJobs(List.of(id, id));
    // THEN it is requeued once with one log row
    assertThat(requeued).isEqualTo(1);
    assertThat(q.statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.FAILED, JobStatus.QUEUED);
  }

  @Test
  default void requeueClashWithAnActiveJobRaisesWithTheHeldKeysAndRequeuesNothing(ContractQueue q) {
    // GIVEN held jobs 1 (key "a"), 2 (key "b"), 3 (no key), an active job 4 with key "a", a queued job 5 (key "z")
    heldJob(q, NewJob.of("ep").withDedupeKey("a"));
    heldJob(q, NewJob.of("ep").withDedupeKey("b"));
    heldJob(q, NewJob.of("ep"));
    q.enqueue(NewJob.of("ep").withDedupeKey("a"));
    q.enqueue(NewJob.of("ep").withDedupeKey("z"));
    List<Job> jobsBefore = List.of(q.job(JobId.of(1)), q.job(JobId.of(2)), q.job(JobId.of(3)), q.job(JobId.of(4)));
    List<LogEntry> logBefore = q.repo().queueLog();
    // WHEN 5, 3, 2 and 1 are requeued
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.repo().requeueJobs(ids(5, 3, 2, 1)));
    // THEN it fails carrying the held jobs' keys in job id order, and nothing was requeued (O5, D23)
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).containsExactly("a", "b", null);
    assertThat(e.clashingKey()).isEqualTo("a");
    assertThat(List.of(q.job(JobId.of(1)), q.job(JobId.of(2)), q.job(JobId.of(3)), q.job(JobId.of(4))))
        .isEqualTo(jobsBefore);
    assertThat(q.repo().queueLog()).isEqualTo(logBefore);
  }

  @Test
  default void requeueClashBetweenTwoRequeuedJobsRaisesAndRequeuesNothing(ContractQueue q) {
    // GIVEN two held jobs sharing key "k" (a held job leaves the dedupe rule, so the second was accepted)
    JobId first = heldJob(q, NewJob.of("ep").withDedupeKey("k"));
    JobId second = heldJob(q, NewJob.of("ep").withDedupeKey("k"));
    List<LogEntry> logBefore = q.repo().queueLog();
    // WHEN both are requeued
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.repo().requeueJobs(List.of(second, first)));
    // THEN it fails with both keys and both stay held
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).containsExactly("k", "k");
    assertThat(e.clashingKey()).isEqualTo("k");
    assertThat(List.of(q.job(first), q.job(second))).extracting(Job::status)
        .containsExactly(JobStatus.FAILED, JobStatus.FAILED);
    assertThat(q.repo().queueLog()).isEqualTo(logBefore);
    // AND requeueing only one of them succeeds
    assertThat(q.repo().requeueJobs(List.of(second))).isEqualTo(1);
  }

  @Test
  default void requeueSendsNoEvent(ContractQueue q) {
    // GIVEN a held job and a recorder
    JobId id = heldJob(q, NewJob.of("ep"));
    EventRecorder events = q.recordEvents();
    // WHEN it is requeued
    q.repo().requeueJobs(List.of(id));
    // THEN no event was sent (D31)
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void requeuedJobBlocksLaterEnqueuesOfItsKey(ContractQueue q) {
    // GIVEN a held job with key "k", requeued
    JobId id = heldJob(q, NewJob.of("ep").withDedupeKey("k"));
    q.repo().requeueJobs(List.of(id));
    // WHEN a job with key "k" is enqueued
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.enqueue(NewJob.of("other").withDedupeKey("k")));
    // THEN it is rejected (D23)
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).isEqualTo(Arrays.asList("k"));
    assertThat(e.clashingKey()).isEqualTo("k");
    assertThat(q.repo().findJob(JobId.of(2))).isEmpty();
  }

  @Test
  default void requeueOfNoIdsReturnsZeroAndLogsNothing(ContractQueue q) {
    // GIVEN a held job
    heldJob(q, NewJob.of("ep"));
    List<LogEntry> before = q.repo().queueLog();
    // WHEN nothing is requeued
    int requeued = q.repo().requeueJobs(List.of());
    // THEN nothing changed
    assertThat(requeued).isZero();
    assertThat(q.repo().queueLog()).isEqualTo(before);
    assertThat(q.job(JobId.of(1)).status()).isEqualTo(JobStatus.FAILED);
  }
}
