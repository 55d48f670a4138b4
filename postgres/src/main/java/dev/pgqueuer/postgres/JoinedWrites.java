package dev.pgqueuer.postgres;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.RetryRequest;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The queue calls of one caller's transaction ({@link PostgresRepository#in}). As thread-safe as its connection. */
final class JoinedWrites implements QueueWrites {

  private final QueueOps queue;
  private final ReadOps reads;
  private final Session session;

  JoinedWrites(QueueOps queue, ReadOps reads, Session session) {
    this.queue = queue;
    this.reads = reads;
    this.session = session;
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    return queue.enqueue(session, request);
  }

  @Override
  public int logJobs(List<JobOutcome> outcomes) {
    return queue.logJobs(session, outcomes);
  }

  @Override
  public boolean retryJob(RetryRequest request) {
    return queue.retryJob(session, request);
  }

  @Override
  public int requeueJobs(Collection<JobId> ids) {
    return queue.requeueJobs(session, ids);
  }

  @Override
  public int cancelJobs(Collection<JobId> ids) {
    return queue.cancelJobs(session, ids);
  }

  @Override
  public Optional<Job> findJob(JobId id) {
    return reads.findJob(session, id);
  }
}
