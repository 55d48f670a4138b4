/**
 * Micrometer metrics of pgqueuer, usable with or without Spring: {@link dev.pgqueuer.micrometer.WorkerMetrics} is a
 * {@link dev.pgqueuer.worker.WorkerListener} that counts and times what a worker does;
 * {@link dev.pgqueuer.micrometer.QueueMetrics} is a {@link io.micrometer.core.instrument.binder.MeterBinder} whose
 * gauges read the queue's depth and the age of its oldest queued job from the repository.
 * {@link dev.pgqueuer.micrometer.PgQueuerMeters} names every meter.
 *
 * <p>Parameters and results are never {@code null} unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.pgqueuer.micrometer;

import org.jspecify.annotations.NullMarked;
