/**
 * Spring Boot auto-configuration of pgqueuer: the repository over the application's {@code DataSource} (or in
 * memory), schema handling at startup, the worker and the scheduler as lifecycle beans, handlers and schedules
 * declared as beans or annotated methods ({@link dev.pgqueuer.spring.boot.PgQueuerHandler},
 * {@link dev.pgqueuer.spring.boot.PgQueuerSchedule}), queue writes that join Spring-managed transactions, Micrometer
 * metrics and an Actuator health indicator. Every property is under {@code pgqueuer.*}
 * ({@link dev.pgqueuer.spring.boot.PgQueuerProperties}).
 *
 * <p>Parameters and results are never {@code null} unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.pgqueuer.spring.boot;

import org.jspecify.annotations.NullMarked;
