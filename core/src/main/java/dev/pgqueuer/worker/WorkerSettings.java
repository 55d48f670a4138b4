package dev.pgqueuer.worker;

import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.LogRetention;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link QueueManager} claims, runs and records jobs. Set through {@link QueueManager.Builder}; validated
 * when the manager is built. Immutable.
 *
 * @param batchSize the most jobs one dequeue claims, at least 1 (default 10)
 * @param maxConcurrentTasks the most jobs this worker runs at once (claimed and not finished; finished jobs whose
 *     outcome is still buffered do not count); no dequeue asks for more than the slots it leaves free, and it is
 *     the most handler threads when virtual threads are unavailable; at least {@code 2 × batchSize} (default
 *     {@code max(2 × batchSize, 32)})
 * @param heartbeatTimeout a job whose heartbeat is this old is stale and may be re-picked by any worker; running
 *     jobs are beaten every quarter of it; positive (default 30 s)
 * @param dequeueTimeout the longest idle wait without a notification before the worker looks again; positive
 *     (default 30 s)
 * @param pollInterval the wait before looking again when eligible work exists that could not be claimed (held by
 *     concurrency limits elsewhere); positive (default 100 ms)
 * @param flushSize buffered outcomes are written as soon as this many are waiting; at least 1 (default
 *     {@code max(batchSize, 100)}, where PgQueuer flushes at {@code batchSize}: on PostgreSQL each write is a
 *     transaction that sends a {@code delete} event, and PostgreSQL commits notifying transactions one at a time,
 *     WAL flush included; fewer, larger writes under load leave room for claims and enqueues. While fewer than
 *     {@code flushSize} jobs finish per {@code flushInterval}, the interval decides; see docs/benchmarks.md)
 * @param flushInterval buffered outcomes are written at the latest this long after the first of them; not
 *     negative, zero writes at once (default 50 ms)
 * @param logAggregationInterval how often the log is folded into statistics while jobs run; zero disables
 *     (statistics are then folded when read); not negative (default 30 s)
 * @param logRetention what the worker prunes from the log and statistics ({@link
 *     dev.pgqueuer.port.Repository#pruneLog}), {@code null} for no pruning (the default)
 * @param retentionInterval how often the worker prunes, measured on the repository's clock from the worker's start
 *     (the first pruning runs one interval after it); positive (default 1 h); unused without a retention
 */
public record WorkerSettings(
    int batchSize,
    int maxConcurrentTasks,
    Duration heartbeatTimeout,
    Duration dequeueTimeout,
    Duration pollInterval,
    int flushSize,
    Duration flushInterval,
    Duration logAggregationInterval,
    @Nullable LogRetention logRetention,
    Duration retentionInterval) {

  /** The default batch size, 10 (PgQueuer's). */
  public static final int DEFAULT_BATCH_SIZE = 10;

  /** The default pruning period, one hour. */
  public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofHours(1);

  /** @throws IllegalArgumentException on a bad value, naming the setting */
  public WorkerSettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (maxConcurrentTasks < 2L * batchSize) {
      throw new IllegalArgumentException("maxConcurrentTasks (" + maxConcurrentTasks
          + ") must be at least 2 × batchSize (" + batchSize + "), so that a full batch can be claimed while "
          + "the previous one finishes");
    }
    heartbeatTimeout = positive(heartbeatTimeout, "heartbeatTimeout");
    dequeueTimeout = positive(dequeueTimeout, "dequeueTimeout");
    pollInterval = positive(pollInterval, "pollInterval");
    if (flushSize < 1) {
      throw new IllegalArgumentException("flushSize must be >= 1, got " + flushSize);
    }
    flushInterval = Times.checkDuration(flushInterval, "flushInterval", false);
    logAggregationInterval = Times.checkDuration(logAggregationInterval, "logAggregationInterval", false);
    retentionInterval = positive(retentionInterval, "retentionInterval");
  }

  /**
   * The defaults: PgQueuer's batch size, heartbeat timeout and dequeue timeout; outcomes written at 100 or after
   * 50 ms (PgQueuer: at the batch size or after about 100 ms).
   */
  public static WorkerSettings defaults() {
    return new WorkerSettings(DEFAULT_BATCH_SIZE, defaultMaxConcurrentTasks(DEFAULT_BATCH_SIZE),
        Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(100), defaultFlushSize(DEFAULT_BATCH_SIZE),
        Duration.ofMillis(50), Duration.ofSeconds(30), null, DEFAULT_RETENTION_INTERVAL);
  }

  /** The default {@code flushSize} for a batch size: {@code max(batchSize, 100)}. */
  public static int defaultFlushSize(int batchSize) {
    return Math.max(batchSize, 100);
  }

  /** The default {@code maxConcurrentTasks} for a batch size: {@code max(2 × batchSize, 32)}. */
  public static int defaultMaxConcurrentTasks(int batchSize) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(2L * batchSize, 32));
  }

  /** The heartbeat period of running jobs: a quarter of the timeout. */
  public Duration heartbeatInterval() {
    return heartbeatTimeout.dividedBy(4);
  }

  private static Duration positive(Duration value, String name) {
    Duration d = Times.checkDuration(value, name, false);
    if (d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return d;
  }
}
