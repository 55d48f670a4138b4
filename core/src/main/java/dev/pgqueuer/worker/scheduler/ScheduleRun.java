package dev.pgqueuer.worker.scheduler;

import dev.pgqueuer.Schedule;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One firing of a schedule. Immutable.
 *
 * @param schedule the row as claimed ({@code nextRun} already advanced)
 * @param error what the handler threw, {@code null} when it returned
 */
public record ScheduleRun(Schedule schedule, @Nullable Throwable error) {

  /** @throws NullPointerException when {@code schedule} is null */
  public ScheduleRun {
    Objects.requireNonNull(schedule, "schedule");
  }

  /** The schedule's entrypoint. */
  public String entrypoint() {
    return schedule.key().entrypoint();
  }

  /** Whether the handler returned normally. */
  public boolean succeeded() {
    return error == null;
  }
}
