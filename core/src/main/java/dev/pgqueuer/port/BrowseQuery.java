package dev.pgqueuer.port;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.internal.Checks;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which queue rows {@link QueuePort#browseQueue} returns, in key order (priority descending, id ascending).
 * A {@code null} filter means "no filter"; an empty filter set is rejected (no "empty means all" trap, D15).
 *
 * @param statuses only rows in these statuses (queued, picked, failed), {@code null} for all
 * @param entrypoints only rows of these entrypoints, {@code null} for all
 * @param limit at most this many rows, {@code null} for all; never negative
 * @param offset rows to skip first; never negative
 */
public record BrowseQuery(
    @Nullable Set<JobStatus> statuses, @Nullable Set<String> entrypoints, @Nullable Integer limit, int offset) {

  /** @throws IllegalArgumentException for an empty filter set, a negative limit or offset */
  public BrowseQuery {
    if (statuses != null) {
      if (statuses.isEmpty()) {
        throw new IllegalArgumentException("statuses must not be empty (use null for all)");
      }
      statuses = Set.copyOf(EnumSet.copyOf(statuses));
    }
    if (entrypoints != null) {
      if (entrypoints.isEmpty()) {
        throw new IllegalArgumentException("entrypoints must not be empty (use null for all)");
      }
      Set<String> copy = new LinkedHashSet<>();
      for (String e : entrypoints) {
        copy.add(Checks.name(e, "entrypoints element"));
      }
      entrypoints = Set.copyOf(copy);
    }
    if (limit != null) {
      Checks.nonNegative(limit, "limit");
    }
    Checks.nonNegative(offset, "offset");
  }

  /** Every row. */
  public static BrowseQuery all() {
    return new BrowseQuery(null, null, null, 0);
  }

  /** This query restricted to {@code statuses}. */
  public BrowseQuery withStatuses(Set<JobStatus> statuses) {
    return new BrowseQuery(statuses, entrypoints, limit, offset);
  }

  /** This query restricted to {@code entrypoints}. */
  public BrowseQuery withEntrypoints(Set<String> entrypoints) {
    return new BrowseQuery(statuses, entrypoints, limit, offset);
  }

  /** This query with a limit and offset. */
  public BrowseQuery page(int limit, int offset) {
    return new BrowseQuery(statuses, entrypoints, limit, offset);
  }
}
