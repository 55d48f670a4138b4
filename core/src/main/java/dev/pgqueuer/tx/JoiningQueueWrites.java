package dev.pgqueuer.tx;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.RetryRequest;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Queue writes that join the caller's current unit of work when there is one ({@link UnitOfWorkProvider#current()},
 * asked once per call) and otherwise run as the repository's own calls. What a framework module exposes to
 * application code so that "enqueue inside a transaction" needs no extra argument. Thread-safe when the provider is.
 */
public final class JoiningQueueWrites implements QueueWrites {

  private final Repository repository;
  private final UnitOfWorkProvider provider;

  /** @throws NullPointerException when an argument is null */
  public JoiningQueueWrites(Repository repository, UnitOfWorkProvider provider) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  private QueueWrites target() {
    Optional<UnitOfWork> uow = Objects.requireNonNull(provider.current(), "provider returned null");
    return uow.isPresent() ? repository.in(uow.get()) : repository;
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    return target().enqueue(request);
  }

  @Override
  public int logJobs(List<JobOutcome> outcomes) {
    return target().logJobs(outcomes);
  }

  @Override
  public boolean retryJob(RetryRequest request) {
    return target().retryJob(request);
  }

  @Override
  public int requeueJobs(Collection<JobId> ids) {
    return target().requeueJobs(ids);
  }

  @Override
  public int cancelJobs(Collection<JobId> ids) {
    return target().cancelJobs(ids);
  }

  @Override
  public Optional<Job> findJob(JobId id) {
    return target().findJob(id);
  }
}
