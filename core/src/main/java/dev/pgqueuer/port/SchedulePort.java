package dev.pgqueuer.port;

import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Cron schedules: one row per (entrypoint, expression), queued ↔ picked. No events. Thread-safe; same error rules
 * as {@link QueuePort}.
 */
public interface SchedulePort {

  /** A picked schedule whose heartbeat is older than this (strictly) may be fetched again. */
  Duration STALE_AFTER = Duration.ofSeconds(30);

  /**
   * Inserts the schedules that do not exist yet ({@code next_run = trunc_second(now + delay)}); existing keys are
   * left untouched. One id is consumed per spec, in order.
   *
   * @return the number inserted
   * @throws IllegalArgumentException when a key appears twice
   */
  int insertSchedules(List<ScheduleSpec> specs);

  /**
   * Claims the given schedules that are due ({@code queued} and {@code next_run <= now}) or stale ({@code picked}
   * and heartbeat older than {@link #STALE_AFTER}): status picked, heartbeat and updated now,
   * {@code next_run = trunc_second(now + delay)}. Unknown keys are ignored.
   *
   * @return the claimed schedules in id order
   */
  List<Schedule> fetchDueSchedules(List<ScheduleSpec> specs);

  /** Marks the schedules finished: status queued, {@code last_run = updated = now}. @return rows touched */
  int markSchedulesQueued(Collection<ScheduleId> ids);

  /** Sets {@code heartbeat = updated = now}. @return rows touched */
  int updateScheduleHeartbeat(Collection<ScheduleId> ids);

  /** Every schedule ordered by {@code last_run} ascending (never-run last), then id. */
  List<Schedule> peekSchedules();

  /** Deletes the schedules {@code deletion} selects. @return the number deleted */
  int deleteSchedules(ScheduleDeletion deletion);

  /** Deletes every schedule. */
  void clearSchedules();
}
