package dev.pgqueuer.junit;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The calls of one unit of work as a test sees them ({@link ObservedRepository#in}): the backend's, unchanged; the
 * observer hears of them when a unit from {@code begin()} commits (never after a rollback), and at once for a
 * caller's JDBC transaction, whose commit it cannot see. As thread-safe as the unit of work.
 */
final class ObservedWrites implements QueueWrites {

  private final QueueWrites writes;
  private final UnitOfWork uow;
  private final ObservedRepository.Observer observer;

  ObservedWrites(QueueWrites writes, UnitOfWork uow, ObservedRepository.Observer observer) {
    this.writes = writes;
    this.uow = uow;
    this.observer = observer;
  }

  private void after(@Nullable EnqueueResult result) {
    if (uow instanceof ManagedUnitOfWork managed) {
      managed.onCompletion(committed -> {
        if (committed) {
          observer.changed();
          if (result != null) {
            observer.enqueued(result);
          }
        }
      });
    } else {
      observer.changed();
    }
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    EnqueueResult result = writes.enqueue(request);
    after(result);
    return result;
  }

  @Override
  public int logJobs(List<JobOutcome> outcomes) {
    int n = writes.logJobs(outcomes);
    after(null);
    return n;
  }

  @Override
  public boolean retryJob(RetryRequest request) {
    boolean found = writes.retryJob(request);
    after(null);
    return found;
  }

  @Override
  public int requeueJobs(Collection<JobId> ids) {
    int n = writes.requeueJobs(ids);
    after(null);
    return n;
  }

  @Override
  public int cancelJobs(Collection<JobId> ids) {
    int n = writes.cancelJobs(ids);
    after(null);
    return n;
  }

  @Override
  public Optional<Job> findJob(JobId id) {
    return writes.findJob(id);
  }
}
