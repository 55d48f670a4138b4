package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractQueue.ids;
import static dev.pgqueuer.conformance.ContractQueue.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.WorkerId;
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
  default void limitOneAllowsOnePickedJobAtATime(ContractQueue q) {
    // GIVEN
    enqueue(q, "e", 3);
    // WHEN
    List<Job> first = q.dequeue(limited(q.worker(), 10, "e", 1));
    List<Job> second = q.dequeue(limited(q.worker(), 10, "e", 1));
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(1));
    assertThat(second).isEmpty();
  }

  @Test
  default void limitTwoCapsTheBatch(ContractQueue q) {
    // GIVEN
    enqueue(q, "e", 5);
    // WHEN
    List<Job> first = q.dequeue(limited(q.worker(), 10, "e", 2));
    List<Job> second = q.dequeue(limited(q.worker(), 10, "e", 2));
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(1, 2));
    assertThat(second).isEmpty();
  }

  @Test
  default void limitedEntrypointClaimsItsHighestPriorityJobs(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e").withPriority(1), NewJob.of("e").withPriority(8), NewJob.of("e").withPriority(3));
    // WHEN / THEN
    assertThat(idsOf(q.dequeue(limited(q.worker(), 10, "e", 2)))).isEqualTo(ids(2, 3));
  }

  @Test
  default void limitLargerThanTheBatchLeavesTheBatchInCharge(ContractQueue q) {
    // GIVEN
    enqueue(q, "e", 5);
    // WHEN / THEN
    assertThat(idsOf(q.dequeue(limited(q.worker(), 2, "e", 4)))).isEqualTo(ids(1, 2));
    assertThat(idsOf(q.dequeue(limited(q.worker(), 5, "e", 4)))).isEqualTo(ids(3, 4));
  }

  @Test
  default void limitZeroMeansUnlimited(ContractQueue q) {
    // GIVEN
    enqueue(q, "e", 4);
    // WHEN / THEN
    assertThat(idsOf(q.dequeue(limited(q.worker(), 10, "e", 0)))).isEqualTo(ids(1, 2, 3, 4));
  }

  @Test
  default void limitCountsJobsPickedByOtherWorkers(ContractQueue q) {
    // GIVEN the other worker holds one job of e
    enqueue(q, "e", 4);
    q.dequeue(limited(q.otherWorker(), 1, "e", 3));
    // WHEN
    List<Job> got = q.dequeue(limited(q.worker(), 10, "e", 3));
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2, 3));
  }

  @Test
  default void limitCountsJobsPickedWithoutALimit(ContractQueue q) {
    // GIVEN three jobs of e were picked by an unlimited dequeue
    enqueue(q, "e", 5);
    q.dequeue(DequeueRequest.builder(q.otherWorker()).entrypoint("e").batchSize(3).build());
    // WHEN the limit is already exceeded, or exactly filled
    List<Job> overfilled = q.dequeue(limited(q.worker(), 10, "e", 2));
    List<Job> filled = q.dequeue(limited(q.worker(), 10, "e", 3));
    // THEN
    assertThat(overfilled).isEmpty();
    assertThat(filled).isEmpty();
    assertThat(idsOf(q.dequeue(limited(q.worker(), 10, "e", 4)))).isEqualTo(ids(4));
  }

  @Test
  default void twoLimitedEntrypointsAreCountedSeparately(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("a"), NewJob.of("a"), NewJob.of("b").withPriority(1), NewJob.of("b").withPriority(1),
        NewJob.of("a"));
    DequeueRequest request = q.dequeueRequest().batchSize(10).entrypoint("a", 1).entrypoint("b", 1).build();
    // WHEN
    List<Job> first = q.dequeue(request);
    List<Job> second = q.dequeue(request);
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(3, 1));
    assertThat(second).isEmpty();
  }

  @Test
  default void fullLimitedEntrypointDoesNotBlockAnother(ContractQueue q) {
    // GIVEN a is at its limit
    q.enqueueAll(NewJob.of("a"), NewJob.of("a"), NewJob.of("b"));
    q.dequeue(limited(q.otherWorker(), 1, "a", 1));
    DequeueRequest request = q.dequeueRequest().batchSize(10).entrypoint("a", 1).entrypoint("b", 1).build();
    // WHEN / THEN
    assertThat(idsOf(q.dequeue(request))).isEqualTo(ids(3));
  }

  @Test
  default void limitedEntrypointDoesNotShrinkAnUnlimitedOnesBatch(ContractQueue q) {
    // GIVEN urgent jobs of the limited entrypoint a, plain jobs of the unlimited b
    q.enqueueAll(NewJob.of("a").withPriority(9), NewJob.of("a").withPriority(9), NewJob.of("a").withPriority(9));
    enqueue(q, "b", 4);
    DequeueRequest request = q.dequeueRequest().batchSize(4).entrypoint("a", 1).entrypoint("b").build();
    // WHEN
    List<Job> got = q.dequeue(request);
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(1, 4, 5, 6));
  }

  @Test
  default void workerBudgetCapsClaimsAcrossCalls(ContractQueue q) {
    // GIVEN
    enqueue(q, "e", 10);
    DequeueRequest request = q.dequeueRequest().batchSize(4).entrypoint("e").workerLimit(5).build();
    // WHEN
    List<Job> first = q.dequeue(request);
    List<Job> second = q.dequeue(request);
    List<Job> third = q.dequeue(request);
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(1, 2, 3, 4));
    assertThat(idsOf(second)).isEqualTo(ids(5));
    assertThat(third).isEmpty();
  }

  @Test
  default void workerBudgetCountsOnlyTheRequestedEntrypoints(ContractQueue q) {
    // GIVEN the worker holds one job of s
    q.enqueueAll(NewJob.of("s"), NewJob.of("a"));
    q.dequeue(1, "s");
    // WHEN it asks for a with budget 1
    List<Job> got = q.dequeue(q.dequeueRequest().batchSize(5).entrypoint("a").workerLimit(1).build());
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2));
  }

  @Test
  default void workerBudgetCountsThisWorkersJobsOfTheRequestedEntrypoints(ContractQueue q) {
    // GIVEN the worker holds one job of s
    q.enqueueAll(NewJob.of("s"), NewJob.of("a"), NewJob.of("a"));
    q.dequeue(1, "s");
    // WHEN it asks for a and s with budget 2
    List<Job> got = q.dequeue(q.dequeueRequest().batchSize(5).entrypoint("a").entrypoint("s").workerLimit(2).build());
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2));
  }

  @Test
  default void workerBudgetIgnoresOtherWorkersJobs(ContractQueue q) {
    // GIVEN
    enqueue(q, "e", 4);
    q.dequeue(DequeueRequest.builder(q.otherWorker()).entrypoint("e").batchSize(2).build());
    // WHEN
    List<Job> got = q.dequeue(q.dequeueRequest().batchSize(5).entrypoint("e").workerLimit(2).build());
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(3, 4));
  }

  @Test
  default void workerBudgetCountsThisWorkersStaleJobs(ContractQueue q) {
    // GIVEN the worker's only job went stale
    enqueue(q, "e", 2);
    q.dequeue(1, "e");
    q.advance(Duration.ofSeconds(60));
    DequeueRequest budgetOne = q.dequeueRequest().batchSize(5).entrypoint("e").workerLimit(1)
        .heartbeatTimeout(Duration.ofSeconds(30)).build();
    // WHEN
    List<Job> got = q.dequeue(budgetOne);
    // THEN nothing, not even its own stale job; another worker may take it
    assertThat(got).isEmpty();
    List<Job> other = q.dequeue(DequeueRequest.builder(q.otherWorker()).entrypoint("e").batchSize(1)
        .workerLimit(1).build());
    assertThat(idsOf(other)).isEqualTo(ids(1));
  }

  @Test
  default void heldJobFreesItsLimitSlot(ContractQueue q) {
    // GIVEN
    enqueue(q, "e", 2);
    q.dequeue(limited(q.worker(), 1, "e", 1));
    // WHEN
    q.repo().logJobs(List.of(JobOutcome.held(JobId.of(1), null)));
    // THEN
    assertThat(idsOf(q.dequeue(limited(q.worker(), 1, "e", 1)))).isEqualTo(ids(2));
  }

  @Test
  default void finishedJobFreesItsLimitSlotAndBudget(ContractQueue q) {
    // GIVEN
    enqueue(q, "e", 2);
    DequeueRequest request = q.dequeueRequest().batchSize(5).entrypoint("e", 1).workerLimit(1).build();
    q.dequeue(request);
    // WHEN
    q.repo().logJobs(List.of(JobOutcome.successful(JobId.of(1))));
    // THEN
    assertThat(idsOf(q.dequeue(request))).isEqualTo(ids(2));
  }

  @Test
  default void retriedJobFreesItsLimitSlot(ContractQueue q) {
    // GIVEN
    enqueue(q, "e", 2);
    q.dequeue(limited(q.worker(), 1, "e", 1));
    // WHEN
    q.repo().retryJob(RetryRequest.of(JobId.of(1), Duration.ofMinutes(1)));
    // THEN
    assertThat(idsOf(q.dequeue(limited(q.worker(), 1, "e", 1)))).isEqualTo(ids(2));
  }

  @Test
  default void rePickKeepsTheLimitSlotTaken(ContractQueue q) {
    // GIVEN e's only slot is held by a job that went stale and was re-picked by the other worker
    enqueue(q, "e", 2);
    q.dequeue(limited(q.worker(), 1, "e", 1));
    q.advance(Duration.ofSeconds(30));
    assertThat(idsOf(q.dequeue(limited(q.otherWorker(), 5, "e", 1)))).isEqualTo(ids(1));
    // WHEN
    List<Job> got = q.dequeue(limited(q.worker(), 5, "e", 1));
    // THEN
    assertThat(got).isEmpty();
    assertThat(q.job(JobId.of(2)).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void rePickMovesTheJobOutOfTheOldOwnersBudget(ContractQueue q) {
    // GIVEN the worker's only job went stale and the other worker took it over
    enqueue(q, "e", 2);
    DequeueRequest budgetOne = q.dequeueRequest().batchSize(5).entrypoint("e").workerLimit(1).build();
    q.dequeue(budgetOne);
    q.advance(Duration.ofSeconds(30));
    q.dequeue(DequeueRequest.builder(q.otherWorker()).entrypoint("e").build());
    // WHEN
    List<Job> got = q.dequeue(budgetOne);
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2));
  }

  @Test
  default void deferredJobsDoNotUseLimitSlots(ContractQueue q) {
    // GIVEN an urgent deferred job and a plain ready job of a limit-1 entrypoint
    q.enqueueAll(NewJob.of("e").withPriority(9).withDelay(Duration.ofSeconds(5)), NewJob.of("e"));
    // WHEN
    List<Job> now = q.dequeue(limited(q.worker(), 5, "e", 1));
    q.advance(Duration.ofSeconds(5));
    List<Job> whenDue = q.dequeue(limited(q.worker(), 5, "e", 1));
    q.repo().logJobs(List.of(JobOutcome.successful(JobId.of(2))));
    List<Job> afterFinish = q.dequeue(limited(q.worker(), 5, "e", 1));
    // THEN
    assertThat(idsOf(now)).isEqualTo(ids(2));
    assertThat(whenDue).isEmpty();
    assertThat(idsOf(afterFinish)).isEqualTo(ids(1));
  }

  private static DequeueRequest limited(WorkerId worker, int batchSize, String entrypoint, int limit) {
    return DequeueRequest.builder(worker).batchSize(batchSize).entrypoint(entrypoint, limit).build();
  }

  private static void enqueue(ContractQueue q, String entrypoint, int count) {
    for (int i = 0; i < count; i++) {
      q.enqueue(entrypoint);
    }
  }
}
