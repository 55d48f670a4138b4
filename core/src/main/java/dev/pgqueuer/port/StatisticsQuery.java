package dev.pgqueuer.port;

import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Which statistics buckets to read.
 *
 * @param limit the most buckets, {@code null} for all; 0 reads none; never negative
 * @param window only buckets with {@code created > now - window}, {@code null} for all; not negative
 */
public record StatisticsQuery(@Nullable Integer limit, @Nullable Duration window) {

  /** @throws IllegalArgumentException when the limit or window is negative */
  public StatisticsQuery {
    if (limit != null) {
      Checks.nonNegative(limit, "limit");
    }
    if (window != null) {
      window = Times.checkDuration(window, "window", false);
    }
  }

  /** Every bucket. */
  public static StatisticsQuery all() {
    return new StatisticsQuery(null, null);
  }

  /** This query with a limit. */
  public StatisticsQuery withLimit(int limit) {
    return new StatisticsQuery(limit, window);
  }

  /** This query restricted to the last {@code window}. */
  public StatisticsQuery within(Duration window) {
    return new StatisticsQuery(limit, window);
  }
}
