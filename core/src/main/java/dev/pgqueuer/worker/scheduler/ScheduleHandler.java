package dev.pgqueuer.worker.scheduler;

/**
 * The code run when a schedule fires. An exception is logged and reported in the {@link ScheduleRun}; it does not
 * stop the schedule, which fires again at its next time.
 */
@FunctionalInterface
public interface ScheduleHandler {

  /**
   * Runs one firing.
   *
   * @param context the schedule row as claimed; never {@code null}
   * @throws Exception any failure
   */
  void run(ScheduleContext context) throws Exception;
}
