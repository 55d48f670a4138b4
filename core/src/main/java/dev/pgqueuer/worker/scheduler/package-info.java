/**
 * Cron schedules: {@link dev.pgqueuer.worker.scheduler.Scheduler} persists each (entrypoint, cron expression)
 * through {@link dev.pgqueuer.port.SchedulePort} and runs its handler once per due time, however many schedulers
 * share the queue. {@link dev.pgqueuer.worker.scheduler.Scheduler#runDue()} is the deterministic step for tests
 * with a {@link dev.pgqueuer.ManualClock}.
 *
 * <p>Components are never {@code null} unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.pgqueuer.worker.scheduler;

import org.jspecify.annotations.NullMarked;
