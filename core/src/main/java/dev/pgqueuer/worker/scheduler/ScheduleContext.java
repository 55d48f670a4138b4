package dev.pgqueuer.worker.scheduler;

import dev.pgqueuer.Schedule;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What a {@link ScheduleHandler} sees of one firing. Thread-safe.
 */
public final class ScheduleContext {

  private final Schedule schedule;
  private final InstantSource clock;
  private final BooleanSupplier shutdownRequested;

  ScheduleContext(Schedule schedule, InstantSource clock, BooleanSupplier shutdownRequested) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.shutdownRequested = Objects.requireNonNull(shutdownRequested, "shutdownRequested");
  }

  /** The schedule row as claimed (status picked; {@code nextRun} already advanced to the following fire time). */
  public Schedule schedule() {
    return schedule;
  }

  /** The schedule's entrypoint. */
  public String entrypoint() {
    return schedule.key().entrypoint();
  }

  /** The repository's time source. */
  public InstantSource clock() {
    return clock;
  }

  /** Whether the scheduler has been asked to stop. */
  public boolean isShutdownRequested() {
    return shutdownRequested.getAsBoolean();
  }
}
