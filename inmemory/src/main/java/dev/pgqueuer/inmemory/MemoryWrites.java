package dev.pgqueuer.inmemory;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.internal.Batches;
import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.RetryRequest;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The queue calls of one in-memory unit of work ({@link RepositoryCore#in}): arguments are validated exactly as
 * by the plain calls, before any effect; then the call runs under the repository's lock in {@link UnitCalls}.
 */
final class MemoryWrites implements QueueWrites {

  private final RepositoryCore repository;
  private final MemoryUnit unit;

  MemoryWrites(RepositoryCore repository, MemoryUnit unit) {
    this.repository = repository;
    this.unit = unit;
  }

  private <T> T run(String operation, Function<QueueState, T> body) {
    return repository.write(s -> {
      if (!unit.open) {
        throw new IllegalStateException(operation + " in a unit of work that already ended");
      }
      if (s != unit.state) {
        throw new IllegalStateException(operation + " in a unit of work whose queue was uninstalled");
      }
      return body.apply(s);
    });
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    Objects.requireNonNull(request, "request");
    long[] drawn = new long[1];
    Commands.Inserted inserted = run("enqueue", s -> request.jobs().isEmpty() ? null
        : UnitCalls.enqueue(s, unit, repository.units, request, repository.now, drawn));
    return inserted == null ? new EnqueueResult(List.of()) : inserted.toResult();
  }

  @Override
  public int logJobs(List<JobOutcome> outcomes) {
    List<JobOutcome> list = Batches.outcomes(outcomes);
    return run("logJobs", s -> list.isEmpty() ? 0
        : UnitCalls.logJobs(s, unit, repository.units, list, repository.now));
  }

  @Override
  public boolean retryJob(RetryRequest request) {
    Objects.requireNonNull(request, "request");
    return run("retryJob", s -> UnitCalls.retry(s, unit, repository.units, request, repository.now));
  }

  @Override
  public int requeueJobs(Collection<JobId> ids) {
    List<JobId> list = Checks.distinctIds(ids, "ids");
    return run("requeueJobs", s -> UnitCalls.requeue(s, unit, repository.units, list, repository.now));
  }

  @Override
  public int cancelJobs(Collection<JobId> ids) {
    List<JobId> list = Checks.distinctIds(ids, "ids");
    return run("cancelJobs", s -> list.isEmpty() ? 0
        : UnitCalls.cancel(s, unit, repository.units, list, repository.now));
  }

  @Override
  public Optional<Job> findJob(JobId id) {
    Objects.requireNonNull(id, "id");
    return run("findJob", s -> UnitCalls.find(s, unit, repository.records, id));
  }
}
