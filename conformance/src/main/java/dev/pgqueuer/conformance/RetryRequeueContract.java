package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractFixtures.after;
import static dev.pgqueuer.conformance.ContractFixtures.held;
import static dev.pgqueuer.conformance.ContractFixtures.idStatus;
import static dev.pgqueuer.conformance.ContractFixtures.sampleTraceback;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.log;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
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
import dev.pgqueuer.junit.TestQueue;
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
  private static JobId heldJob(TestQueue q, NewJob job) {
    JobId id = q.enqueue(job);
    q.repository().logJobs(held(id));
    return id;
  }

  @Test
  default void retryIncrementsStoredAttemptsClearsWorkerAndDefersByTheDelay(TestQueue q) {
    // GIVEN a job with payload, headers and key, picked at t1
    Instant t0 = q.now();
    JobId id = q.enqueue(NewJob.of("ep").withPriority(2).withPayload("p").withHeaders(Map.of("h", "v"))
        .withDedupeKey("k"));
    Instant t1 = q.advance(Duration.ofSeconds(1));
    dequeue(q, 1, "ep");
    Instant t2 = q.advance(Duration.ofSeconds(1));
    // WHEN it is retried with a delay of 5.5 s
    boolean existed = q.repository().retryJob(RetryRequest.of(id, Duration.ofMillis(5_500)));
    // THEN queued, attempts 1, eligible at t2 + 5.5 s, no worker, updated now, heartbeat from the pick, rest kept
    assertThat(existed).isTrue();
    assertThat(job(q, id)).isEqualTo(new Job(id, 2, t0, t2, t1, t2.plusMillis(5_500), JobStatus.QUEUED, "ep",
        Payload.ofUtf8("p"), 1, null, Map.of("h", "v"), "k"));
  }

  @Test
  default void retryCountsAttemptsFromTheStoredValue(TestQueue q) {
    // GIVEN a job retried once
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    q.repository().retryJob(RetryRequest.of(id, Duration.ZERO));
    dequeue(q, 1, "ep");
    // WHEN it is retried again
    q.repository().retryJob(RetryRequest.of(id, Duration.ZERO));
    // THEN attempts is 2 and picking did not change it
    assertThat(job(q, id).attempts()).isEqualTo(2);
    assertThat(dequeue(q, 1, "ep")).extracting(Job::attempts).containsExactly(2);
  }

  @Test
  default void retriedJobIsEligibleExactlyAtTheEndOfItsDelay(TestQueue q) {
    // GIVEN a picked job retried with a 10 s delay
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    q.repository().retryJob(RetryRequest.of(id, Duration.ofSeconds(10)));
    // WHEN the clock reaches 1 µs before the boundary, THEN it is not picked
    q.advance(Duration.ofSeconds(10).minusNanos(1_000));
    assertThat(dequeue(q, 1, "ep")).isEmpty();
    // WHEN the clock reaches the boundary exactly, THEN it is picked (T2)
    q.advance(Duration.ofNanos(1_000));
    assertThat(dequeue(q, 1, "ep")).extracting(Job::id).containsExactly(id);
  }

  @Test
  default void retryWritesOneQueuedLogRowCarryingTheTraceback(TestQueue q) {
    // GIVEN two picked jobs
    List<JobId> jobs = enqueueAll(q, NewJob.of("ep").withPriority(6), NewJob.of("ep").withPriority(6));
    dequeue(q, 2, "ep");
    Instant at = q.advance(Duration.ofSeconds(3));
    TracebackRecord tb = sampleTraceback(jobs.get(0));
    // WHEN one is retried with a traceback and the other without
    q.repository().retryJob(new RetryRequest(jobs.get(0), Duration.ofSeconds(1), tb));
    q.repository().retryJob(RetryRequest.of(jobs.get(1), Duration.ofSeconds(1)));
    // THEN each got one queued row at the call's now, with its traceback or none
    assertThat(log(q, jobs.get(0))).last()
        .isEqualTo(new LogEntry(at, jobs.get(0), JobStatus.QUEUED, 6, "ep", tb, false));
    assertThat(log(q, jobs.get(1))).last()
        .isEqualTo(new LogEntry(at, jobs.get(1), JobStatus.QUEUED, 6, "ep", null, false));
    assertThat(log(q, jobs.get(0))).hasSize(3);
  }

  @Test
  default void retryOfAMissingJobReturnsFalseAndLogsNothing(TestQueue q) {
    // GIVEN a finished job and a log snapshot
    JobId id = q.enqueue("ep");
    q.repository().logJobs(ContractFixtures.successful(id));
    List<LogEntry> before = q.repository().queueLog();
    // WHEN the finished job and a made-up id are retried
    boolean finished = q.repository().retryJob(RetryRequest.of(id, Duration.ZERO));
    boolean madeUp = q.repository().retryJob(RetryRequest.of(JobId.of(77), Duration.ZERO));
    // THEN both report false and nothing changed
    assertThat(finished).isFalse();
    assertThat(madeUp).isFalse();
    assertThat(q.repository().queueLog()).isEqualTo(before);
    assertThat(q.repository().findJob(id)).isEmpty();
  }

  @Test
  default void retryAppliesToQueuedAndHeldJobsToo(TestQueue q) {
    // GIVEN a queued job and a held job
    JobId queued = q.enqueue("a");
    JobId holding = heldJob(q, NewJob.of("b"));
    // WHEN both are retried
    boolean first = q.repository().retryJob(RetryRequest.of(queued, Duration.ZERO));
    boolean second = q.repository().retryJob(RetryRequest.of(holding, Duration.ZERO));
    // THEN both are queued with attempts 1
    assertThat(first).isTrue();
    assertThat(second).isTrue();
    assertThat(List.of(job(q, queued), job(q, holding))).extracting(Job::status, Job::attempts)
        .containsExactly(tuple(JobStatus.QUEUED, 1),
            tuple(JobStatus.QUEUED, 1));
  }

  @Test
  default void retrySendsNoEvent(TestQueue q) {
    // GIVEN a picked job and a recorder
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    EventRecorder events = recordEvents(q);
    // WHEN it is retried
    q.repository().retryJob(RetryRequest.of(id, Duration.ofSeconds(1)));
    // THEN no event was sent (D31)
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void retriedJobKeepsItsDedupeKeyHeld(TestQueue q) {
    // GIVEN a picked job with key "k", retried
    JobId id = q.enqueue(NewJob.of("ep").withDedupeKey("k"));
    dequeue(q, 1, "ep");
    q.repository().retryJob(RetryRequest.of(id, Duration.ofSeconds(1)));
    // WHEN another job with key "k" is enqueued
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.enqueue(NewJob.of("ep").withDedupeKey("k")));
    // THEN it is rejected: the retried job is still active
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).containsExactly("k");
  }

  @Test
  default void retryOfAHeldJobWhoseKeyIsTakenRaisesAndChangesNothing(TestQueue q) {
    // GIVEN a held job with key "k" and a newer active job with key "k"
    JobId holding = heldJob(q, NewJob.of("ep").withDedupeKey("k"));
    JobId active = q.enqueue(NewJob.of("ep").withDedupeKey("k"));
    q.advance(Duration.ofSeconds(1));
    Job heldBefore = job(q, holding);
    Job activeBefore = job(q, active);
    List<LogEntry> logBefore = q.repository().queueLog();
    // WHEN the held job is retried
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.repository().retryJob(RetryRequest.of(holding, Duration.ZERO)));
    // THEN the retry fails with the key and neither job nor the log changed (O4)
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).containsExactly("k");
    assertThat(job(q, holding)).isEqualTo(heldBefore);
    assertThat(job(q, active)).isEqualTo(activeBefore);
    assertThat(q.repository().queueLog()).isEqualTo(logBefore);
  }

  @Test
  default void requeueMovesAHeldJobBackToQueuedEligibleNowWithAttemptsReset(TestQueue q) {
    // GIVEN a job retried once (attempts 1), picked at t1 and held at t2
    Instant t0 = q.now();
    JobId id = q.enqueue(NewJob.of("ep").withPriority(1).withPayload("p").withDedupeKey("k"));
    dequeue(q, 1, "ep");
    q.repository().retryJob(RetryRequest.of(id, Duration.ZERO));
    Instant t1 = q.advance(Duration.ofSeconds(1));
    dequeue(q, 1, "ep");
    q.advance(Duration.ofSeconds(1));
    q.repository().logJobs(held(id));
    Instant t3 = q.advance(Duration.ofSeconds(1));
    // WHEN it is requeued
    int requeued = q.repository().requeueJobs(List.of(id));
    // THEN queued with attempts 0, execute_after = updated = now, no worker, heartbeat kept
    assertThat(requeued).isEqualTo(1);
    assertThat(job(q, id)).isEqualTo(new Job(id, 1, t0, t3, t1, t3, JobStatus.QUEUED, "ep", Payload.ofUtf8("p"), 0,
        null, Map.of(), "k"));
    assertThat(log(q, id)).last().isEqualTo(new LogEntry(t3, id, JobStatus.QUEUED, 1, "ep", null, false));
    assertThat(dequeue(q, 1, "ep")).extracting(Job::id).containsExactly(id);
  }

  @Test
  default void requeueIgnoresQueuedPickedAndUnknownJobs(TestQueue q) {
    // GIVEN a queued job and a picked job
    JobId queued = q.enqueue("a");
    JobId picked = q.enqueue("b");
    dequeue(q, 1, "b");
    List<Job> before = List.of(job(q, queued), job(q, picked));
    List<LogEntry> logBefore = q.repository().queueLog();
    // WHEN they and an unknown id are requeued
    int requeued = q.repository().requeueJobs(List.of(queued, picked, JobId.of(50)));
    // THEN nothing changed
    assertThat(requeued).isZero();
    assertThat(List.of(job(q, queued), job(q, picked))).isEqualTo(before);
    assertThat(q.repository().queueLog()).isEqualTo(logBefore);
  }

  @Test
  default void requeueWritesQueuedLogRowsInJobIdOrder(TestQueue q) {
    // GIVEN three held jobs
    heldJob(q, NewJob.of("ep"));
    heldJob(q, NewJob.of("ep"));
    heldJob(q, NewJob.of("ep"));
    int before = q.repository().queueLog().size();
    // WHEN they are requeued in the order 3, 1, 2
    int requeued = q.repository().requeueJobs(ids(3, 1, 2));
    // THEN the log rows are in job id order (R4, D17)
    assertThat(requeued).isEqualTo(3);
    assertThat(idStatus(after(q.repository().queueLog(), before))).containsExactly("1:queued", "2:queued", "3:queued");
  }

  @Test
  default void requeueNamingAJobTwiceRequeuesItOnce(TestQueue q) {
    // GIVEN a held job
    JobId id = heldJob(q, NewJob.of("ep"));
    // WHEN it is named twice
    int requeued = q.repository().requeueJobs(List.of(id, id));
    // THEN it is requeued once with one log row
    assertThat(requeued).isEqualTo(1);
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.FAILED, JobStatus.QUEUED);
  }

  @Test
  default void requeueClashWithAnActiveJobRaisesWithTheHeldKeysAndRequeuesNothing(TestQueue q) {
    // GIVEN held jobs 1 (key "a"), 2 (key "b"), 3 (no key), an active job 4 with key "a", a queued job 5 (key "z")
    heldJob(q, NewJob.of("ep").withDedupeKey("a"));
    heldJob(q, NewJob.of("ep").withDedupeKey("b"));
    heldJob(q, NewJob.of("ep"));
    q.enqueue(NewJob.of("ep").withDedupeKey("a"));
    q.enqueue(NewJob.of("ep").withDedupeKey("z"));
    List<Job> jobsBefore = List.of(job(q, JobId.of(1)), job(q, JobId.of(2)), job(q, JobId.of(3)), job(q, JobId.of(4)));
    List<LogEntry> logBefore = q.repository().queueLog();
    // WHEN 5, 3, 2 and 1 are requeued
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.repository().requeueJobs(ids(5, 3, 2, 1)));
    // THEN it fails carrying the held jobs' keys in job id order, and nothing was requeued (O5, D23)
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).containsExactly("a", "b", null);
    assertThat(e.clashingKey()).isEqualTo("a");
    assertThat(List.of(job(q, JobId.of(1)), job(q, JobId.of(2)), job(q, JobId.of(3)), job(q, JobId.of(4))))
        .isEqualTo(jobsBefore);
    assertThat(q.repository().queueLog()).isEqualTo(logBefore);
  }

  @Test
  default void requeueClashBetweenTwoRequeuedJobsRaisesAndRequeuesNothing(TestQueue q) {
    // GIVEN two held jobs sharing key "k" (a held job leaves the dedupe rule, so the second was accepted)
    JobId first = heldJob(q, NewJob.of("ep").withDedupeKey("k"));
    JobId second = heldJob(q, NewJob.of("ep").withDedupeKey("k"));
    List<LogEntry> logBefore = q.repository().queueLog();
    // WHEN both are requeued
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.repository().requeueJobs(List.of(second, first)));
    // THEN it fails with both keys and both stay held
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).containsExactly("k", "k");
    assertThat(e.clashingKey()).isEqualTo("k");
    assertThat(List.of(job(q, first), job(q, second))).extracting(Job::status)
        .containsExactly(JobStatus.FAILED, JobStatus.FAILED);
    assertThat(q.repository().queueLog()).isEqualTo(logBefore);
    // AND requeueing only one of them succeeds
    assertThat(q.repository().requeueJobs(List.of(second))).isEqualTo(1);
  }

  @Test
  default void requeueSendsNoEvent(TestQueue q) {
    // GIVEN a held job and a recorder
    JobId id = heldJob(q, NewJob.of("ep"));
    EventRecorder events = recordEvents(q);
    // WHEN it is requeued
    q.repository().requeueJobs(List.of(id));
    // THEN no event was sent (D31)
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void requeuedJobBlocksLaterEnqueuesOfItsKey(TestQueue q) {
    // GIVEN a held job with key "k", requeued
    JobId id = heldJob(q, NewJob.of("ep").withDedupeKey("k"));
    q.repository().requeueJobs(List.of(id));
    // WHEN a job with key "k" is enqueued
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.enqueue(NewJob.of("other").withDedupeKey("k")));
    // THEN it is rejected (D23)
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).isEqualTo(Arrays.asList("k"));
    assertThat(e.clashingKey()).isEqualTo("k");
    assertThat(q.repository().findJob(JobId.of(2))).isEmpty();
  }

  @Test
  default void requeueOfNoIdsReturnsZeroAndLogsNothing(TestQueue q) {
    // GIVEN a held job
    heldJob(q, NewJob.of("ep"));
    List<LogEntry> before = q.repository().queueLog();
    // WHEN nothing is requeued
    int requeued = q.repository().requeueJobs(List.of());
    // THEN nothing changed
    assertThat(requeued).isZero();
    assertThat(q.repository().queueLog()).isEqualTo(before);
    assertThat(job(q, JobId.of(1)).status()).isEqualTo(JobStatus.FAILED);
  }
}
