package dev.pgqueuer.conformance;

import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.FailedJobsQuery;
import static dev.pgqueuer.conformance.ContractFixtures.held;
import static dev.pgqueuer.conformance.ContractFixtures.idStatus;
import static dev.pgqueuer.conformance.ContractFixtures.successful;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.log;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.RetryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules R3, R4 and R5 of {@code docs/semantics.md}: {@code jobStatus} answers from the log (D8), the log is read in
 * write order with defined orders inside one call (D9, D16, D17), and {@code listFailedJobs} has a total order
 * (D10).
 */
public interface StatusContract extends ContractSupport {

  private static JobStatus statusOf(TestQueue q, JobId id) {
    Map<JobId, JobStatus> answer = q.repository().jobStatus(List.of(id));
    assertThat(answer).containsOnlyKeys(id);
    return answer.get(id);
  }

  @Test
  default void jobStatusOfAWaitingJobIsQueued(TestQueue q) {
    JobId id = q.enqueue(NewJob.of("ep").withDelay(Duration.ofHours(1)));
    assertThat(statusOf(q, id)).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void jobStatusOfARunningJobIsPicked(TestQueue q) {
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    assertThat(statusOf(q, id)).isEqualTo(JobStatus.PICKED);
  }

  @Test
  default void jobStatusOfARetriedJobIsQueuedAgain(TestQueue q) {
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    q.advance(Duration.ofSeconds(1));
    q.repository().retryJob(RetryRequest.of(id, Duration.ofSeconds(5)));
    assertThat(statusOf(q, id)).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void jobStatusOfAHeldJobIsFailed(TestQueue q) {
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    q.repository().logJobs(held(id));
    assertThat(statusOf(q, id)).isEqualTo(JobStatus.FAILED);
  }

  @Test
  default void jobStatusOfFinishedJobsIsTheirOutcomeAfterTheRowIsGone(TestQueue q) {
    // GIVEN two finished jobs, one successful and one failed with an exception
    List<JobId> ids = enqueueAll(q, NewJob.of("ep"), NewJob.of("ep"));
    dequeue(q, 2, "ep");
    q.repository().logJobs(List.of(JobOutcome.successful(ids.get(0)), JobOutcome.exception(ids.get(1), null)));
    // THEN the rows are gone and the log still answers
    assertThat(q.repository().findJob(ids.get(0))).isEmpty();
    assertThat(q.repository().jobStatus(ids)).containsExactly(
        Map.entry(ids.get(0), JobStatus.SUCCESSFUL), Map.entry(ids.get(1), JobStatus.EXCEPTION));
  }

  @Test
  default void jobStatusOfACanceledJobIsCanceled(TestQueue q) {
    JobId id = q.enqueue("ep");
    q.repository().cancelJobs(List.of(id));
    assertThat(statusOf(q, id)).isEqualTo(JobStatus.CANCELED);
  }

  @Test
  default void jobStatusOfAJobClearedByEntrypointIsDeleted(TestQueue q) {
    JobId id = q.enqueue("ep");
    q.repository().clearQueue(EntrypointScope.of("ep"));
    assertThat(statusOf(q, id)).isEqualTo(JobStatus.DELETED);
  }

  @Test
  default void jobStatusOfATruncatedJobStaysItsLastLoggedStatus(TestQueue q) {
    // GIVEN a running job, removed by clearing everything, and time passing
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    q.repository().clearQueue(EntrypointScope.all());
    q.advance(Duration.ofDays(1));
    // THEN it still reads as picked
    assertThat(statusOf(q, id)).isEqualTo(JobStatus.PICKED);
  }

  @Test
  default void latestStatusFollowsWriteOrderWhenTimestampsTie(TestQueue q) {
    // GIVEN a frozen clock and a job enqueued, picked, retried, picked, held and requeued at the same instant
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    q.repository().retryJob(RetryRequest.of(id, Duration.ZERO));
    dequeue(q, 1, "ep");
    q.repository().logJobs(held(id));
    q.repository().requeueJobs(List.of(id));
    // THEN all six rows share created, are read in write order, and the last one written wins (R3)
    assertThat(log(q, id)).extracting(LogEntry::created).containsOnly(q.now());
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.QUEUED,
        JobStatus.PICKED, JobStatus.FAILED, JobStatus.QUEUED);
    assertThat(statusOf(q, id)).isEqualTo(JobStatus.QUEUED);
    // AND after a pick and a success in the same instant the answer follows again
    dequeue(q, 1, "ep");
    q.repository().logJobs(successful(id));
    assertThat(statusOf(q, id)).isEqualTo(JobStatus.SUCCESSFUL);
  }

  @Test
  default void jobStatusOmitsIdsWithoutLogRowsAndCollapsesDuplicates(TestQueue q) {
    // GIVEN jobs 1 and 2
    enqueueAll(q, NewJob.of("ep"), NewJob.of("ep"));
    // WHEN asked for 2, 99, 1, 2, 1
    Map<JobId, JobStatus> answer = q.repository().jobStatus(ids(2, 99, 1, 2, 1));
    // THEN the unknown id is absent and each known id appears once
    assertThat(answer)
        .containsExactly(Map.entry(JobId.of(1), JobStatus.QUEUED), Map.entry(JobId.of(2), JobStatus.QUEUED));
    assertThat(q.repository().jobStatus(List.of())).isEmpty();
  }

  @Test
  default void jobStatusIteratesInJobIdOrder(TestQueue q) {
    // GIVEN 40 jobs, of which 40, 35, 17 get later log rows in that order
    List<NewJob> batch = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      batch.add(NewJob.of("ep"));
    }
    q.repository().enqueue(EnqueueRequest.of(batch));
    q.advance(Duration.ofSeconds(1));
    q.repository().cancelJobs(ids(40));
    q.advance(Duration.ofSeconds(1));
    q.repository().logJobs(held(JobId.of(35)));
    q.advance(Duration.ofSeconds(1));
    q.repository().retryJob(RetryRequest.of(JobId.of(17), Duration.ZERO));
    // WHEN asked for 40, 35, 17, 3, 1
    Map<JobId, JobStatus> answer = q.repository().jobStatus(ids(40, 35, 17, 3, 1));
    // THEN keys iterate by job id ascending, not by request order or recency (D8)
    assertThat(answer).containsExactly(
        Map.entry(JobId.of(1), JobStatus.QUEUED),
        Map.entry(JobId.of(3), JobStatus.QUEUED),
        Map.entry(JobId.of(17), JobStatus.QUEUED),
        Map.entry(JobId.of(35), JobStatus.FAILED),
        Map.entry(JobId.of(40), JobStatus.CANCELED));
  }

  @Test
  default void queueLogIsInWriteOrderAcrossCalls(TestQueue q) {
    // GIVEN calls at t0 (enqueue 1, 2), t1 (dequeue), t2 (enqueue 3), t3 (logJobs), t4 (retry)
    Instant t0 = q.now();
    enqueueAll(q, NewJob.of("ep").withPriority(1), NewJob.of("ep"));
    Instant t1 = q.advance(Duration.ofSeconds(1));
    dequeue(q, 1, "ep");
    Instant t2 = q.advance(Duration.ofSeconds(1));
    q.enqueue(NewJob.of("other").withPriority(2));
    Instant t3 = q.advance(Duration.ofSeconds(1));
    q.repository().logJobs(successful(JobId.of(1)));
    Instant t4 = q.advance(Duration.ofSeconds(1));
    q.repository().retryJob(RetryRequest.of(JobId.of(3), Duration.ZERO));
    // THEN the log lists every row in the order it was written (R4, D9)
    assertThat(q.repository().queueLog()).containsExactly(
        new LogEntry(t0, JobId.of(1), JobStatus.QUEUED, 1, "ep", null, false),
        new LogEntry(t0, JobId.of(2), JobStatus.QUEUED, 0, "ep", null, false),
        new LogEntry(t1, JobId.of(1), JobStatus.PICKED, 1, "ep", null, false),
        new LogEntry(t2, JobId.of(3), JobStatus.QUEUED, 2, "other", null, false),
        new LogEntry(t3, JobId.of(1), JobStatus.SUCCESSFUL, 1, "ep", null, false),
        new LogEntry(t4, JobId.of(3), JobStatus.QUEUED, 2, "other", null, false));
  }

  @Test
  default void queueLogOfOneEnqueueFollowsInputOrder(TestQueue q) {
    // WHEN a batch with priorities 0, 5, 1 is enqueued
    enqueueAll(q, NewJob.of("a"), NewJob.of("b").withPriority(5), NewJob.of("a").withPriority(1));
    // THEN its queued rows follow the input order, not the key order
    assertThat(q.repository().queueLog()).extracting(LogEntry::jobId, LogEntry::priority)
        .containsExactly(
            tuple(JobId.of(1), 0),
            tuple(JobId.of(2), 5),
            tuple(JobId.of(3), 1));
  }

  @Test
  default void queueLogOfOneDequeueFollowsKeyOrder(TestQueue q) {
    // GIVEN jobs 1 (a, priority 0), 2 (b, priority 5), 3 (a, priority 1), 4 (a, priority 5)
    enqueueAll(q, NewJob.of("a"), NewJob.of("b").withPriority(5), NewJob.of("a").withPriority(1),
        NewJob.of("a").withPriority(5));
    // WHEN all four are dequeued in one call
    List<Job> claimed = dequeue(q, 4, "a", "b");
    // THEN results and picked rows follow priority descending, then id (R4, D16)
    assertThat(claimed).extracting(Job::id).containsExactlyElementsOf(ids(2, 4, 3, 1));
    assertThat(idStatus(ContractFixtures.after(q.repository().queueLog(), 4)))
        .containsExactly("2:picked", "4:picked", "3:picked", "1:picked");
  }

  @Test
  default void jobLogReturnsOnlyThatJobsRowsInWriteOrder(TestQueue q) {
    // GIVEN two jobs whose log rows interleave
    Instant t0 = q.now();
    enqueueAll(q, NewJob.of("a").withPriority(3), NewJob.of("b"));
    Instant t1 = q.advance(Duration.ofSeconds(1));
    dequeue(q, 2, "a", "b");
    Instant t2 = q.advance(Duration.ofSeconds(1));
    q.repository().logJobs(List.of(JobOutcome.successful(JobId.of(2)), JobOutcome.held(JobId.of(1), null)));
    // THEN each job's log holds exactly its rows, oldest first
    assertThat(log(q, JobId.of(1))).containsExactly(
        new LogEntry(t0, JobId.of(1), JobStatus.QUEUED, 3, "a", null, false),
        new LogEntry(t1, JobId.of(1), JobStatus.PICKED, 3, "a", null, false),
        new LogEntry(t2, JobId.of(1), JobStatus.FAILED, 3, "a", null, false));
    assertThat(statuses(q, JobId.of(2))).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
    assertThat(log(q, JobId.of(3))).isEmpty();
  }

  @Test
  default void listFailedJobsOrdersByCreatedThenIdInBothDirections(TestQueue q) {
    // GIVEN held jobs 1 (created t0), 2 and 3 (one batch at t1), 4 (t2), held in the order 3, 1, 4, 2
    q.enqueue("ep");
    q.advance(Duration.ofSeconds(1));
    enqueueAll(q, NewJob.of("ep"), NewJob.of("ep"));
    q.advance(Duration.ofSeconds(1));
    q.enqueue("ep");
    for (long id : new long[] {3, 1, 4, 2}) {
      q.advance(Duration.ofSeconds(1));
      q.repository().logJobs(held(JobId.of(id)));
    }
    // WHEN listed in both directions
    List<Job> asc = q.repository().listFailedJobs(FailedJobsQuery.oldest(10));
    List<Job> desc = q.repository().listFailedJobs(FailedJobsQuery.newest(10));
    // THEN created then id, both in the requested direction, ties included (R5, D10)
    assertThat(asc).extracting(Job::id).containsExactlyElementsOf(ids(1, 2, 3, 4));
    assertThat(desc).extracting(Job::id).containsExactlyElementsOf(ids(4, 3, 2, 1));
    assertThat(asc).extracting(Job::status).containsOnly(JobStatus.FAILED);
  }

  @Test
  default void listFailedJobsHonoursTheLimitAndListsOnlyHeldJobs(TestQueue q) {
    // GIVEN held jobs 1, 2, 3, a queued job 4 and a picked job 5
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"), NewJob.of("a"), NewJob.of("b"), NewJob.of("c"));
    q.repository().logJobs(ContractFixtures.outcomes(JobStatus.FAILED, ids(1, 2, 3)));
    dequeue(q, 1, "c");
    // WHEN listed with limits 0, 2 and 100
    // THEN none, the first two in each direction, and only the held ones
    assertThat(q.repository().listFailedJobs(FailedJobsQuery.newest(0))).isEmpty();
    assertThat(q.repository().listFailedJobs(FailedJobsQuery.oldest(2))).extracting(Job::id)
        .containsExactlyElementsOf(ids(1, 2));
    assertThat(q.repository().listFailedJobs(FailedJobsQuery.newest(2))).extracting(Job::id)
        .containsExactlyElementsOf(ids(3, 2));
    assertThat(q.repository().listFailedJobs(FailedJobsQuery.oldest(100))).extracting(Job::id)
        .containsExactlyElementsOf(ids(1, 2, 3));
  }
}
