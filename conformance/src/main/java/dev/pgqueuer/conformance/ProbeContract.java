package dev.pgqueuer.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.QueueStatistics;
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
  default void queuedWorkIsAnExactCount(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"), NewJob.of("e"), NewJob.of("f"));
    // WHEN / THEN
    assertThat(q.repo().queuedWork(Set.of("e"))).isEqualTo(3);
    assertThat(q.repo().queuedWork(Set.of("e", "f"))).isEqualTo(4);
    assertThat(q.repo().queuedWork(Set.of("f", "missing"))).isEqualTo(1);
  }

  @Test
  default void queuedWorkCountsDeferredJobs(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e").withDelay(Duration.ofDays(1)), NewJob.of("e"));
    // WHEN / THEN
    assertThat(q.repo().queuedWork(Set.of("e"))).isEqualTo(2);
  }

  @Test
  default void queuedWorkIgnoresPickedAndHeldJobs(ContractQueue q) {
    // GIVEN one picked, one held, one queued
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"), NewJob.of("e"));
    q.dequeue(2, "e");
    q.repo().logJobs(List.of(JobOutcome.held(JobId.of(2), null)));
    // WHEN / THEN
    assertThat(q.repo().queuedWork(Set.of("e"))).isEqualTo(1);
    assertThat(q.repo().eligibleQueuedWork(Set.of("e"))).isEqualTo(1);
  }

  @Test
  default void workCountsOfAnEmptyEntrypointSetAreZero(ContractQueue q) {
    // GIVEN
    q.enqueue("e");
    // WHEN / THEN
    assertThat(q.repo().queuedWork(Set.of())).isZero();
    assertThat(q.repo().eligibleQueuedWork(Set.of())).isZero();
    assertThat(q.repo().nextDeferredEta(Set.of())).isEmpty();
  }

  @Test
  default void eligibleQueuedWorkExcludesDeferredJobs(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e"), NewJob.of("e").withDelay(Duration.ofSeconds(-1)),
        NewJob.of("e").withDelay(Duration.ofSeconds(1)), NewJob.of("f"));
    // WHEN / THEN
    assertThat(q.repo().eligibleQueuedWork(Set.of("e"))).isEqualTo(2);
    assertThat(q.repo().eligibleQueuedWork(Set.of("e", "f"))).isEqualTo(3);
  }

  @Test
  default void eligibleQueuedWorkCountsJobDueExactlyNow(ContractQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDelay(Duration.ofSeconds(5)));
    // WHEN / THEN
    q.advance(Duration.ofSeconds(5).minusNanos(1_000));
    assertThat(q.repo().eligibleQueuedWork(Set.of("e"))).isZero();
    q.advance(Duration.ofNanos(1_000));
    assertThat(q.repo().eligibleQueuedWork(Set.of("e"))).isEqualTo(1);
  }

  @Test
  default void eligibleQueuedWorkAgreesWithWhatDequeueClaims(ContractQueue q) {
    // GIVEN jobs due at +0, +2 s (exactly now after the advance) and +2 s + 1 µs
    q.enqueueAll(NewJob.of("e"), NewJob.of("e").withDelay(Duration.ofSeconds(2)),
        NewJob.of("e").withDelay(Duration.ofSeconds(2).plusNanos(1_000)));
    q.advance(Duration.ofSeconds(2));
    // WHEN
    long eligible = q.repo().eligibleQueuedWork(Set.of("e"));
    int claimed = q.dequeue(10, "e").size();
    // THEN
    assertThat(eligible).isEqualTo(2);
    assertThat(claimed).isEqualTo(2);
    assertThat(q.repo().eligibleQueuedWork(Set.of("e"))).isZero();
  }

  @Test
  default void nextDeferredEtaIsTheTimeUntilTheSoonestDeferredJob(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e").withDelay(Duration.ofSeconds(30)), NewJob.of("e").withDelay(Duration.ofSeconds(10)),
        NewJob.of("f").withDelay(Duration.ofSeconds(5)), NewJob.of("e").withDelay(Duration.ofSeconds(20)),
        NewJob.of("e"));
    // WHEN / THEN
    assertThat(q.repo().nextDeferredEta(Set.of("e"))).contains(Duration.ofSeconds(10));
    assertThat(q.repo().nextDeferredEta(Set.of("e", "f"))).contains(Duration.ofSeconds(5));
    q.advance(Duration.ofMillis(3_250));
    assertThat(q.repo().nextDeferredEta(Set.of("e"))).contains(Duration.ofMillis(6_750));
  }

  @Test
  default void nextDeferredEtaIsOneMicrosecondJustBeforeTheJobIsDue(ContractQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDelay(Duration.ofSeconds(5)));
    // WHEN
    q.advance(Duration.ofSeconds(5).minusNanos(1_000));
    // THEN
    assertThat(q.repo().nextDeferredEta(Set.of("e"))).contains(Duration.ofNanos(1_000));
  }

  @Test
  default void nextDeferredEtaIgnoresJobDueExactlyNow(ContractQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDelay(Duration.ofSeconds(5)));
    // WHEN
    q.advance(Duration.ofSeconds(5));
    // THEN
    assertThat(q.repo().nextDeferredEta(Set.of("e"))).isEmpty();
  }

  @Test
  default void nextDeferredEtaIsEmptyWithoutDeferredJobs(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e"), NewJob.of("e").withDelay(Duration.ofSeconds(-3)),
        NewJob.of("other").withDelay(Duration.ofSeconds(3)));
    // WHEN / THEN
    assertThat(q.repo().nextDeferredEta(Set.of("e"))).isEmpty();
    assertThat(q.repo().nextDeferredEta(Set.of("missing"))).isEmpty();
  }

  @Test
  default void nextDeferredEtaIgnoresHeldJobs(ContractQueue q) {
    // GIVEN a deferred job that is held
    JobId id = q.enqueue(NewJob.of("e").withDelay(Duration.ofMinutes(1)));
    q.repo().logJobs(List.of(JobOutcome.held(id, null)));
    // WHEN / THEN
    assertThat(q.job(id).executeAfter()).isAfter(q.now());
    assertThat(q.repo().nextDeferredEta(Set.of("e"))).isEmpty();
    assertThat(q.repo().queuedWork(Set.of("e"))).isZero();
  }

  @Test
  default void nextDeferredEtaMovesOnOnceTheSoonestJobIsDue(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e").withDelay(Duration.ofSeconds(10)), NewJob.of("e").withDelay(Duration.ofSeconds(25)));
    // WHEN
    q.advance(Duration.ofSeconds(10));
    // THEN
    assertThat(q.repo().nextDeferredEta(Set.of("e"))).contains(Duration.ofSeconds(15));
    assertThat(q.repo().eligibleQueuedWork(Set.of("e"))).isEqualTo(1);
    assertThat(q.repo().queuedWork(Set.of("e"))).isEqualTo(2);
  }

  @Test
  default void queueSizeOfAnEmptyQueueIsEmpty(ContractQueue q) {
    // WHEN / THEN
    assertThat(q.repo().queueSize()).isEmpty();
  }

  @Test
  default void queueSizeCountsRowsPerEntrypointPriorityAndStatus(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("a"), NewJob.of("a"), NewJob.of("a").withPriority(2), NewJob.of("a"),
        NewJob.of("b").withDelay(Duration.ofHours(1)));
    // WHEN
    List<QueueStatistics> sizes = q.repo().queueSize();
    // THEN
    assertThat(sizes).containsExactly(
        new QueueStatistics("a", 0, JobStatus.QUEUED, 3),
        new QueueStatistics("a", 2, JobStatus.QUEUED, 1),
        new QueueStatistics("b", 0, JobStatus.QUEUED, 1));
  }

  @Test
  default void queueSizeIsOrderedByEntrypointNotByCount(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("b"), NewJob.of("a"), NewJob.of("a"), NewJob.of("a"), NewJob.of("c"), NewJob.of("c"));
    // WHEN / THEN
    assertThat(q.repo().queueSize()).containsExactly(
        new QueueStatistics("a", 0, JobStatus.QUEUED, 3),
        new QueueStatistics("b", 0, JobStatus.QUEUED, 1),
        new QueueStatistics("c", 0, JobStatus.QUEUED, 2));
  }

  @Test
  default void queueSizeOrdersEntrypointsByCodePoint(ContractQueue q) {
    // GIVEN U+FF21 sorts before U+1F600 by code point, after it by UTF-16 unit; "B" sorts before "a"
    String fullwidthA = "\uFF21";
    String grinning = "\uD83D\uDE00";
    q.enqueueAll(NewJob.of(grinning), NewJob.of("a"), NewJob.of(fullwidthA), NewJob.of("B"), NewJob.of("aa"),
        NewJob.of("a b"));
    // WHEN
    List<String> entrypoints = q.repo().queueSize().stream().map(QueueStatistics::entrypoint).toList();
    // THEN
    assertThat(entrypoints).containsExactly("B", "a", "a b", "aa", fullwidthA, grinning);
  }

  @Test
  default void queueSizeOrdersPriorityAscendingWithinAnEntrypoint(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e").withPriority(5), NewJob.of("e").withPriority(Integer.MIN_VALUE),
        NewJob.of("e").withPriority(-3), NewJob.of("e").withPriority(Integer.MAX_VALUE));
    // WHEN
    List<Integer> priorities = q.repo().queueSize().stream().map(QueueStatistics::priority).toList();
    // THEN
    assertThat(priorities).containsExactly(Integer.MIN_VALUE, -3, 5, Integer.MAX_VALUE);
  }

  @Test
  default void queueSizeOrdersStatusesInEnumOrder(ContractQueue q) {
    // GIVEN one queued, two picked, one held job of the same entrypoint and priority
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"), NewJob.of("e"), NewJob.of("e"));
    q.dequeue(3, "e");
    q.repo().logJobs(List.of(JobOutcome.held(JobId.of(2), null)));
    // WHEN / THEN
    assertThat(q.repo().queueSize()).containsExactly(
        new QueueStatistics("e", 0, JobStatus.QUEUED, 1),
        new QueueStatistics("e", 0, JobStatus.PICKED, 2),
        new QueueStatistics("e", 0, JobStatus.FAILED, 1));
  }

  @Test
  default void queueSizeDropsFinishedJobs(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"));
    q.dequeue(1, "e");
    q.repo().logJobs(List.of(JobOutcome.successful(JobId.of(1))));
    // WHEN / THEN
    assertThat(q.repo().queueSize()).containsExactly(new QueueStatistics("e", 0, JobStatus.QUEUED, 1));
  }

  @Test
  default void findJobReturnsTheStoredRowAndEmptyForUnknownOrFinishedJobs(ContractQueue q) {
    // GIVEN
    Instant now = q.now();
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"));
    q.repo().logJobs(List.of(JobOutcome.successful(JobId.of(1))));
    // WHEN / THEN
    assertThat(q.repo().findJob(JobId.of(1))).isEmpty();
    assertThat(q.repo().findJob(JobId.of(3))).isEmpty();
    assertThat(q.repo().findJob(JobId.of(2))).hasValueSatisfying(job -> {
      assertThat(job.id()).isEqualTo(JobId.of(2));
      assertThat(job.created()).isEqualTo(now);
    });
  }

  @Test
  default void probesChangeNothing(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e"), NewJob.of("e").withDelay(Duration.ofSeconds(5)));
    EventRecorder events = q.recordEvents();
    // WHEN
    q.repo().queuedWork(Set.of("e"));
    q.repo().eligibleQueuedWork(Set.of("e"));
    q.repo().nextDeferredEta(Set.of("e"));
    q.repo().queueSize();
    q.repo().findJob(JobId.of(1));
    // THEN
    assertThat(q.repo().queueLog()).hasSize(2);
    assertThat(q.job(JobId.of(1)).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(events.settle()).isEmpty();
  }
}
