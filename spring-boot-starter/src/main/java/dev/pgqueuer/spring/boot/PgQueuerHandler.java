package dev.pgqueuer.spring.boot;

import dev.pgqueuer.worker.OnFailure;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a bean method as the handler of an entrypoint: the worker calls it for each job of that entrypoint.
 *
 * <pre>{@code
 * @Component
 * class Mails {
 *   @PgQueuerHandler(value = "welcome-mail", retryAttempts = 5, retryInitialDelay = "10s")
 *   void welcome(JobContext job) { ... }
 * }
 * }</pre>
 *
 * <p>The method takes no parameter, or one of: {@link dev.pgqueuer.worker.JobContext} (the job and its cancellation
 * signal), {@link dev.pgqueuer.Job}, {@link dev.pgqueuer.Payload} (nullable) or {@code String} (the payload as
 * UTF-8, nullable). Its return value is ignored; what it throws is handled as by any
 * {@link dev.pgqueuer.worker.JobHandler} (see there). It may be called concurrently for different jobs.
 * Properties under {@code pgqueuer.handlers.<entrypoint>} override the attributes. An entrypoint may have one
 * handler: a second one, annotated or an {@link dev.pgqueuer.worker.Entrypoint} bean, fails the startup.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PgQueuerHandler {

  /** The entrypoint name the jobs are enqueued with. */
  String value();

  /** The most jobs of the entrypoint picked at once across every worker; 0 (default) for no limit. */
  int concurrencyLimit() default 0;

  /** What to do with a job that failed for good (after its retries): delete it (default) or hold it. */
  OnFailure onFailure() default OnFailure.DELETE;

  /** The most automatic retries of a failed job; 0 (default) for none. */
  int retryAttempts() default 0;

  /** The delay of the first retry, as a Spring duration ({@code 500ms}, {@code 10s}, {@code PT1M}). */
  String retryInitialDelay() default "1s";

  /** The largest retry delay, as a Spring duration. */
  String retryMaxDelay() default "5m";
}
