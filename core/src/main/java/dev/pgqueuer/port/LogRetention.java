package dev.pgqueuer.port;

import dev.pgqueuer.internal.Times;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What {@link LogPort#pruneLog} removes. With {@code cutoff = now - age}, where {@code now} is the call's instant:
 *
 * <ul>
 *   <li>the log rows of every job whose newest log row was created before the log cutoff ({@code created <
 *       now - logAge}) and that has no queue row any more (finished, canceled or cleared): all of its rows go
 *       together, so a job's log is either whole or gone. Jobs still in the queue (queued, picked or held) keep
 *       their rows however old;</li>
 *   <li>when {@code statisticsAge} is set, the statistics buckets created before {@code now - statisticsAge}.</li>
 * </ul>
 *
 * <p>Pruning first folds every log row into statistics (as {@link LogPort#logStatistics} does), so statistics count
 * the pruned rows. What is lost: a pruned job is absent from {@code jobStatus} (as an unknown id) and has an empty
 * {@code jobLog}; {@code queueLog} no longer lists its rows; {@code logStatistics} with a window longer than
 * {@code statisticsAge} (or none) no longer returns the pruned buckets.
 *
 * @param logAge how old a job's newest log row must be for its rows to go; not negative
 * @param statisticsAge how old a statistics bucket must be to go, {@code null} to keep every bucket; not negative
 */
public record LogRetention(Duration logAge, @Nullable Duration statisticsAge) {

  /**
   * @throws NullPointerException when {@code logAge} is null
   * @throws IllegalArgumentException when an age is negative or beyond 100,000 days
   */
  public LogRetention {
    logAge = Times.checkDuration(logAge, "logAge", false);
    if (statisticsAge != null) {
      statisticsAge = Times.checkDuration(statisticsAge, "statisticsAge", false);
    }
  }

  /** Removes the log rows of jobs finished longer than {@code logAge} ago; keeps statistics. */
  public static LogRetention logsOlderThan(Duration logAge) {
    return new LogRetention(logAge, null);
  }

  /** This retention also removing statistics buckets older than {@code statisticsAge}. */
  public LogRetention statisticsOlderThan(Duration statisticsAge) {
    return new LogRetention(logAge, statisticsAge);
  }
}
