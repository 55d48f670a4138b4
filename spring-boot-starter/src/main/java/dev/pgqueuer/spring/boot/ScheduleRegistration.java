package dev.pgqueuer.spring.boot;

import dev.pgqueuer.worker.scheduler.ScheduleHandler;
import java.util.Objects;

/**
 * A cron schedule declared as a bean (the bean form of {@link PgQueuerSchedule}). Immutable.
 *
 * <pre>{@code
 * @Bean
 * ScheduleRegistration cleanup(Store store) {
 *   return ScheduleRegistration.of("cleanup", "0 * * * *", ctx -> store.cleanUp());
 * }
 * }</pre>
 *
 * @param entrypoint the schedule's name: not blank
 * @param cron a 5-field (or 6-field, seconds first) cron expression, validated when the scheduler is built
 * @param handler what to run
 * @param replaceExisting whether stored schedules of this entrypoint with other expressions are deleted at first
 *     registration
 */
public record ScheduleRegistration(String entrypoint, String cron, ScheduleHandler handler, boolean replaceExisting) {

  /** @throws NullPointerException for a null component @throws IllegalArgumentException for a blank name */
  public ScheduleRegistration {
    Objects.requireNonNull(entrypoint, "entrypoint");
    Objects.requireNonNull(cron, "cron of schedule " + entrypoint);
    Objects.requireNonNull(handler, "handler of schedule " + entrypoint);
    if (entrypoint.isBlank()) {
      throw new IllegalArgumentException("a schedule's entrypoint must not be blank");
    }
  }

  /** A schedule that replaces stored schedules of its entrypoint with other expressions. */
  public static ScheduleRegistration of(String entrypoint, String cron, ScheduleHandler handler) {
    return new ScheduleRegistration(entrypoint, cron, handler, true);
  }

  /** This schedule with another cron expression. */
  public ScheduleRegistration withCron(String expression) {
    return new ScheduleRegistration(entrypoint, expression, handler, replaceExisting);
  }
}
