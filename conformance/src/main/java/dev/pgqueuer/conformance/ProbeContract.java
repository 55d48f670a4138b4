package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The queue-state probes: exact work counts (R2, T4), the next deferred ETA (T5), {@code queueSize} grouping and
 * order (R1, R8) and {@code findJob}.
 */
public interface ProbeContract extends ContractSupport {

  @Test
  default void queuedWorkIsAnExactCount(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"), NewJob.of("e"), NewJob.of("f"));
    // WHEN / THEN
    assertThat(q.repository().queuedWork(Set.of("e"))).isEqualTo(3);
    assertThat(q.repository().queuedWork(Set.of("e", "f"))).isEqualTo(4);
    assertThat(q.repository().queuedWork(Set.of("f", "missing"))).isEqualTo(1);
  }

  @Test
  default void queuedWorkCountsDeferredJobs(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withDelay(Duration.ofDays(1)), NewJob.of("e"));
    // WHEN / THEN
    assertThat(q.repository().queuedWork(Set.of("e"))).isEqualTo(2);
  }

  @Test
  default void queuedWorkIgnoresPickedAndHeldJobs(TestQueue q) {
    // GIVEN one picked, one held, one queued
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"), NewJob.of("e"));
    dequeue(q, 2, "e");
    q.repository().logJobs(List.of(JobOutcome.held(JobId.of(2), null)));
    // WHEN / THEN
    assertThat(q.repository().queuedWork(Set.of("e"))).isEqualTo(1);
    assertThat(q.repository().eligibleQueuedWork(Set.of("e"))).isEqualTo(1);
  }

  @Test
  default void workCountsOfAnEmptyEntrypointSetAreZero(TestQueue q) {
    // GIVEN
    q.enqueue("e");
    // WHEN / THEN
    assertThat(q.repository().queuedWork(Set.of())).isZero();
    assertThat(q.repository().eligibleQueuedWork(Set.of())).isZero();
    assertThat(q.repository().nextDeferredEta(Set.of())).isEmpty();
  }

  @Test
  default void eligibleQueuedWorkExcludesDeferredJobs(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e").withDelay(Duration.ofSeconds(-1)),
        NewJob.of("e").withDelay(Duration.ofSeconds(1)), NewJob.of("f"));
    // WHEN / THEN
    assertThat(q.repository().eligibleQueuedWork(Set.of("e"))).isEqualTo(2);
    assertThat(q.repository().eligibleQueuedWork(Set.of("e", "f"))).isEqualTo(3);
  }

  @Test
  default void eligibleQueuedWorkCountsJobDueExactlyNow(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDelay(Duration.ofSeconds(5)));
    // WHEN / THEN
    q.advance(Duration.ofSeconds(5).minusNanos(1_000));
    assertThat(q.repository().eligibleQueuedWork(Set.of("e"))).isZero();
    q.advance(Duration.ofNanos(1_000));
    assertThat(q.repository().eligibleQueuedWork(Set.of("e"))).isEqualTo(1);
  }

  @Test
  default void eligibleQueuedWorkAgreesWithWhatDequeueClaims(TestQueue q) {
    // GIVEN jobs due at +0, +2 s (exactly now after the advance) and +2 s + 1 µs
    enqueueAll(q, NewJob.of("e"), NewJob.of("e").withDelay(Duration.ofSeconds(2)),
        NewJob.of("e").withDelay(Duration.ofSeconds(2).plusNanos(1_000)));
    q.advance(Duration.ofSeconds(2));
    // WHEN
    long eligible = q.repository().eligibleQueuedWork(Set.of("e"));
    int claimed = dequeue(q, 10, "e").size();
    // THEN
    assertThat(eligible).isEqualTo(2);
    assertThat(claimed).isEqualTo(2);
    assertThat(q.repository().eligibleQueuedWork(Set.of("e"))).isZero();
  }

  @Test
  default void nextDeferredEtaIsTheTimeUntilTheSoonestDeferredJob(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withDelay(Duration.ofSeconds(30)), NewJob.of("e").withDelay(Duration.ofSeconds(10)),
        NewJob.of("f").withDelay(Duration.ofSeconds(5)), NewJob.of("e").withDelay(Duration.ofSeconds(20)),
        NewJob.of("e"));
    // WHEN / THEN
    assertThat(q.repository().nextDeferredEta(Set.of("e"))).contains(Duration.ofSeconds(10));
    assertThat(q.repository().nextDeferredEta(Set.of("e", "f"))).contains(Duration.ofSeconds(5));
    q.advance(Duration.ofMillis(3_250));
    assertThat(q.repository().nextDeferredEta(Set.of("e"))).contains(Duration.ofMillis(6_750));
  }

  @Test
  default void nextDeferredEtaIsOneMicrosecondJustBeforeTheJobIsDue(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDelay(Duration.ofSeconds(5)));
    // WHEN
    q.advance(Duration.ofSeconds(5).minusNanos(1_000));
    // THEN
    assertThat(q.repository().nextDeferredEta(Set.of("e"))).contains(Duration.ofNanos(1_000));
  }

  @Test
  default void nextDeferredEtaIgnoresJobDueExactlyNow(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDelay(Duration.ofSeconds(5)));
    // WHEN
    q.advance(Duration.ofSeconds(5));
    // THEN
    assertThat(q.repository().nextDeferredEta(Set.of("e"))).isEmpty();
  }

  @Test
  default void nextDeferredEtaIsEmptyWithoutDeferredJobs(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e").withDelay(Duration.ofSeconds(-3)),
        NewJob.of("other").withDelay(Duration.ofSeconds(3)));
    // WHEN / THEN
    assertThat(q.repository().nextDeferredEta(Set.of("e"))).isEmpty();
    assertThat(q.repository().nextDeferredEta(Set.of("missing"))).isEmpty();
  }

  @Test
  default void nextDeferredEtaIgnoresHeldJobs(TestQueue q) {
    // GIVEN a deferred job that is held
    JobId id = q.enqueue(NewJob.of("e").withDelay(Duration.ofMinutes(1)));
    q.repository().logJobs(List.of(JobOutcome.held(id, null)));
    // WHEN / THEN
    assertThat(job(q, id).executeAfter()).isAfter(q.now());
    assertThat(q.repository().nextDeferredEta(Set.of("e"))).isEmpty();
    assertThat(q.repository().queuedWork(Set.of("e"))).isZero();
  }

  @Test
  default void nextDeferredEtaMovesOnOnceTheSoonestJobIsDue(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withDelay(Duration.ofSeconds(10)), NewJob.of("e").withDelay(Duration.ofSeconds(25)));
    // WHEN
    q.advance(Duration.ofSeconds(10));
    // THEN
    assertThat(q.repository().nextDeferredEta(Set.of("e"))).contains(Duration.ofSeconds(15));
    assertThat(q.repository().eligibleQueuedWork(Set.of("e"))).isEqualTo(1);
    assertThat(q.repository().queuedWork(Set.of("e"))).isEqualTo(2);
  }

  @Test
  default void queueSizeOfAnEmptyQueueIsEmpty(TestQueue q) {
    // WHEN / THEN
    assertThat(q.repository().queueSize()).isEmpty();
  }

  @Test
  default void queueSizeCountsRowsPerEntrypointPriorityAndStatus(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"), NewJob.of("a").withPriority(2), NewJob.of("a"),
        NewJob.of("b").withDelay(Duration.ofHours(1)));
    // WHEN
    List<QueueStatistics> sizes = q.repository().queueSize();
    // THEN
    assertThat(sizes).containsExactly(
        new QueueStatistics("a", 0, JobStatus.QUEUED, 3),
        new QueueStatistics("a", 2, JobStatus.QUEUED, 1),
        new QueueStatistics("b", 0, JobStatus.QUEUED, 1));
  }

  @Test
  default void queueSizeIsOrderedByEntrypointNotByCount(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("b"), NewJob.of("a"), NewJob.of("a"), NewJob.of("a"), NewJob.of("c"), NewJob.of("c"));
    // WHEN / THEN
    assertThat(q.repository().queueSize()).containsExactly(
        new QueueStatistics("a", 0, JobStatus.QUEUED, 3),
        new QueueStatistics("b", 0, JobStatus.QUEUED, 1),
        new QueueStatistics("c", 0, JobStatus.QUEUED, 2));
  }

  @Test
  default void queueSizeOrdersEntrypointsByCodePoint(TestQueue q) {
    // GIVEN U+FF21 sorts before U+1F600 by code point, after it by UTF-16 unit; "B" sorts before "a"
    String fullwidthA = "\uFF21";
    String grinning = "\uD83D\uDE00";
    enqueueAll(q, NewJob.of(grinning), NewJob.of("a"), NewJob.of(fullwidthA), NewJob.of("B"), NewJob.of("aa"),
        NewJob.of("a b"));
    // WHEN
    List<String> entrypoints = q.repository().queueSize().stream().map(QueueStatistics::entrypoint).toList();
    // THEN
    assertThat(entrypoints).containsExactly("B", "a", "a b", "aa", fullwidthA, grinning);
  }

  @Test
  default void queueSizeOrdersPriorityAscendingWithinAnEntrypoint(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withPriority(5), NewJob.of("e").withPriority(Integer.MIN_VALUE),
        NewJob.of("e").withPriority(-3), NewJob.of("e").withPriority(Integer.MAX_VALUE));
    // WHEN
    List<Integer> priorities = q.repository().queueSize().stream().map(QueueStatistics::priority).toList();
    // THEN
    assertThat(priorities).containsExactly(Integer.MIN_VALUE, -3, 5, Integer.MAX_VALUE);
  }

  @Test
  default void queueSizeOrdersStatusesInEnumOrder(TestQueue q) {
    // GIVEN one queued, two picked, one held job of the same entrypoint and priority
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"), NewJob.of("e"), NewJob.of("e"));
    dequeue(q, 3, "e");
    q.repository().logJobs(List.of(JobOutcome.held(JobId.of(2), null)));
    // WHEN / THEN
    assertThat(q.repository().queueSize()).containsExactly(
        new QueueStatistics("e", 0, JobStatus.QUEUED, 1),
        new QueueStatistics("e", 0, JobStatus.PICKED, 2),
        new QueueStatistics("e", 0, JobStatus.FAILED, 1));
  }

  @Test
  default void queueSizeDropsFinishedJobs(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    dequeue(q, 1, "e");
    q.repository().logJobs(List.of(JobOutcome.successful(JobId.of(1))));
    // WHEN / THEN
    assertThat(q.repository().queueSize()).containsExactly(new QueueStatistics("e", 0, JobStatus.QUEUED, 1));
  }

  @Test
  default void findJobReturnsTheStoredRowAndEmptyForUnknownOrFinishedJobs(TestQueue q) {
    // GIVEN
    Instant now = q.now();
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    q.repository().logJobs(List.of(JobOutcome.successful(JobId.of(1))));
    // WHEN / THEN
    assertThat(q.repository().findJob(JobId.of(1))).isEmpty();
    assertThat(q.repository().findJob(JobId.of(3))).isEmpty();
    assertThat(q.repository().findJob(JobId.of(2))).hasValueSatisfying(job -> {
      assertThat(job.id()).isEqualTo(JobId.of(2));
      assertThat(job.created()).isEqualTo(now);
    });
  }

  @Test
  default void probesChangeNothing(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e").withDelay(Duration.ofSeconds(5)));
    EventRecorder events = recordEvents(q);
    // WHEN
    q.repository().queuedWork(Set.of("e"));
    q.repository().eligibleQueuedWork(Set.of("e"));
    q.repository().nextDeferredEta(Set.of("e"));
    q.repository().queueSize();
    q.repository().findJob(JobId.of(1));
    // THEN
    assertThat(q.repository().queueLog()).hasSize(2);
    assertThat(job(q, JobId.of(1)).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(events.settle()).isEmpty();
  }
}
