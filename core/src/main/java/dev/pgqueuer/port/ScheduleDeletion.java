package dev.pgqueuer.port;

import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.internal.Checks;
import java.util.Set;

/**
 * Which schedules to delete: those whose id is in {@code ids} or whose entrypoint is in {@code entrypoints}. Both
 * sets empty deletes nothing.
 *
 * @param ids schedule ids; never null, no null element; stored as an immutable copy
 * @param entrypoints entrypoint names; never null, no null element; stored as an immutable copy
 */
public record ScheduleDeletion(Set<ScheduleId> ids, Set<String> entrypoints) {

  /** @throws NullPointerException when a set or one of its elements is null */
  public ScheduleDeletion {
    ids = Set.copyOf(Checks.noNulls(ids, "ids"));
    entrypoints = Set.copyOf(Checks.noNulls(entrypoints, "entrypoints"));
  }

  /** The schedules with these ids. */
  public static ScheduleDeletion ids(Set<ScheduleId> ids) {
    return new ScheduleDeletion(ids, Set.of());
  }

  /** Every schedule of these entrypoints. */
  public static ScheduleDeletion entrypoints(Set<String> entrypoints) {
    return new ScheduleDeletion(Set.of(), entrypoints);
  }
}
