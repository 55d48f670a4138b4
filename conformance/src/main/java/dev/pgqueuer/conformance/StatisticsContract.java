package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.StatisticsQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules R6, R7, T7 and T8 of {@code docs/semantics.md}: per-second buckets per (entrypoint, priority, status),
 * upserted across passes (D26), rows flagged, buckets read newest-created first with a strict window (D27), and
 * clearing statistics without touching the log.
 */
public interface StatisticsContract extends ContractSupport {

  private static LogStatistics bucket(Instant second, String entrypoint, int priority, JobStatus status, long count) {
    return new LogStatistics(second, entrypoint, priority, status, count);
  }

  @Test
  default void aggregationGroupsRowsPerEntrypointPriorityStatusAndUtcSecond(TestQueue q) {
    // GIVEN four jobs enqueued at t0 + 0.25 s and one of them picked at t0 + 1.999999 s
    Instant t0 = q.now();
    q.advance(Duration.ofMillis(250));
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"), NewJob.of("a").withPriority(1), NewJob.of("b"));
    q.advance(Duration.ofNanos(1_749_999_000L));
    dequeue(q, 1, "a");
    // WHEN the log is aggregated and read
    q.repository().aggregateLogs();
    List<LogStatistics> stats = q.repository().logStatistics(StatisticsQuery.all());
    // THEN one bucket per group, on whole UTC seconds, newest-created first (T8, R6, R7)
    assertThat(stats).containsExactly(
        bucket(t0.plusSeconds(1), "a", 1, JobStatus.PICKED, 1),
        bucket(t0, "b", 0, JobStatus.QUEUED, 1),
        bucket(t0, "a", 1, JobStatus.QUEUED, 1),
        bucket(t0, "a", 0, JobStatus.QUEUED, 2));
  }

  @Test
  default void secondAggregationInTheSameSecondAddsToTheExistingBucket(TestQueue q) {
    // GIVEN one row aggregated at t0 + 0.1 s
    Instant t0 = q.now();
    q.advance(Duration.ofMillis(100));
    q.enqueue("a");
    q.repository().aggregateLogs();
    // WHEN two more rows of the same second are aggregated in a second pass
    q.advance(Duration.ofMillis(400));
    q.enqueue("a");
    q.advance(Duration.ofMillis(400));
    q.enqueue("a");
    q.repository().aggregateLogs();
    // THEN there is one bucket with count 3 (D26)
    assertThat(q.repository().logStatistics(StatisticsQuery.all()))
        .containsExactly(bucket(t0, "a", 0, JobStatus.QUEUED, 3));
  }

  @Test
  default void aggregationFlagsTheRowsItCountedAndOnlyThose(TestQueue q) {
    // GIVEN two log rows
    enqueueAll(q, NewJob.of("a"), NewJob.of("b"));
    assertThat(q.repository().queueLog()).extracting(LogEntry::aggregated).containsExactly(false, false);
    // WHEN they are aggregated and a third row is written afterwards
    q.repository().aggregateLogs();
    q.enqueue("c");
    // THEN the first two are flagged, the new one is not
    assertThat(q.repository().queueLog()).extracting(LogEntry::aggregated).containsExactly(true, true, false);
  }

  @Test
  default void aggregatingTwiceCountsEachRowOnce(TestQueue q) {
    // GIVEN two rows aggregated once
    Instant t0 = q.now();
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"));
    q.repository().aggregateLogs();
    // WHEN the log is aggregated again with nothing new
    q.repository().aggregateLogs();
    // THEN the count is still 2
    assertThat(q.repository().logStatistics(StatisticsQuery.all()))
        .containsExactly(bucket(t0, "a", 0, JobStatus.QUEUED, 2));
  }

  @Test
  default void bucketsOfOnePassAreCreatedInSecondEntrypointPriorityStatusOrder(TestQueue q) {
    // GIVEN rows written at t0 in the order z/0 queued, a/2 queued, a/1 queued, a/2 picked, then m/0 queued at t1
    Instant t0 = q.now();
    q.enqueue("z");
    q.enqueue(NewJob.of("a").withPriority(2));
    q.enqueue(NewJob.of("a").withPriority(1));
    dequeue(q, 1, "a");
    Instant t1 = q.advance(Duration.ofSeconds(1));
    q.enqueue("m");
    // WHEN statistics are read (one aggregation pass)
    List<LogStatistics> stats = q.repository().logStatistics(StatisticsQuery.all());
    // THEN the creation order was (second, entrypoint, priority, status), so newest-created first is its reverse
    assertThat(stats).containsExactly(
        bucket(t1, "m", 0, JobStatus.QUEUED, 1),
        bucket(t0, "z", 0, JobStatus.QUEUED, 1),
        bucket(t0, "a", 2, JobStatus.PICKED, 1),
        bucket(t0, "a", 2, JobStatus.QUEUED, 1),
        bucket(t0, "a", 1, JobStatus.QUEUED, 1));
  }

  @Test
  default void statisticsAreOrderedByBucketCreationNotByLastUpdate(TestQueue q) {
    // GIVEN bucket b created in a first pass, bucket a (same second) in a second pass, and b updated in a third
    Instant t0 = q.now();
    q.enqueue("b");
    q.repository().aggregateLogs();
    q.enqueue("a");
    q.repository().aggregateLogs();
    q.enqueue("b");
    q.repository().aggregateLogs();
    // WHEN statistics are read
    List<LogStatistics> stats = q.repository().logStatistics(StatisticsQuery.all());
    // THEN a (created last) comes first, b keeps its place with the added count (R7)
    assertThat(stats).containsExactly(
        bucket(t0, "a", 0, JobStatus.QUEUED, 1),
        bucket(t0, "b", 0, JobStatus.QUEUED, 2));
  }

  @Test
  default void readingStatisticsAggregatesPendingRowsFirst(TestQueue q) {
    // GIVEN un-aggregated rows
    Instant t0 = q.now();
    enqueueAll(q, NewJob.of("a").withPriority(4), NewJob.of("a").withPriority(4));
    // WHEN statistics are read without an explicit aggregation
    List<LogStatistics> stats = q.repository().logStatistics(StatisticsQuery.all());
    // THEN the rows are counted and flagged
    assertThat(stats).containsExactly(bucket(t0, "a", 4, JobStatus.QUEUED, 2));
    assertThat(q.repository().queueLog()).extracting(LogEntry::aggregated).containsOnly(true);
  }

  @Test
  default void statisticsLimitNullReadsAllZeroReadsNoneAndNReadsTheNewestN(TestQueue q) {
    // GIVEN buckets for t0, t1 and t2 created in one pass
    Instant t0 = q.now();
    q.enqueue("a");
    Instant t1 = q.advance(Duration.ofSeconds(1));
    q.enqueue("a");
    Instant t2 = q.advance(Duration.ofSeconds(1));
    q.enqueue("a");
    q.repository().aggregateLogs();
    // WHEN statistics are read with limits null, 0 and 2
    List<LogStatistics> all = q.repository().logStatistics(new StatisticsQuery(null, null));
    List<LogStatistics> none = q.repository().logStatistics(StatisticsQuery.all().withLimit(0));
    List<LogStatistics> two = q.repository().logStatistics(StatisticsQuery.all().withLimit(2));
    // THEN all three, none, and the two newest-created
    assertThat(all).extracting(LogStatistics::created).containsExactly(t2, t1, t0);
    assertThat(none).isEmpty();
    assertThat(two).extracting(LogStatistics::created).containsExactly(t2, t1);
  }

  @Test
  default void windowExcludesBucketExactlyAtTheBoundary(TestQueue q) {
    // GIVEN buckets at t0 and t0 + 5 s, read at t0 + 10 s
    Instant t0 = q.now();
    q.enqueue("a");
    q.advance(Duration.ofSeconds(5));
    q.enqueue("a");
    q.advance(Duration.ofSeconds(5));
    // WHEN read with a window of exactly 10 s, and of 10 s + 1 µs
    List<LogStatistics> exact = q.repository().logStatistics(StatisticsQuery.all().within(Duration.ofSeconds(10)));
    List<LogStatistics> wider =
        q.repository().logStatistics(StatisticsQuery.all().within(Duration.ofSeconds(10).plusNanos(1_000)));
    // THEN created > now - window is strict: the t0 bucket is out at exactly 10 s and in 1 µs later (T7, D27)
    assertThat(exact).extracting(LogStatistics::created).containsExactly(t0.plusSeconds(5));
    assertThat(wider).extracting(LogStatistics::created).containsExactly(t0.plusSeconds(5), t0);
  }

  @Test
  default void windowComparesTheBucketSecondNotTheRowInstant(TestQueue q) {
    // GIVEN a row written at t0 + 0.7 s (bucket t0), read at t0 + 10.5 s
    Instant t0 = q.now();
    q.advance(Duration.ofMillis(700));
    q.enqueue("a");
    q.advance(Duration.ofMillis(9_800));
    // WHEN read with windows of 10.5 s (boundary = t0) and 10.500001 s
    List<LogStatistics> atBoundary =
        q.repository().logStatistics(StatisticsQuery.all().within(Duration.ofMillis(10_500)));
    List<LogStatistics> past =
        q.repository().logStatistics(StatisticsQuery.all().within(Duration.ofMillis(10_500).plusNanos(1_000)));
    // THEN the bucket (at t0, not t0 + 0.7 s) is excluded at the boundary and included just past it (T7, T8)
    assertThat(atBoundary).isEmpty();
    assertThat(past).containsExactly(bucket(t0, "a", 0, JobStatus.QUEUED, 1));
  }

  @Test
  default void clearingStatisticsOfEntrypointsRemovesOnlyTheirBucketsAndKeepsTheLog(TestQueue q) {
    // GIVEN buckets for a, b and c
    Instant t0 = q.now();
    enqueueAll(q, NewJob.of("a"), NewJob.of("b"), NewJob.of("c"));
    q.repository().aggregateLogs();
    List<LogEntry> logBefore = q.repository().queueLog();
    // WHEN the statistics of a and c are cleared
    q.repository().clearStatistics(EntrypointScope.of("a", "c"));
    // THEN only b's bucket remains; the log rows are unchanged and are not counted again
    assertThat(q.repository().logStatistics(StatisticsQuery.all()))
        .containsExactly(bucket(t0, "b", 0, JobStatus.QUEUED, 1));
    assertThat(q.repository().queueLog()).isEqualTo(logBefore);
  }

  @Test
  default void clearingAllStatisticsRemovesEveryBucketAndKeepsTheLog(TestQueue q) {
    // GIVEN buckets for a and b
    enqueueAll(q, NewJob.of("a"), NewJob.of("b"));
    q.repository().aggregateLogs();
    List<LogEntry> logBefore = q.repository().queueLog();
    // WHEN every statistics bucket is cleared and a new row is written in the same second
    q.repository().clearStatistics(EntrypointScope.all());
    q.enqueue("a");
    // THEN only the new row is counted, in a new bucket; the old log rows are unchanged
    assertThat(q.repository().logStatistics(StatisticsQuery.all()))
        .containsExactly(bucket(q.now(), "a", 0, JobStatus.QUEUED, 1));
    assertThat(q.repository().queueLog().subList(0, 2)).isEqualTo(logBefore);
  }
}
