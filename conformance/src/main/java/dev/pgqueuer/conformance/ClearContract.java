package dev.pgqueuer.conformance;

import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.FailedJobsQuery;
import static dev.pgqueuer.conformance.ContractFixtures.after;
import static dev.pgqueuer.conformance.ContractFixtures.held;
import static dev.pgqueuer.conformance.ContractFixtures.successful;
import static dev.pgqueuer.conformance.ContractFixtures.tableEvent;
import static dev.pgqueuer.conformance.ContractSteps.OTHER_WORKER;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule O7 of {@code docs/semantics.md} ({@code clearQueue}): clearing entrypoints deletes their jobs of any status
 * with {@code deleted} log rows in job id order (D17) and a {@code delete} event; clearing everything deletes without
 * log rows, sends {@code truncate}, keeps the last logged status and does not reset ids. (The rejection of an empty
 * entrypoint set is a property of {@link EntrypointScope} and is pinned with the bad-input rules.)
 */
public interface ClearContract extends ContractSupport {

  @Test
  default void clearingEntrypointsDeletesTheirJobsOfEveryStatusAndLeavesOthersUntouched(TestQueue q) {
    // GIVEN entrypoint a with a queued, a picked, a held and a deferred job; entrypoint b with a queued and a picked
    JobId aQueued = q.enqueue("a");
    JobId aPicked = q.enqueue("a");
    dequeue(q, 1, "a");
    JobId aHeld = q.enqueue("a");
    q.repository().logJobs(held(aHeld));
    JobId aDeferred = q.enqueue(NewJob.of("a").withDelay(Duration.ofDays(1)));
    JobId bQueued = q.enqueue("b");
    JobId bPicked = q.enqueue("b");
    dequeue(q, DequeueRequest.builder(OTHER_WORKER).entrypoint("b").build());
    List<Job> bBefore = List.of(job(q, bQueued), job(q, bPicked));
    // WHEN entrypoint a is cleared
    q.repository().clearQueue(EntrypointScope.of("a"));
    // THEN every job of a is gone and b's jobs are unchanged
    assertThat(List.of(aQueued, aPicked, aHeld, aDeferred))
        .allSatisfy(id -> assertThat(q.repository().findJob(id)).isEmpty());
    assertThat(List.of(job(q, bQueued), job(q, bPicked))).isEqualTo(bBefore);
  }

  @Test
  default void clearingEntrypointsWritesDeletedRowsInJobIdOrder(TestQueue q) {
    // GIVEN jobs 1 (a, priority 3), 2 (b), 3 (c, priority 1), 4 (a), 5 (c, priority 7), job 5 picked
    enqueueAll(q, NewJob.of("a").withPriority(3), NewJob.of("b"), NewJob.of("c").withPriority(1), NewJob.of("a"),
        NewJob.of("c").withPriority(7));
    dequeue(q, 1, "c");
    int before = q.repository().queueLog().size();
    Instant at = q.advance(Duration.ofSeconds(1));
    // WHEN c and a are cleared
    q.repository().clearQueue(EntrypointScope.of("c", "a"));
    // THEN one deleted row per job, in job id order, with the stored entrypoint and priority
    assertThat(after(q.repository().queueLog(), before)).containsExactly(
        new LogEntry(at, JobId.of(1), JobStatus.DELETED, 3, "a", null, false),
        new LogEntry(at, JobId.of(3), JobStatus.DELETED, 1, "c", null, false),
        new LogEntry(at, JobId.of(4), JobStatus.DELETED, 0, "a", null, false),
        new LogEntry(at, JobId.of(5), JobStatus.DELETED, 7, "c", null, false));
    assertThat(job(q, JobId.of(2)).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void clearingEntrypointsSendsOneDeleteEventEvenWhenNothingMatched(TestQueue q) {
    // GIVEN two jobs of a and a recorder
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"));
    EventRecorder events = recordEvents(q);
    Instant first = q.advance(Duration.ofSeconds(1));
    // WHEN a is cleared, then the job-less entrypoint z
    q.repository().clearQueue(EntrypointScope.of("a"));
    Instant second = q.advance(Duration.ofSeconds(1));
    q.repository().clearQueue(EntrypointScope.of("z"));
    // THEN each call sent exactly one delete event
    assertThat(events.settle()).containsExactly(
        tableEvent(q.repository(), TableOperation.DELETE, first),
        tableEvent(q.repository(), TableOperation.DELETE, second));
  }

  @Test
  default void clearingEntrypointsSetsTheirJobStatusToDeletedForGood(TestQueue q) {
    // GIVEN a running job of a
    JobId id = q.enqueue("a");
    dequeue(q, 1, "a");
    // WHEN a is cleared and the worker later reports success
    q.repository().clearQueue(EntrypointScope.of("a"));
    int logged = q.repository().logJobs(successful(id));
    // THEN the completion wrote nothing and the job stays deleted (D20)
    assertThat(logged).isZero();
    assertThat(q.repository().jobStatus(List.of(id))).containsExactly(Map.entry(id, JobStatus.DELETED));
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.DELETED);
  }

  @Test
  default void clearingEverythingDeletesAllJobsWithoutLogRows(TestQueue q) {
    // GIVEN a queued, a picked and a held job of different entrypoints
    enqueueAll(q, NewJob.of("a"), NewJob.of("b"), NewJob.of("c"));
    dequeue(q, 1, "b");
    q.repository().logJobs(held(JobId.of(3)));
    List<LogEntry> before = q.repository().queueLog();
    // WHEN everything is cleared
    q.repository().clearQueue(EntrypointScope.all());
    // THEN no job is left, the log is unchanged
    assertThat(q.repository().queueSize()).isEmpty();
    assertThat(q.repository().listFailedJobs(FailedJobsQuery.oldest(10))).isEmpty();
    assertThat(q.repository().findJob(JobId.of(2))).isEmpty();
    assertThat(q.repository().queueLog()).isEqualTo(before);
  }

  @Test
  default void clearingEverythingSendsOneTruncateEventEvenOnAnEmptyQueue(TestQueue q) {
    // GIVEN a job and a recorder
    q.enqueue("a");
    EventRecorder events = recordEvents(q);
    Instant first = q.advance(Duration.ofSeconds(1));
    // WHEN everything is cleared twice
    q.repository().clearQueue(EntrypointScope.all());
    Instant second = q.advance(Duration.ofSeconds(1));
    q.repository().clearQueue(EntrypointScope.all());
    // THEN each call sent one truncate event
    assertThat(events.settle()).containsExactly(
        tableEvent(q.repository(), TableOperation.TRUNCATE, first),
        tableEvent(q.repository(), TableOperation.TRUNCATE, second));
  }

  @Test
  default void clearingEverythingKeepsTheLastLoggedStatusOfEachJob(TestQueue q) {
    // GIVEN a queued, a picked and a held job
    List<JobId> ids = enqueueAll(q, NewJob.of("a"), NewJob.of("b"), NewJob.of("c"));
    dequeue(q, 1, "b");
    q.repository().logJobs(held(ids.get(2)));
    // WHEN everything is cleared
    q.repository().clearQueue(EntrypointScope.all());
    // THEN their statuses are still the last ones logged
    assertThat(q.repository().jobStatus(ids)).containsExactly(Map.entry(ids.get(0), JobStatus.QUEUED),
        Map.entry(ids.get(1), JobStatus.PICKED), Map.entry(ids.get(2), JobStatus.FAILED));
  }

  @Test
  default void clearingEverythingDoesNotResetIds(TestQueue q) {
    // GIVEN two jobs, then everything cleared
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"));
    q.repository().clearQueue(EntrypointScope.all());
    // WHEN a job is enqueued
    JobId next = q.enqueue("a");
    // THEN ids continue at 3
    assertThat(next).isEqualTo(JobId.of(3));
  }

  @Test
  default void jobsAndTheirKeysCanBeEnqueuedAgainAfterClearing(TestQueue q) {
    // GIVEN picked jobs with keys "x" (entrypoint a) and "y" (entrypoint b)
    enqueueAll(q, NewJob.of("a").withDedupeKey("x"), NewJob.of("b").withDedupeKey("y"));
    dequeue(q, 2, "a", "b");
    // WHEN a is cleared and x re-enqueued, then everything is cleared and y re-enqueued
    q.repository().clearQueue(EntrypointScope.of("a"));
    JobId x = q.enqueue(NewJob.of("a").withDedupeKey("x"));
    q.repository().clearQueue(EntrypointScope.all());
    JobId y = q.enqueue(NewJob.of("b").withDedupeKey("y"));
    // THEN both enqueues were accepted and the new job is dequeued normally
    assertThat(List.of(x, y)).containsExactly(JobId.of(3), JobId.of(4));
    assertThat(dequeue(q, 5, "a", "b")).extracting(Job::id).containsExactly(y);
  }
}
