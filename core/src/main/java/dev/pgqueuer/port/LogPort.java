package dev.pgqueuer.port;

import dev.pgqueuer.JobId;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.LogStatistics;
import java.util.List;

/**
 * The transition log and its per-second statistics. Thread-safe; same error rules as {@link QueuePort}.
 */
public interface LogPort {

  /** Every log row, in the order they were written (log id order). */
  List<LogEntry> queueLog();

  /** The log rows of one job, in the order they were written. */
  List<LogEntry> jobLog(JobId id);

  /**
   * Folds un-aggregated log rows into statistics buckets per (entrypoint, priority, status, UTC second), adding to
   * existing buckets, and flags the rows. A no-op when another aggregation is running.
   */
  void aggregateLogs();

  /**
   * Aggregates (waiting for a running aggregation), then returns buckets with {@code created > now - window},
   * newest bucket first (by creation of the bucket), at most {@code limit}.
   */
  List<LogStatistics> logStatistics(StatisticsQuery query);

  /** Deletes the statistics buckets of the scope; log rows are untouched. */
  void clearStatistics(EntrypointScope scope);

  /**
   * Log retention: aggregates (waiting for a running aggregation), then removes the log rows of finished jobs and
   * the statistics buckets older than {@code retention} says (see {@link LogRetention} for exactly what goes and
   * what reads lose). Sends no event.
   *
   * @throws dev.pgqueuer.SchemaStateException when the queue is not installed
   */
  PruneResult pruneLog(LogRetention retention);
}
