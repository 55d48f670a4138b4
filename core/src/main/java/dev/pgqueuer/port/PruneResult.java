package dev.pgqueuer.port;

/**
 * What one {@link LogPort#pruneLog} call removed; the same on both backends.
 *
 * @param logRows the log rows deleted, not negative
 * @param statisticsBuckets the statistics buckets deleted, not negative
 */
public record PruneResult(long logRows, long statisticsBuckets) {

  /** @throws IllegalArgumentException for a negative count */
  public PruneResult {
    if (logRows < 0 || statisticsBuckets < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + logRows + ", " + statisticsBuckets);
    }
  }
}
