package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.OTHER_WORKER;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.dequeueRequest;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.idsOf;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Which jobs a dequeue claims and in what order: key order (Q1), eligibility (T2), the batch cap, requested
 * entrypoints only (Q7) and the merge of per-entrypoint candidates (Q2, Q6). What a claim writes is in
 * {@link DequeueClaimContract}; limits and budgets in {@link LimitContract}.
 */
public interface DequeueOrderContract extends ContractSupport {

  @Test
  default void dequeueOfAnEmptyQueueClaimsNothing(TestQueue q) {
    // WHEN / THEN
    assertThat(dequeue(q, 10, "e")).isEmpty();
  }

  @Test
  default void dequeueClaimsHighestPriorityFirst(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withPriority(1), NewJob.of("e").withPriority(10), NewJob.of("e").withPriority(-5),
        NewJob.of("e").withPriority(3));
    // WHEN
    List<Job> got = dequeue(q, 10, "e");
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2, 4, 1, 3));
  }

  @Test
  default void equalPriorityJobsAreClaimedInIdOrder(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"), NewJob.of("e"));
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    // WHEN
    List<JobId> first = idsOf(dequeue(q, 2, "e"));
    List<JobId> rest = idsOf(dequeue(q, 10, "e"));
    // THEN
    assertThat(first).isEqualTo(ids(1, 2));
    assertThat(rest).isEqualTo(ids(3, 4, 5));
  }

  @Test
  default void keyOrderSpansAllRequestedEntrypoints(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("a").withPriority(1), NewJob.of("b").withPriority(5), NewJob.of("a").withPriority(5),
        NewJob.of("b").withPriority(1), NewJob.of("c").withPriority(3));
    // WHEN
    List<Job> got = dequeue(q, 10, "a", "b", "c");
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2, 3, 5, 1, 4));
  }

  @Test
  default void priorityExtremesAreOrderedCorrectly(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withPriority(Integer.MIN_VALUE), NewJob.of("e").withPriority(0),
        NewJob.of("e").withPriority(Integer.MAX_VALUE), NewJob.of("e").withPriority(-1));
    // WHEN / THEN
    assertThat(idsOf(dequeue(q, 4, "e"))).isEqualTo(ids(3, 2, 4, 1));
  }

  @Test
  default void manyJobsOfMixedPrioritiesAreClaimedInKeyOrder(TestQueue q) {
    // GIVEN 300 jobs over three entrypoints with pseudo-random priorities (fixed seed)
    Random random = new Random(42);
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      jobs.add(NewJob.of("e" + (i % 3)).withPriority(random.nextInt(7) - 3));
    }
    q.repository().enqueue(EnqueueRequest.of(jobs));
    List<JobId> expected = new ArrayList<>(ids(LongStream.rangeClosed(1, 300).toArray()));
    expected.sort(Comparator.comparingInt((JobId id) -> -jobs.get((int) id.value() - 1).priority())
        .thenComparing(Comparator.naturalOrder()));
    // WHEN claimed in batches of 7
    List<JobId> claimed = new ArrayList<>();
    List<Job> batch;
    while (!(batch = dequeue(q, 7, "e0", "e1", "e2")).isEmpty()) {
      claimed.addAll(idsOf(batch));
    }
    // THEN
    assertThat(claimed).isEqualTo(expected);
  }

  @Test
  default void executeAfterIsNotASortKey(TestQueue q) {
    // GIVEN job 2 became eligible long before job 1
    enqueueAll(q, NewJob.of("e"), NewJob.of("e").withDelay(Duration.ofHours(-1)));
    // WHEN / THEN
    assertThat(idsOf(dequeue(q, 2, "e"))).isEqualTo(ids(1, 2));
  }

  @Test
  default void batchSizeCapsTheClaim(TestQueue q) {
    // GIVEN
    for (int i = 0; i < 5; i++) {
      q.enqueue("e");
    }
    // WHEN
    List<Job> first = dequeue(q, 3, "e");
    List<Job> second = dequeue(q, 3, "e");
    List<Job> third = dequeue(q, 3, "e");
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(1, 2, 3));
    assertThat(idsOf(second)).isEqualTo(ids(4, 5));
    assertThat(third).isEmpty();
  }

  @Test
  default void batchSizeCapsTheClaimAcrossEntrypoints(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("a"), NewJob.of("b"), NewJob.of("a"), NewJob.of("b"));
    // WHEN / THEN
    assertThat(idsOf(dequeue(q, 3, "a", "b"))).isEqualTo(ids(1, 2, 3));
  }

  @Test
  default void unrequestedEntrypointsAreNeverClaimed(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("other").withPriority(100), NewJob.of("e"), NewJob.of("E"), NewJob.of("e "));
    // WHEN
    List<Job> got = dequeue(q, 10, "e");
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2));
    assertThat(job(q, JobId.of(1)).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job(q, JobId.of(3)).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job(q, JobId.of(4)).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void emptyEntrypointMapClaimsNothing(TestQueue q) {
    // GIVEN
    q.enqueue("e");
    // WHEN
    List<Job> got = dequeue(q, dequeueRequest().batchSize(5).build());
    // THEN
    assertThat(got).isEmpty();
    assertThat(job(q, JobId.of(1)).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(statuses(q, JobId.of(1))).containsExactly(JobStatus.QUEUED);
  }

  @Test
  default void pickedJobIsNotClaimedAgainWhileItsHeartbeatIsFresh(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    dequeue(q, 1, "e");
    // WHEN
    List<Job> got = dequeue(q, DequeueRequest.builder(OTHER_WORKER).entrypoint("e").batchSize(5).build());
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2));
  }

  @Test
  default void heldJobIsNeverClaimed(TestQueue q) {
    // GIVEN
    JobId id = q.enqueue("e");
    q.repository().logJobs(List.of(JobOutcome.held(id, null)));
    // WHEN / THEN
    assertThat(dequeue(q, 5, "e")).isEmpty();
    assertThat(job(q, id).status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  default void deferredJobIsNotClaimedBeforeItsTime(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withDelay(Duration.ofSeconds(10)).withPriority(9), NewJob.of("e"));
    // WHEN
    List<Job> got = dequeue(q, 5, "e");
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2));
    assertThat(job(q, JobId.of(1)).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void jobBecomesEligibleExactlyAtExecuteAfter(TestQueue q) {
    // GIVEN
    JobId id = q.enqueue(NewJob.of("e").withDelay(Duration.ofSeconds(10)));
    // WHEN / THEN one microsecond before: not eligible
    q.advance(Duration.ofSeconds(10).minusNanos(1_000));
    assertThat(dequeue(q, 1, "e")).isEmpty();
    // WHEN / THEN exactly at executeAfter: eligible
    q.advance(Duration.ofNanos(1_000));
    assertThat(q.now()).isEqualTo(job(q, id).executeAfter());
    assertThat(idsOf(dequeue(q, 1, "e"))).isEqualTo(ids(1));
  }

  @Test
  default void zeroDelayJobIsClaimableInTheSameInstant(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDelay(Duration.ZERO));
    // WHEN / THEN (the clock has not moved)
    assertThat(idsOf(dequeue(q, 1, "e"))).isEqualTo(ids(1));
  }

  @Test
  default void negativeDelayJobIsClaimableAtOnce(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDelay(Duration.ofMinutes(-5)));
    // WHEN / THEN
    assertThat(idsOf(dequeue(q, 1, "e"))).isEqualTo(ids(1));
  }

  @Test
  default void deferredJobsAreDeliveredInPriorityOrderOnceTheClockPassesThem(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withPriority(1).withDelay(Duration.ofSeconds(1)),
        NewJob.of("e").withPriority(9).withDelay(Duration.ofSeconds(2)),
        NewJob.of("e").withPriority(5).withDelay(Duration.ofSeconds(3)));
    // WHEN
    q.advance(Duration.ofSeconds(2));
    List<Job> atTwo = dequeue(q, 10, "e");
    q.advance(Duration.ofSeconds(1));
    List<Job> atThree = dequeue(q, 10, "e");
    // THEN
    assertThat(idsOf(atTwo)).isEqualTo(ids(2, 1));
    assertThat(idsOf(atThree)).isEqualTo(ids(3));
  }

  @Test
  default void candidateOutrankedInTheMergeIsDeliveredNextTime(TestQueue q) {
    // GIVEN a's two urgent jobs fill the batch; b's job and a's low job wait
    enqueueAll(q, NewJob.of("a").withPriority(9), NewJob.of("b").withPriority(5), NewJob.of("a").withPriority(9),
        NewJob.of("a").withPriority(1));
    // WHEN
    List<Job> first = dequeue(q, 2, "a", "b");
    List<Job> second = dequeue(q, 2, "a", "b");
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(1, 3));
    assertThat(idsOf(second)).isEqualTo(ids(2, 4));
    assertThat(dequeue(q, 2, "a", "b")).isEmpty();
  }

  @Test
  default void entrypointWithManyCandidatesDoesNotCrowdOutAHigherPriorityOne(TestQueue q) {
    // GIVEN many low jobs of a, then one urgent job of b
    for (int i = 0; i < 6; i++) {
      q.enqueue("a");
    }
    q.enqueue(NewJob.of("b").withPriority(1));
    // WHEN
    List<Job> got = dequeue(q, 3, "a", "b");
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(7, 1, 2));
  }
}
