/**
 * The worker runtime: {@link dev.pgqueuer.worker.QueueManager} claims jobs through any
 * {@link dev.pgqueuer.port.Repository}, runs the registered {@link dev.pgqueuer.worker.JobHandler}s with
 * concurrency limits, retries and cooperative cancellation, keeps the heartbeats of running jobs fresh and records
 * outcomes in batches. {@link dev.pgqueuer.worker.WorkerStep} runs the same logic synchronously for deterministic
 * tests with a {@link dev.pgqueuer.ManualClock}. A {@link dev.pgqueuer.worker.WorkerListener} is told when jobs are
 * claimed, outcomes written and heartbeats written, so tests can wait on the worker's progress instead of polling.
 * Managers share nothing with each other unless built into one {@link dev.pgqueuer.worker.WorkerGroup}.
 *
 * <p>Components are never {@code null} unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.pgqueuer.worker;

import org.jspecify.annotations.NullMarked;
