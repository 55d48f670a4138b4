package dev.pgqueuer.conformance.worker;

/**
 * Every worker and scheduler contract: deterministic steps, reliability of the threaded runtime, cron schedules.
 * Included in {@link dev.pgqueuer.conformance.RepositoryContract}; a binding may also implement it alone.
 */
public interface WorkerContract extends WorkerStepContract, WorkerReliabilityContract, CronSchedulerContract {}
