package dev.pgqueuer.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a bean method as a cron schedule: the scheduler runs it at each fire time, once across every instance of
 * the application that shares the queue.
 *
 * <pre>{@code
 * @PgQueuerSchedule(entrypoint = "nightly-report", cron = "0 2 * * *")
 * void nightlyReport() { ... }
 * }</pre>
 *
 * <p>The method takes no parameter or a {@link dev.pgqueuer.worker.scheduler.ScheduleContext}. An exception is
 * logged; the schedule fires again at its next time. Properties under {@code pgqueuer.schedules.<entrypoint>}
 * override the expression or switch the schedule off. The time zone is {@code pgqueuer.scheduler.zone} (UTC by
 * default).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PgQueuerSchedule {

  /** The schedule's name (its entrypoint). */
  String entrypoint();

  /** A 5-field cron expression, or 6 fields with seconds first; may be a {@code ${property}} placeholder. */
  String cron();

  /** Whether the stored schedules of this entrypoint with other expressions are deleted at first registration. */
  boolean replaceExisting() default true;
}
