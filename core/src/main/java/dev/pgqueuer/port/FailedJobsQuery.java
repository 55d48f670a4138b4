package dev.pgqueuer.port;

import dev.pgqueuer.internal.Checks;
import java.util.Objects;

/**
 * Which held ({@code failed}) jobs to list: at most {@code limit}, ordered by {@code created} then id, both in
 * {@code order}.
 *
 * @param limit the most jobs to list; 0 lists none; never negative
 * @param order the direction of both sort keys; never null
 */
public record FailedJobsQuery(int limit, SortOrder order) {

  /**
   * @throws IllegalArgumentException when {@code limit} is negative
   * @throws NullPointerException when {@code order} is null
   */
  public FailedJobsQuery {
    Checks.nonNegative(limit, "limit");
    Objects.requireNonNull(order, "order");
  }

  /** The oldest {@code limit} held jobs first. */
  public static FailedJobsQuery oldest(int limit) {
    return new FailedJobsQuery(limit, SortOrder.ASC);
  }

  /** The newest {@code limit} held jobs first. */
  public static FailedJobsQuery newest(int limit) {
    return new FailedJobsQuery(limit, SortOrder.DESC);
  }
}
