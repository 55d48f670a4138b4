package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractFixtures.held;
import static dev.pgqueuer.conformance.ContractFixtures.successful;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.SchemaStateException;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.PruneResult;
import dev.pgqueuer.port.StatisticsQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Log retention ({@code docs/semantics.md} §6, R8): a job's log rows go together once its newest row is older than
 * the log age and it has left the queue; statistics are folded first, so they still count pruned rows; buckets go
 * once older than the statistics age; the boundaries are strict ({@code created < now - age}).
 */
public interface RetentionContract extends ContractSupport {

  Duration DAY = Duration.ofDays(1);
  Duration MICRO = Duration.ofNanos(1_000);

  /** A job enqueued, picked and finished now. */
  private static JobId finished(TestQueue q, String entrypoint) {
    JobId id = q.enqueue(entrypoint);
    dequeue(q, 1, entrypoint);
    q.repository().logJobs(successful(id));
    return id;
  }

  @Test
  default void aJobWhoseNewestRowIsExactlyTheAgeOldIsKeptAndOneMicrosecondOlderIsPruned(TestQueue q) {
    // GIVEN a finished job whose last row was written at t0
    JobId id = finished(q, "a");
    // WHEN the clock is exactly one day later and the log is pruned with a one-day age
    q.advance(DAY);
    PruneResult kept = q.repository().pruneLog(LogRetention.logsOlderThan(DAY));
    // THEN nothing is removed: the row is not older than the age
    assertThat(kept).isEqualTo(new PruneResult(0, 0));
    assertThat(q.repository().jobStatus(List.of(id))).containsEntry(id, JobStatus.SUCCESSFUL);
    // WHEN one more microsecond passes
    q.advance(MICRO);
    PruneResult pruned = q.repository().pruneLog(LogRetention.logsOlderThan(DAY));
    // THEN its three rows are gone, and the job is unknown to jobStatus and jobLog
    assertThat(pruned).isEqualTo(new PruneResult(3, 0));
    assertThat(q.repository().jobStatus(List.of(id))).isEmpty();
    assertThat(q.repository().jobLog(id)).isEmpty();
    assertThat(q.repository().queueLog()).isEmpty();
  }

  @Test
  default void aJobWithARecentRowKeepsItsWholeLog(TestQueue q) {
    // GIVEN a job enqueued at t0 and finished a day and a microsecond later
    JobId id = q.enqueue("a");
    q.advance(DAY.plus(MICRO));
    dequeue(q, 1, "a");
    q.repository().logJobs(successful(id));
    // WHEN the log is pruned with a one-day age
    PruneResult result = q.repository().pruneLog(LogRetention.logsOlderThan(DAY));
    // THEN its old queued row stays with its recent rows: a job's log is whole or gone
    assertThat(result.logRows()).isZero();
    assertThat(q.repository().jobLog(id)).extracting(LogEntry::status)
        .containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  default void jobsStillInTheQueueKeepTheirRowsHoweverOld(TestQueue q) {
    // GIVEN a queued job, a picked job and a held job, all written at t0
    JobId queued = q.enqueue("a");
    JobId picked = q.enqueue("b");
    dequeue(q, 1, "b");
    JobId failed = q.enqueue("c");
    dequeue(q, 1, "c");
    q.repository().logJobs(held(failed));
    JobId done = finished(q, "d");
    // WHEN ten days pass and the log is pruned with a one-day age
    q.advance(DAY.multipliedBy(10));
    PruneResult result = q.repository().pruneLog(LogRetention.logsOlderThan(DAY));
    // THEN only the finished job's rows go; the others' statuses are intact
    assertThat(result.logRows()).isEqualTo(3);
    assertThat(q.repository().jobStatus(List.of(queued, picked, failed, done))).containsExactly(
        java.util.Map.entry(queued, JobStatus.QUEUED), java.util.Map.entry(picked, JobStatus.PICKED),
        java.util.Map.entry(failed, JobStatus.FAILED));
    assertThat(q.repository().queueLog()).extracting(LogEntry::jobId).containsOnly(queued, picked, failed);
  }

  @Test
  default void statisticsCountPrunedRowsThatWereNeverAggregated(TestQueue q) {
    // GIVEN a finished job whose rows were never aggregated
    Instant t0 = q.now();
    finished(q, "a");
    // WHEN the log is pruned two days later
    q.advance(DAY.multipliedBy(2));
    q.repository().pruneLog(LogRetention.logsOlderThan(DAY));
    // THEN the statistics still count its queued, picked and successful rows
    assertThat(q.repository().logStatistics(StatisticsQuery.all()))
        .extracting(LogStatistics::status, LogStatistics::count)
        .containsExactlyInAnyOrder(org.assertj.core.api.Assertions.tuple(JobStatus.QUEUED, 1L),
            org.assertj.core.api.Assertions.tuple(JobStatus.PICKED, 1L),
            org.assertj.core.api.Assertions.tuple(JobStatus.SUCCESSFUL, 1L));
    assertThat(q.repository().logStatistics(StatisticsQuery.all())).extracting(LogStatistics::created).containsOnly(t0);
  }

  @Test
  default void statisticsBucketsGoOnlyWhenOlderThanTheirAgeAndOnlyWhenAsked(TestQueue q) {
    // GIVEN a bucket at second t0 (the clock starts on a whole second) and one at t0 + 1 h
    Instant t0 = q.now();
    q.enqueue("a");
    q.advance(Duration.ofHours(1));
    q.enqueue("b");
    q.repository().aggregateLogs();
    // WHEN pruning without a statistics age, THEN no bucket goes
    q.advance(DAY);
    assertThat(q.repository().pruneLog(LogRetention.logsOlderThan(DAY)).statisticsBuckets()).isZero();
    // WHEN the statistics age is exactly the first bucket's age, THEN it stays
    Duration age = Duration.between(t0, q.now());
    assertThat(q.repository().pruneLog(LogRetention.logsOlderThan(DAY).statisticsOlderThan(age)).statisticsBuckets())
        .isZero();
    // WHEN it is one microsecond shorter, THEN the first bucket goes and the second stays
    PruneResult result = q.repository().pruneLog(LogRetention.logsOlderThan(DAY).statisticsOlderThan(age.minus(MICRO)));
    assertThat(result.statisticsBuckets()).isEqualTo(1);
    assertThat(q.repository().logStatistics(StatisticsQuery.all())).extracting(LogStatistics::entrypoint)
        .containsExactly("b");
    // AND the queued jobs' rows are kept: they are still in the queue
    assertThat(result.logRows()).isZero();
  }

  @Test
  default void pruningIsIdempotentAndLeavesLaterJobsAndIdsAlone(TestQueue q) {
    // GIVEN an old finished job and a new one
    JobId old = finished(q, "a");
    q.advance(DAY.multipliedBy(2));
    JobId fresh = finished(q, "a");
    // WHEN the log is pruned twice
    assertThat(q.repository().pruneLog(LogRetention.logsOlderThan(DAY)).logRows()).isEqualTo(3);
    assertThat(q.repository().pruneLog(LogRetention.logsOlderThan(DAY)).logRows()).isZero();
    // THEN the new job's log is whole, ids continue, and the old id stays unknown
    assertThat(q.repository().jobLog(fresh)).hasSize(3);
    assertThat(q.enqueue("a")).isEqualTo(JobId.of(3));
    assertThat(q.repository().jobStatus(ids(old.value(), fresh.value()))).containsOnlyKeys(fresh);
  }

  @Test
  default void pruningSendsNoEvents(TestQueue q) {
    // GIVEN an old finished job and a recorder
    finished(q, "a");
    q.advance(DAY.multipliedBy(2));
    EventRecorder events = recordEvents(q);
    // WHEN the log is pruned, THEN no event is sent
    q.repository().pruneLog(LogRetention.logsOlderThan(DAY).statisticsOlderThan(DAY));
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void badRetentionIsRejectedAndPruningAnUninstalledQueueFails(TestQueue q) {
    // GIVEN / WHEN / THEN negative ages and null are rejected before any effect
    assertThatThrownBy(() -> LogRetention.logsOlderThan(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logAge");
    assertThatThrownBy(() -> LogRetention.logsOlderThan(DAY).statisticsOlderThan(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statisticsAge");
    assertThatThrownBy(() -> q.repository().pruneLog(null)).isInstanceOf(NullPointerException.class);
    q.repository().uninstall();
    assertThatThrownBy(() -> q.repository().pruneLog(LogRetention.logsOlderThan(DAY)))
        .isInstanceOf(SchemaStateException.class);
  }
}
