package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.OTHER_WORKER;
import static dev.pgqueuer.conformance.ContractSteps.WORKER;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.idsOf;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Several claims in one call (Q8): {@code dequeueAll} gives each request what {@link
 * dev.pgqueuer.port.QueuePort#dequeue} of the requests in list order would give it, whether the backend serves alike
 * requests together (PostgreSQL: one statement) or one by one.
 */
public interface DequeueAllContract extends ContractSupport {

  /** A third worker, for three-request calls. */
  WorkerId THIRD = new WorkerId(UUID.fromString("00000000-0000-0000-0000-00000000000c"));

  private static DequeueRequest claim(WorkerId worker, int batch, String... entrypoints) {
    DequeueRequest.Builder b = DequeueRequest.builder(worker).batchSize(batch);
    for (String e : entrypoints) {
      b.entrypoint(e);
    }
    return b.build();
  }

  @Test
  default void alikeRequestsAreServedInTurnEachOwningItsShare(TestQueue q) {
    // GIVEN five jobs
    for (int i = 0; i < 5; i++) {
      q.enqueue("e");
    }
    Instant now = q.advance(Duration.ofSeconds(1));
    // WHEN two workers claim two each in one call
    List<List<Job>> got = q.repository().dequeueAll(List.of(claim(WORKER, 2, "e"), claim(OTHER_WORKER, 2, "e")));
    // THEN the first request gets the first two in key order, the second the next two
    assertThat(got).hasSize(2);
    assertThat(idsOf(got.get(0))).isEqualTo(ids(1, 2));
    assertThat(idsOf(got.get(1))).isEqualTo(ids(3, 4));
    assertThat(got.get(0)).allSatisfy(j -> assertThat(j.worker()).isEqualTo(WORKER));
    assertThat(got.get(1)).allSatisfy(j -> assertThat(j.worker()).isEqualTo(OTHER_WORKER));
    assertThat(job(q, JobId.of(3))).isEqualTo(got.get(1).get(0));
    assertThat(job(q, JobId.of(3)).updated()).isEqualTo(now);
    assertThat(job(q, JobId.of(5)).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void laterRequestsGetWhatIsLeftAndNoneWhenNothingIs(TestQueue q) {
    // GIVEN three jobs
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"), NewJob.of("e"));
    // WHEN three requests ask for 2, 2 and 1
    List<List<Job>> got = q.repository().dequeueAll(
        List.of(claim(WORKER, 2, "e"), claim(OTHER_WORKER, 2, "e"), claim(THIRD, 1, "e")));
    // THEN
    assertThat(idsOf(got.get(0))).isEqualTo(ids(1, 2));
    assertThat(idsOf(got.get(1))).isEqualTo(ids(3));
    assertThat(got.get(2)).isEmpty();
  }

  @Test
  default void keyOrderAcrossEntrypointsDecidesWhoGetsWhichJob(TestQueue q) {
    // GIVEN jobs of two entrypoints and three priorities
    enqueueAll(q, NewJob.of("a").withPriority(1), NewJob.of("b").withPriority(9), NewJob.of("a").withPriority(5),
        NewJob.of("b").withPriority(5), NewJob.of("a").withPriority(9));
    // WHEN
    List<List<Job>> got = q.repository().dequeueAll(
        List.of(claim(WORKER, 2, "a", "b"), claim(OTHER_WORKER, 2, "a", "b")));
    // THEN the first request takes the two of priority 9, the second the two of priority 5
    assertThat(idsOf(got.get(0))).isEqualTo(ids(2, 5));
    assertThat(idsOf(got.get(1))).isEqualTo(ids(3, 4));
  }

  @Test
  default void pickedLogRowsFollowTheRequestsInListOrder(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withPriority(1), NewJob.of("e").withPriority(3), NewJob.of("e").withPriority(2));
    Instant now = q.advance(Duration.ofMillis(20));
    // WHEN
    q.repository().dequeueAll(List.of(claim(WORKER, 1, "e"), claim(OTHER_WORKER, 2, "e")));
    // THEN
    List<LogEntry> log = q.repository().queueLog();
    assertThat(log.subList(3, log.size())).containsExactly(
        new LogEntry(now, JobId.of(2), JobStatus.PICKED, 3, "e", null, false),
        new LogEntry(now, JobId.of(3), JobStatus.PICKED, 2, "e", null, false),
        new LogEntry(now, JobId.of(1), JobStatus.PICKED, 1, "e", null, false));
  }

  @Test
  default void theConcurrencyLimitCountsTheEarlierRequestsClaims(TestQueue q) {
    // GIVEN five jobs of an entrypoint limited to three picked jobs
    for (int i = 0; i < 5; i++) {
      q.enqueue("e");
    }
    DequeueRequest first = DequeueRequest.builder(WORKER).batchSize(2).entrypoint("e", 3).build();
    DequeueRequest second = DequeueRequest.builder(OTHER_WORKER).batchSize(2).entrypoint("e", 3).build();
    // WHEN
    List<List<Job>> got = q.repository().dequeueAll(List.of(first, second));
    // THEN the second gets only the one slot left
    assertThat(idsOf(got.get(0))).isEqualTo(ids(1, 2));
    assertThat(idsOf(got.get(1))).isEqualTo(ids(3));
  }

  @Test
  default void theConcurrencyLimitHoldsAcrossRequestsServedOneByOne(TestQueue q) {
    // GIVEN three jobs of an entrypoint limited to two, and a budgeted request (never served together with others)
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"), NewJob.of("e"), NewJob.of("f"));
    DequeueRequest budgeted = DequeueRequest.builder(WORKER).batchSize(5).entrypoint("e", 2).workerLimit(5).build();
    DequeueRequest plain = DequeueRequest.builder(OTHER_WORKER).batchSize(5).entrypoint("e", 2).build();
    DequeueRequest other = DequeueRequest.builder(THIRD).batchSize(5).entrypoint("f", 1).build();
    // WHEN
    List<List<Job>> got = q.repository().dequeueAll(List.of(budgeted, plain, other));
    // THEN the first takes the two slots, the second finds none left, the third claims its own entrypoint
    assertThat(idsOf(got.get(0))).isEqualTo(ids(1, 2));
    assertThat(got.get(1)).isEmpty();
    assertThat(idsOf(got.get(2))).isEqualTo(ids(4));
  }

  @Test
  default void aStaleJobGoesToTheFirstRequestAndFreshWorkToTheNext(TestQueue q) {
    // GIVEN a high-priority job picked long ago (stale) and a fresh one
    q.enqueue(NewJob.of("e").withPriority(5));
    dequeue(q, 1, "e");
    q.enqueue("e");
    q.advance(DequeueRequest.DEFAULT_HEARTBEAT_TIMEOUT.plusSeconds(1));
    // WHEN
    List<List<Job>> got = q.repository().dequeueAll(List.of(claim(OTHER_WORKER, 1, "e"), claim(THIRD, 1, "e")));
    // THEN
    assertThat(idsOf(got.get(0))).isEqualTo(ids(1));
    assertThat(idsOf(got.get(1))).isEqualTo(ids(2));
    assertThat(statuses(q, JobId.of(1))).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.PICKED);
  }

  @Test
  default void requestsThatClaimDifferentlyAreEachServedByTheirOwnRules(TestQueue q) {
    // GIVEN jobs of two entrypoints; the first worker already holds one job of a
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"), NewJob.of("b"), NewJob.of("a"), NewJob.of("b"));
    dequeue(q, 1, "a");
    DequeueRequest budgeted = DequeueRequest.builder(WORKER).batchSize(5).entrypoint("a").workerLimit(2).build();
    // WHEN a budgeted request, one for b only, and one for both are served in one call
    List<List<Job>> got = q.repository().dequeueAll(
        List.of(budgeted, claim(OTHER_WORKER, 5, "b"), claim(THIRD, 5, "a", "b")));
    // THEN the budget leaves room for one more, b's jobs go to the second, the rest of a to the third
    assertThat(idsOf(got.get(0))).isEqualTo(ids(2));
    assertThat(idsOf(got.get(1))).isEqualTo(ids(3, 5));
    assertThat(idsOf(got.get(2))).isEqualTo(ids(4));
  }

  @Test
  default void withAZeroHeartbeatTimeoutALaterRequestRePicksWhatAnEarlierOneTook(TestQueue q) {
    // GIVEN one job, and requests for which every picked job is at once stale
    q.enqueue("e");
    DequeueRequest first = DequeueRequest.builder(WORKER).entrypoint("e").heartbeatTimeout(Duration.ZERO).build();
    DequeueRequest second =
        DequeueRequest.builder(OTHER_WORKER).entrypoint("e").heartbeatTimeout(Duration.ZERO).build();
    // WHEN
    List<List<Job>> got = q.repository().dequeueAll(List.of(first, second));
    // THEN both get the job, as two dequeues in turn would; the second owns it
    assertThat(idsOf(got.get(0))).isEqualTo(ids(1));
    assertThat(idsOf(got.get(1))).isEqualTo(ids(1));
    assertThat(job(q, JobId.of(1)).worker()).isEqualTo(OTHER_WORKER);
  }

  @Test
  default void anEmptyListClaimsNothingAndSendsNoEvent(TestQueue q) {
    // GIVEN
    q.enqueue("e");
    EventRecorder events = recordEvents(q);
    // WHEN
    List<List<Job>> got = q.repository().dequeueAll(List.of());
    // THEN
    assertThat(got).isEmpty();
    assertThat(job(q, JobId.of(1)).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void aRequestWithNoEntrypointsGetsNothingAndTheNextIsServed(TestQueue q) {
    // GIVEN
    q.enqueue("e");
    // WHEN
    List<List<Job>> got = q.repository().dequeueAll(List.of(claim(WORKER, 3), claim(OTHER_WORKER, 3, "e")));
    // THEN
    assertThat(got.get(0)).isEmpty();
    assertThat(idsOf(got.get(1))).isEqualTo(ids(1));
  }

  @Test
  default void theResultListsAreUnmodifiable(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    // WHEN
    List<Job> single = dequeue(q, 1, "e");
    List<List<Job>> got = q.repository().dequeueAll(List.of(claim(WORKER, 1, "e")));
    // THEN
    assertThat(single).hasSize(1).isUnmodifiable();
    assertThat(got).isUnmodifiable();
    assertThat(got.get(0)).hasSize(1).isUnmodifiable();
  }
}
