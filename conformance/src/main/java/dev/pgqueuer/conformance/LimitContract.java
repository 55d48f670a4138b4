package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.OTHER_WORKER;
import static dev.pgqueuer.conformance.ContractSteps.WORKER;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.dequeueRequest;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.idsOf;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.RetryRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fleet-wide per-entrypoint concurrency limits (Q2, Q3) and the per-worker budget (Q5, D3). Sequential calls only;
 * overlapping dequeues on PostgreSQL are pinned by {@code PostgresConcurrentLimitTest}.
 */
public interface LimitContract extends ContractSupport {

  @Test
  default void limitOneAllowsOnePickedJobAtATime(TestQueue q) {
    // GIVEN
    enqueue(q, "e", 3);
    // WHEN
    List<Job> first = dequeue(q, limited(WORKER, 10, "e", 1));
    List<Job> second = dequeue(q, limited(WORKER, 10, "e", 1));
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(1));
    assertThat(second).isEmpty();
  }

  @Test
  default void limitTwoCapsTheBatch(TestQueue q) {
    // GIVEN
    enqueue(q, "e", 5);
    // WHEN
    List<Job> first = dequeue(q, limited(WORKER, 10, "e", 2));
    List<Job> second = dequeue(q, limited(WORKER, 10, "e", 2));
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(1, 2));
    assertThat(second).isEmpty();
  }

  @Test
  default void limitedEntrypointClaimsItsHighestPriorityJobs(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withPriority(1), NewJob.of("e").withPriority(8), NewJob.of("e").withPriority(3));
    // WHEN / THEN
    assertThat(idsOf(dequeue(q, limited(WORKER, 10, "e", 2)))).isEqualTo(ids(2, 3));
  }

  @Test
  default void limitLargerThanTheBatchLeavesTheBatchInCharge(TestQueue q) {
    // GIVEN
    enqueue(q, "e", 5);
    // WHEN / THEN
    assertThat(idsOf(dequeue(q, limited(WORKER, 2, "e", 4)))).isEqualTo(ids(1, 2));
    assertThat(idsOf(dequeue(q, limited(WORKER, 5, "e", 4)))).isEqualTo(ids(3, 4));
  }

  @Test
  default void limitZeroMeansUnlimited(TestQueue q) {
    // GIVEN
    enqueue(q, "e", 4);
    // WHEN / THEN
    assertThat(idsOf(dequeue(q, limited(WORKER, 10, "e", 0)))).isEqualTo(ids(1, 2, 3, 4));
  }

  @Test
  default void limitCountsJobsPickedByOtherWorkers(TestQueue q) {
    // GIVEN the other worker holds one job of e
    enqueue(q, "e", 4);
    dequeue(q, limited(OTHER_WORKER, 1, "e", 3));
    // WHEN
    List<Job> got = dequeue(q, limited(WORKER, 10, "e", 3));
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2, 3));
  }

  @Test
  default void limitCountsJobsPickedWithoutALimit(TestQueue q) {
    // GIVEN three jobs of e were picked by an unlimited dequeue
    enqueue(q, "e", 5);
    dequeue(q, DequeueRequest.builder(OTHER_WORKER).entrypoint("e").batchSize(3).build());
    // WHEN the limit is already exceeded, or exactly filled
    List<Job> overfilled = dequeue(q, limited(WORKER, 10, "e", 2));
    List<Job> filled = dequeue(q, limited(WORKER, 10, "e", 3));
    // THEN
    assertThat(overfilled).isEmpty();
    assertThat(filled).isEmpty();
    assertThat(idsOf(dequeue(q, limited(WORKER, 10, "e", 4)))).isEqualTo(ids(4));
  }

  @Test
  default void twoLimitedEntrypointsAreCountedSeparately(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"), NewJob.of("b").withPriority(1), NewJob.of("b").withPriority(1),
        NewJob.of("a"));
    DequeueRequest request = dequeueRequest().batchSize(10).entrypoint("a", 1).entrypoint("b", 1).build();
    // WHEN
    List<Job> first = dequeue(q, request);
    List<Job> second = dequeue(q, request);
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(3, 1));
    assertThat(second).isEmpty();
  }

  @Test
  default void fullLimitedEntrypointDoesNotBlockAnother(TestQueue q) {
    // GIVEN a is at its limit
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"), NewJob.of("b"));
    dequeue(q, limited(OTHER_WORKER, 1, "a", 1));
    DequeueRequest request = dequeueRequest().batchSize(10).entrypoint("a", 1).entrypoint("b", 1).build();
    // WHEN / THEN
    assertThat(idsOf(dequeue(q, request))).isEqualTo(ids(3));
  }

  @Test
  default void limitedEntrypointDoesNotShrinkAnUnlimitedOnesBatch(TestQueue q) {
    // GIVEN urgent jobs of the limited entrypoint a, plain jobs of the unlimited b
    enqueueAll(q, NewJob.of("a").withPriority(9), NewJob.of("a").withPriority(9), NewJob.of("a").withPriority(9));
    enqueue(q, "b", 4);
    DequeueRequest request = dequeueRequest().batchSize(4).entrypoint("a", 1).entrypoint("b").build();
    // WHEN
    List<Job> got = dequeue(q, request);
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(1, 4, 5, 6));
  }

  @Test
  default void workerBudgetCapsClaimsAcrossCalls(TestQueue q) {
    // GIVEN
    enqueue(q, "e", 10);
    DequeueRequest request = dequeueRequest().batchSize(4).entrypoint("e").workerLimit(5).build();
    // WHEN
    List<Job> first = dequeue(q, request);
    List<Job> second = dequeue(q, request);
    List<Job> third = dequeue(q, request);
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(1, 2, 3, 4));
    assertThat(idsOf(second)).isEqualTo(ids(5));
    assertThat(third).isEmpty();
  }

  @Test
  default void workerBudgetCountsOnlyTheRequestedEntrypoints(TestQueue q) {
    // GIVEN the worker holds one job of s
    enqueueAll(q, NewJob.of("s"), NewJob.of("a"));
    dequeue(q, 1, "s");
    // WHEN it asks for a with budget 1
    List<Job> got = dequeue(q, dequeueRequest().batchSize(5).entrypoint("a").workerLimit(1).build());
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2));
  }

  @Test
  default void workerBudgetCountsThisWorkersJobsOfTheRequestedEntrypoints(TestQueue q) {
    // GIVEN the worker holds one job of s
    enqueueAll(q, NewJob.of("s"), NewJob.of("a"), NewJob.of("a"));
    dequeue(q, 1, "s");
    // WHEN it asks for a and s with budget 2
    List<Job> got = dequeue(q, dequeueRequest().batchSize(5).entrypoint("a").entrypoint("s").workerLimit(2).build());
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2));
  }

  @Test
  default void workerBudgetIgnoresOtherWorkersJobs(TestQueue q) {
    // GIVEN
    enqueue(q, "e", 4);
    dequeue(q, DequeueRequest.builder(OTHER_WORKER).entrypoint("e").batchSize(2).build());
    // WHEN
    List<Job> got = dequeue(q, dequeueRequest().batchSize(5).entrypoint("e").workerLimit(2).build());
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(3, 4));
  }

  @Test
  default void workerBudgetCountsThisWorkersStaleJobs(TestQueue q) {
    // GIVEN the worker's only job went stale
    enqueue(q, "e", 2);
    dequeue(q, 1, "e");
    q.advance(Duration.ofSeconds(60));
    DequeueRequest budgetOne = dequeueRequest().batchSize(5).entrypoint("e").workerLimit(1)
        .heartbeatTimeout(Duration.ofSeconds(30)).build();
    // WHEN
    List<Job> got = dequeue(q, budgetOne);
    // THEN nothing, not even its own stale job; another worker may take it
    assertThat(got).isEmpty();
    List<Job> other = dequeue(q, DequeueRequest.builder(OTHER_WORKER).entrypoint("e").batchSize(1)
        .workerLimit(1).build());
    assertThat(idsOf(other)).isEqualTo(ids(1));
  }

  @Test
  default void heldJobFreesItsLimitSlot(TestQueue q) {
    // GIVEN
    enqueue(q, "e", 2);
    dequeue(q, limited(WORKER, 1, "e", 1));
    // WHEN
    q.repository().logJobs(List.of(JobOutcome.held(JobId.of(1), null)));
    // THEN
    assertThat(idsOf(dequeue(q, limited(WORKER, 1, "e", 1)))).isEqualTo(ids(2));
  }

  @Test
  default void finishedJobFreesItsLimitSlotAndBudget(TestQueue q) {
    // GIVEN
    enqueue(q, "e", 2);
    DequeueRequest request = dequeueRequest().batchSize(5).entrypoint("e", 1).workerLimit(1).build();
    dequeue(q, request);
    // WHEN
    q.repository().logJobs(List.of(JobOutcome.successful(JobId.of(1))));
    // THEN
    assertThat(idsOf(dequeue(q, request))).isEqualTo(ids(2));
  }

  @Test
  default void retriedJobFreesItsLimitSlot(TestQueue q) {
    // GIVEN
    enqueue(q, "e", 2);
    dequeue(q, limited(WORKER, 1, "e", 1));
    // WHEN
    q.repository().retryJob(RetryRequest.of(JobId.of(1), Duration.ofMinutes(1)));
    // THEN
    assertThat(idsOf(dequeue(q, limited(WORKER, 1, "e", 1)))).isEqualTo(ids(2));
  }

  @Test
  default void rePickKeepsTheLimitSlotTaken(TestQueue q) {
    // GIVEN e's only slot is held by a job that went stale and was re-picked by the other worker
    enqueue(q, "e", 2);
    dequeue(q, limited(WORKER, 1, "e", 1));
    q.advance(Duration.ofSeconds(30));
    assertThat(idsOf(dequeue(q, limited(OTHER_WORKER, 5, "e", 1)))).isEqualTo(ids(1));
    // WHEN
    List<Job> got = dequeue(q, limited(WORKER, 5, "e", 1));
    // THEN
    assertThat(got).isEmpty();
    assertThat(job(q, JobId.of(2)).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void rePickMovesTheJobOutOfTheOldOwnersBudget(TestQueue q) {
    // GIVEN the worker's only job went stale and the other worker took it over
    enqueue(q, "e", 2);
    DequeueRequest budgetOne = dequeueRequest().batchSize(5).entrypoint("e").workerLimit(1).build();
    dequeue(q, budgetOne);
    q.advance(Duration.ofSeconds(30));
    dequeue(q, DequeueRequest.builder(OTHER_WORKER).entrypoint("e").build());
    // WHEN
    List<Job> got = dequeue(q, budgetOne);
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2));
  }

  @Test
  default void deferredJobsDoNotUseLimitSlots(TestQueue q) {
    // GIVEN an urgent deferred job and a plain ready job of a limit-1 entrypoint
    enqueueAll(q, NewJob.of("e").withPriority(9).withDelay(Duration.ofSeconds(5)), NewJob.of("e"));
    // WHEN
    List<Job> now = dequeue(q, limited(WORKER, 5, "e", 1));
    q.advance(Duration.ofSeconds(5));
    List<Job> whenDue = dequeue(q, limited(WORKER, 5, "e", 1));
    q.repository().logJobs(List.of(JobOutcome.successful(JobId.of(2))));
    List<Job> afterFinish = dequeue(q, limited(WORKER, 5, "e", 1));
    // THEN
    assertThat(idsOf(now)).isEqualTo(ids(2));
    assertThat(whenDue).isEmpty();
    assertThat(idsOf(afterFinish)).isEqualTo(ids(1));
  }

  private static DequeueRequest limited(WorkerId worker, int batchSize, String entrypoint, int limit) {
    return DequeueRequest.builder(worker).batchSize(batchSize).entrypoint(entrypoint, limit).build();
  }

  private static void enqueue(TestQueue q, String entrypoint, int count) {
    for (int i = 0; i < count; i++) {
      q.enqueue(entrypoint);
    }
  }
}
