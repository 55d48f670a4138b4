/**
 * The behavioural contract of the worker runtime and the scheduler ({@code dev.pgqueuer.worker}): the same worker
 * code must behave identically on every {@link dev.pgqueuer.port.Repository}. Aggregated by
 * {@link dev.pgqueuer.conformance.worker.WorkerContract}, which
 * {@link dev.pgqueuer.conformance.RepositoryContract} includes.
 */
@NullMarked
package dev.pgqueuer.conformance.worker;

import org.jspecify.annotations.NullMarked;
