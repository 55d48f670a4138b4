package dev.pgqueuer.conformance;

import dev.pgqueuer.conformance.worker.WorkerContract;

/**
 * The whole behavioural contract. A binding is a test class implementing this interface and
 * {@link #newRepository}; every default test method of every area then runs against that backend.
 *
 * <pre>{@code
 * class InMemoryContractTest implements RepositoryContract {
 *   public Repository newRepository(ManualClock clock) {
 *     return InMemoryRepository.create(clock);
 *   }
 * }
 * }</pre>
 */
public interface RepositoryContract
    extends EnqueueContract,
        DedupeContract,
        DequeueOrderContract,
        DequeueClaimContract,
        DequeueAllContract,
        LimitContract,
        StaleContract,
        StaleEtaContract,
        ProbeContract,
        BadInputContract,
        InputLimitsContract,
        OutcomeContract,
        RetryRequeueContract,
        CancellationContract,
        ClearContract,
        StatisticsContract,
        StatusContract,
        ScheduleContract,
        NotificationContract,
        SchemaContract,
        UnitOfWorkContract,
        UnitOfWorkWritesContract,
        UnitOfWorkConcurrencyContract,
        WorkerContract {}
