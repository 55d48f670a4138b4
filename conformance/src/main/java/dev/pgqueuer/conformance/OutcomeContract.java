package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractFixtures.idStatus;
import static dev.pgqueuer.conformance.ContractFixtures.sampleTraceback;
import static dev.pgqueuer.conformance.ContractFixtures.successful;
import static dev.pgqueuer.conformance.ContractFixtures.tableEvent;
import static dev.pgqueuer.conformance.ContractSteps.OTHER_WORKER;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.log;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.Payload;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.RetryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule O1 and O3 of {@code docs/semantics.md} ({@code logJobs}): which outcomes delete and which hold the row, when
 * a log row is written (only for rows that existed: D18–D21), where its entrypoint and priority come from (D22),
 * the traceback round trip, the write order, the return count and the {@code delete} event.
 */
public interface OutcomeContract extends ContractSupport {

  private static void assertOutcomeDeletesRowAndLogsIt(TestQueue q, JobStatus status) {
    // GIVEN a picked job
    Instant t0 = q.now();
    JobId id = q.enqueue(NewJob.of("ep").withPriority(4));
    dequeue(q, 1, "ep");
    Instant at = q.advance(Duration.ofSeconds(2));
    // WHEN the outcome is recorded
    int logged = q.repository().logJobs(List.of(new JobOutcome(id, status, null)));
    // THEN the row is gone and exactly one log row with that status was written at the call's now
    assertThat(logged).isEqualTo(1);
    assertThat(q.repository().findJob(id)).isEmpty();
    assertThat(log(q, id)).containsExactly(
        new LogEntry(t0, id, JobStatus.QUEUED, 4, "ep", null, false),
        new LogEntry(t0, id, JobStatus.PICKED, 4, "ep", null, false),
        new LogEntry(at, id, status, 4, "ep", null, false));
  }

  @Test
  default void successfulOutcomeDeletesTheRowAndLogsSuccessful(TestQueue q) {
    assertOutcomeDeletesRowAndLogsIt(q, JobStatus.SUCCESSFUL);
  }

  @Test
  default void exceptionOutcomeDeletesTheRowAndLogsException(TestQueue q) {
    assertOutcomeDeletesRowAndLogsIt(q, JobStatus.EXCEPTION);
  }

  @Test
  default void canceledOutcomeDeletesTheRowAndLogsCanceled(TestQueue q) {
    assertOutcomeDeletesRowAndLogsIt(q, JobStatus.CANCELED);
  }

  @Test
  default void deletedOutcomeDeletesTheRowAndLogsDeleted(TestQueue q) {
    assertOutcomeDeletesRowAndLogsIt(q, JobStatus.DELETED);
  }

  @Test
  default void heldOutcomeKeepsTheRowAsFailedWithWorkerClearedAndUpdatedNow(TestQueue q) {
    // GIVEN a job with payload, headers and key, retried once (attempts 1), then picked again at t2
    Instant t0 = q.now();
    JobId id = q.enqueue(NewJob.of("ep").withPriority(3).withPayload("p").withHeaders(Map.of("h", "v"))
        .withDedupeKey("k"));
    Instant t1 = q.advance(Duration.ofSeconds(1));
    dequeue(q, 1, "ep");
    q.repository().retryJob(RetryRequest.of(id, Duration.ZERO));
    Instant t2 = q.advance(Duration.ofSeconds(1));
    dequeue(q, 1, "ep");
    Instant t3 = q.advance(Duration.ofSeconds(1));
    TracebackRecord tb = sampleTraceback(id);
    // WHEN the job is held
    int logged = q.repository().logJobs(List.of(JobOutcome.held(id, tb)));
    // THEN the row stays: failed, no worker, updated now; heartbeat, attempts, payload, headers and key kept
    assertThat(logged).isEqualTo(1);
    assertThat(job(q, id)).isEqualTo(new Job(id, 3, t0, t3, t2, t1, JobStatus.FAILED, "ep", Payload.ofUtf8("p"), 1,
        null, Map.of("h", "v"), "k"));
    assertThat(log(q, id)).last().isEqualTo(new LogEntry(t3, id, JobStatus.FAILED, 3, "ep", tb, false));
  }

  @Test
  default void heldOutcomeReleasesTheDedupeKeyForNewJobs(TestQueue q) {
    // GIVEN a picked job with key "k"
    JobId held = q.enqueue(NewJob.of("ep").withDedupeKey("k"));
    dequeue(q, 1, "ep");
    // WHEN it is held
    q.repository().logJobs(List.of(JobOutcome.held(held, null)));
    // THEN a new job with key "k" is accepted while the held one still exists
    JobId fresh = q.enqueue(NewJob.of("ep").withDedupeKey("k"));
    assertThat(fresh).isEqualTo(JobId.of(2));
    assertThat(job(q, held).status()).isEqualTo(JobStatus.FAILED);
    assertThat(job(q, fresh).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void outcomeForAMadeUpIdWritesNoLogRow(TestQueue q) {
    // GIVEN one real job
    q.enqueue("ep");
    List<LogEntry> before = q.repository().queueLog();
    // WHEN outcomes are recorded for ids that never existed
    int logged = q.repository().logJobs(
        List.of(JobOutcome.successful(JobId.of(999)), JobOutcome.held(JobId.of(998), null)));
    // THEN nothing was logged or created (D18)
    assertThat(logged).isZero();
    assertThat(q.repository().queueLog()).isEqualTo(before);
    assertThat(log(q, JobId.of(999))).isEmpty();
    assertThat(q.repository().findJob(JobId.of(998))).isEmpty();
  }

  @Test
  default void repeatedCompletionWritesNothingTheSecondTime(TestQueue q) {
    // GIVEN a job that completed
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    assertThat(q.repository().logJobs(successful(id))).isEqualTo(1);
    // WHEN it is completed again (as exception this time)
    int second = q.repository().logJobs(List.of(JobOutcome.exception(id, sampleTraceback(id))));
    // THEN no second terminal row exists and the status stays successful (D19, D20)
    assertThat(second).isZero();
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
    assertThat(q.repository().jobStatus(List.of(id))).containsExactly(Map.entry(id, JobStatus.SUCCESSFUL));
  }

  @Test
  default void staleRepickThenBothWorkersCompletingWritesOneTerminalRow(TestQueue q) {
    // GIVEN a job picked by the first worker and re-picked as stale by the second after 30 s
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    q.advance(Duration.ofSeconds(30));
    List<Job> repicked = dequeue(q, DequeueRequest.builder(OTHER_WORKER).entrypoint("ep").build());
    assertThat(repicked).extracting(Job::worker).containsExactly(OTHER_WORKER);
    // WHEN the slow first worker completes, then the second one does
    int first = q.repository().logJobs(successful(id));
    int second = q.repository().logJobs(successful(id));
    // THEN only the first completion is logged (D21)
    assertThat(first).isEqualTo(1);
    assertThat(second).isZero();
    assertThat(statuses(q, id))
        .containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  default void logRowTakesEntrypointAndPriorityFromTheStoredRow(TestQueue q) {
    // GIVEN jobs of two entrypoints and priorities
    JobId a = q.enqueue(NewJob.of("alpha").withPriority(-5));
    JobId b = q.enqueue(NewJob.of("beta").withPriority(9));
    // WHEN outcomes naming only the ids are recorded
    q.repository().logJobs(List.of(JobOutcome.successful(b), JobOutcome.exception(a, null)));
    // THEN each log row carries its own job's stored entrypoint and priority (D22)
    assertThat(log(q, a)).last().extracting(LogEntry::entrypoint, LogEntry::priority).containsExactly("alpha", -5);
    assertThat(log(q, b)).last().extracting(LogEntry::entrypoint, LogEntry::priority).containsExactly("beta", 9);
  }

  @Test
  default void tracebackRoundTripsEveryField(TestQueue q) {
    // GIVEN two picked jobs
    List<JobId> ids = enqueueAll(q, NewJob.of("ep"), NewJob.of("ep"));
    dequeue(q, 2, "ep");
    TracebackRecord deleting = sampleTraceback(ids.get(0));
    TracebackRecord holding = new TracebackRecord(ids.get(1), Instant.parse("2026-01-01T00:00:00.000001Z"),
        "Error", "", "", Map.of());
    // WHEN their failures are recorded with tracebacks
    q.repository().logJobs(List.of(JobOutcome.exception(ids.get(0), deleting), JobOutcome.held(ids.get(1), holding)));
    // THEN the log returns equal records: job id, timestamp, type, message, trace, additional context
    TracebackRecord read = log(q, ids.get(0)).get(2).traceback();
    assertThat(read).isEqualTo(deleting);
    assertThat(read.additionalContext()).containsOnly(
        Map.entry("attempt", "2"), Map.entry("host", "worker-7"), Map.entry("empty", ""));
    assertThat(log(q, ids.get(1)).get(2).traceback()).isEqualTo(holding);
  }

  @Test
  default void logRowsAreWrittenInArgumentOrder(TestQueue q) {
    // GIVEN three picked jobs
    enqueueAll(q, NewJob.of("ep"), NewJob.of("ep"), NewJob.of("ep"));
    dequeue(q, 3, "ep");
    int before = q.repository().queueLog().size();
    // WHEN outcomes are recorded in the order 3, 1, 2
    q.repository().logJobs(List.of(JobOutcome.successful(JobId.of(3)), JobOutcome.exception(JobId.of(1), null),
        JobOutcome.held(JobId.of(2), null)));
    // THEN the log rows follow that order (R4)
    assertThat(idStatus(ContractFixtures.after(q.repository().queueLog(), before)))
        .containsExactly("3:successful", "1:exception", "2:failed");
  }

  @Test
  default void logJobsReturnsTheNumberOfJobsThatExisted(TestQueue q) {
    // GIVEN jobs 1 and 2, job 2 already finished
    enqueueAll(q, NewJob.of("ep"), NewJob.of("ep"));
    q.repository().logJobs(successful(JobId.of(2)));
    // WHEN outcomes name 1, 2 and the unknown 7
    int logged = q.repository().logJobs(ContractFixtures.outcomes(JobStatus.DELETED, ids(7, 2, 1)));
    // THEN only job 1 counted and was logged
    assertThat(logged).isEqualTo(1);
    assertThat(statuses(q, JobId.of(1))).containsExactly(JobStatus.QUEUED, JobStatus.DELETED);
    assertThat(statuses(q, JobId.of(2))).containsExactly(JobStatus.QUEUED, JobStatus.SUCCESSFUL);
  }

  @Test
  default void nonEmptyLogJobsSendsOneDeleteEventEvenWhenNothingMatched(TestQueue q) {
    // GIVEN a recorder and no jobs
    EventRecorder events = recordEvents(q);
    q.advance(Duration.ofMillis(5));
    // WHEN an outcome names an unknown id
    q.repository().logJobs(successful(JobId.of(42)));
    // THEN one delete event was sent, at the call's now (O3)
    assertThat(events.settle()).containsExactly(tableEvent(q.repository(), TableOperation.DELETE, q.now()));
  }

  @Test
  default void logJobsHoldingOnlyStillSendsOneDeleteEvent(TestQueue q) {
    // GIVEN two picked jobs and a recorder
    enqueueAll(q, NewJob.of("ep"), NewJob.of("ep"));
    dequeue(q, 2, "ep");
    EventRecorder events = recordEvents(q);
    // WHEN both are held (no row deleted)
    q.repository().logJobs(List.of(JobOutcome.held(JobId.of(1), null), JobOutcome.held(JobId.of(2), null)));
    // THEN exactly one delete event was sent
    assertThat(events.settle()).containsExactly(tableEvent(q.repository(), TableOperation.DELETE, q.now()));
  }

  @Test
  default void emptyLogJobsDoesNothing(TestQueue q) {
    // GIVEN a job and a recorder
    q.enqueue("ep");
    List<LogEntry> before = q.repository().queueLog();
    EventRecorder events = recordEvents(q);
    // WHEN no outcomes are recorded
    int logged = q.repository().logJobs(List.of());
    // THEN nothing is logged and no event is sent
    assertThat(logged).isZero();
    assertThat(q.repository().queueLog()).isEqualTo(before);
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void outcomesNeedNoOwnershipAndApplyToAnyStoredStatus(TestQueue q) {
    // GIVEN a queued job, a job picked by the other worker and a held job
    List<JobId> ids = enqueueAll(q, NewJob.of("a"), NewJob.of("b"), NewJob.of("c"));
    dequeue(q, DequeueRequest.builder(OTHER_WORKER).entrypoint("b").build());
    dequeue(q, 1, "c");
    q.repository().logJobs(List.of(JobOutcome.held(ids.get(2), null)));
    // WHEN outcomes are recorded for all three (by a caller that owns none of them)
    int logged = q.repository().logJobs(List.of(JobOutcome.successful(ids.get(0)),
        JobOutcome.exception(ids.get(1), null), JobOutcome.successful(ids.get(2))));
    // THEN every row is gone and logged
    assertThat(logged).isEqualTo(3);
    assertThat(ids).allSatisfy(id -> assertThat(q.repository().findJob(id)).isEmpty());
    assertThat(q.repository().jobStatus(ids)).containsExactly(Map.entry(ids.get(0), JobStatus.SUCCESSFUL),
        Map.entry(ids.get(1), JobStatus.EXCEPTION), Map.entry(ids.get(2), JobStatus.SUCCESSFUL));
  }
}
