package dev.pgqueuer.conformance;

import dev.pgqueuer.port.FailedJobsQuery;
import static dev.pgqueuer.conformance.ContractFixtures.after;
import static dev.pgqueuer.conformance.ContractFixtures.held;
import static dev.pgqueuer.conformance.ContractFixtures.successful;
import static dev.pgqueuer.conformance.ContractFixtures.tableEvent;
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
  default void clearingEntrypointsDeletesTheirJobsOfEveryStatusAndLeavesOthersUntouched(ContractQueue q) {
    // GIVEN entrypoint a with a queued, a picked, a held and a deferred job; entrypoint b with a queued and a picked
    JobId aQueued = q.enqueue("a");
    JobId aPicked = q.enqueue("a");
    q.dequeue(1, "a");
    JobId aHeld = q.enqueue("a");
    q.repo().logJobs(held(aHeld));
    JobId aDeferred = q.enqueue(NewJob.of("a").withDelay(Duration.ofDays(1)));
    JobId bQueued = q.enqueue("b");
    JobId bPicked = q.enqueue("b");
    q.dequeue(DequeueRequest.builder(q.otherWorker()).entrypoint("b").build());
    List<Job> bBefore = List.of(q.job(bQueued), q.job(bPicked));
    // WHEN entrypoint a is cleared
    q.repo().clearQueue(EntrypointScope.of("a"));
    // THEN every job of a is gone and b's jobs are unchanged
    assertThat(List.of(aQueued, aPicked, aHeld, aDeferred))
        .allSatisfy(id -> assertThat(q.repo().findJob(id)).isEmpty());
    assertThat(List.of(q.job(bQueued), q.job(bPicked))).isEqualTo(bBefore);
  }

  @Test
  default void clearingEntrypointsWritesDeletedRowsInJobIdOrder(ContractQueue q) {
    // GIVEN jobs 1 (a, priority 3), 2 (b), 3 (c, priority 1), 4 (a), 5 (c, priority 7), job 5 picked
    q.enqueueAll(NewJob.of("a").withPriority(3), NewJob.of("b"), NewJob.of("c").withPriority(1), NewJob.of("a"),
        NewJob.of("c").withPriority(7));
    q.dequeue(1, "c");
    int before = q.repo().queueLog().size();
    Instant at = q.advance(Duration.ofSeconds(1));
    // WHEN c and a are cleared
    q.repo().clearQueue(EntrypointScope.of("c", "a"));
    // THEN one deleted row per job, in job id order, with the stored entrypoint and priority
    assertThat(after(q.repo().queueLog(), before)).containsExactly(
        new LogEntry(at, JobId.of(1), JobStatus.DELETED, 3, "a", null, false),
        new LogEntry(at, JobId.of(3), JobStatus.DELETED, 1, "c", null, false),
        new LogEntry(at, JobId.of(4), JobStatus.DELETED, 0, "a", null, false),
        new LogEntry(at, JobId.of(5), JobStatus.DELETED, 7, "c", null, false));
    assertThat(q.job(JobId.of(2)).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void clearingEntrypointsSendsOneDeleteEventEvenWhenNothingMatched(ContractQueue q) {
    // GIVEN two jobs of a and a recorder
    q.enqueueAll(NewJob.of("a"), NewJob.of("a"));
    EventRecorder events = q.recordEvents();
    Instant first = q.advance(Duration.ofSeconds(1));
    // WHEN a is cleared, then the job-less entrypoint z
    q.repo().clearQueue(EntrypointScope.of("a"));
    Instant second = q.advance(Duration.ofSeconds(1));
    q.repo().clearQueue(EntrypointScope.of("z"));
    // THEN each call sent exactly one delete event
    assertThat(events.settle()).containsExactly(
        tableEvent(q.repo(), TableOperation.DELETE, first),
        tableEvent(q.repo(), TableOperation.DELETE, second));
  }

  @Test
  default void clearingEntrypointsSetsTheirJobStatusToDeletedForGood(ContractQueue q) {
    // GIVEN a running job of a
    JobId id = q.enqueue("a");
    q.dequeue(1, "a");
    // WHEN a is cleared and the worker later reports success
    q.repo().clearQueue(EntrypointScope.of("a"));
    int logged = q.repo().logJobs(successful(id));
    // THEN the completion wrote nothing and the job stays deleted (D20)
    assertThat(logged).isZero();
    assertThat(q.repo().jobStatus(List.of(id))).containsExactly(Map.entry(id, JobStatus.DELETED));
    assertThat(q.statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.DELETED);
  }

  @Test
  default void clearingEverythingDeletesAllJobsWithoutLogRows(ContractQueue q) {
    // GIVEN a queued, a picked and a held job of different entrypoints
    q.enqueueAll(NewJob.of("a"), NewJob.of("b"), NewJob.of("c"));
    q.dequeue(1, "b");
    q.repo().logJobs(held(JobId.of(3)));
    List<LogEntry> before = q.repo().queueLog();
    // WHEN everything is cleared
    q.repo().clearQueue(EntrypointScope.all());
    // THEN no job is left, the log is unchanged
    assertThat(q.repo().queueSize()).isEmpty();
    assertThat(q.repo().listFailedJobs(FailedJobsQuery.oldest(10))).isEmpty();
    assertThat(q.repo().findJob(JobId.of(2))).isEmpty();
    assertThat(q.repo().queueLog()).isEqualTo(before);
  }

  @Test
  default void clearingEverythingSendsOneTruncateEventEvenOnAnEmptyQueue(ContractQueue q) {
    // GIVEN a job and a recorder
    q.enqueue("a");
    EventRecorder events = q.recordEvents();
    Instant first = q.advance(Duration.ofSeconds(1));
    // WHEN everything is cleared twice
    q.repo().clearQueue(EntrypointScope.all());
    Instant second = q.advance(Duration.ofSeconds(1));
    q.repo().clearQueue(EntrypointScope.all());
    // THEN each call sent one truncate event
    assertThat(events.settle()).containsExactly(
        tableEvent(q.repo(), TableOperation.TRUNCATE, first),
        tableEvent(q.repo(), TableOperation.TRUNCATE, second));
  }

  @Test
  default void clearingEverythingKeepsTheLastLoggedStatusOfEachJob(ContractQueue q) {
    // GIVEN a queued, a picked and a held job
    List<JobId> ids = q.enqueueAll(NewJob.of("a"), NewJob.of("b"), NewJob.of("c"));
    q.dequeue(1, "b");
    q.repo().logJobs(held(ids.get(2)));
    // WHEN everything is cleared
    q.repo().clearQueue(EntrypointScope.all());
    // THEN their statuses are still the last ones logged
    assertThat(q.repo().jobStatus(ids)).containsExactly(Map.entry(ids.get(0), JobStatus.QUEUED),
        Map.entry(ids.get(1), JobStatus.PICKED), Map.entry(ids.get(2), JobStatus.FAILED));
  }

  @Test
  default void clearingEverythingDoesNotResetIds(ContractQueue q) {
    // GIVEN two jobs, then everything cleared
    q.enqueueAll(NewJob.of("a"), NewJob.of("a"));
    q.repo().clearQueue(EntrypointScope.all());
    // WHEN a job is enqueued
    JobId next = q.enqueue("a");
    // THEN ids continue at 3
    assertThat(next).isEqualTo(JobId.of(3));
  }

  @Test
  default void jobsAndTheirKeysCanBeEnqueuedAgainAfterClearing(ContractQueue q) {
    // GIVEN picked jobs with keys "x" (entrypoint a) and "y" (entrypoint b)
    q.enqueueAll(NewJob.of("a").withDedupeKey("x"), NewJob.of("b").withDedupeKey("y"));
    q.dequeue(2, "a", "b");
    // WHEN a is cleared and x re-enqueued, then everything is cleared and y re-enqueued
    q.repo().clearQueue(EntrypointScope.of("a"));
    JobId x = q.enqueue(NewJob.of("a").withDedupeKey("x"));
    q.repo().clearQueue(EntrypointScope.all());
    JobId y = q.enqueue(NewJob.of("b").withDedupeKey("y"));
    // THEN both enqueues were accepted and the new job is dequeued normally
    assertThat(List.of(x, y)).containsExactly(JobId.of(3), JobId.of(4));
    assertThat(q.dequeue(5, "a", "b")).extracting(Job::id).containsExactly(y);
  }
}
