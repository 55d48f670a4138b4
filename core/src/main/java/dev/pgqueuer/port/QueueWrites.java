package dev.pgqueuer.port;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The queue calls that can run inside a unit of work ({@link UnitOfWorkPort#in}): the writes, plus the read a writer
 * needs to see its own uncommitted jobs. A {@link QueuePort} is itself the {@code QueueWrites} whose every call is
 * its own transaction. Each method means exactly what the {@link QueuePort} method of the same name means; inside a
 * unit of work the rules of {@code docs/semantics.md} ("Units of work") add visibility, atomicity and event timing.
 * Thread-safe where the underlying unit of work is used one call at a time.
 */
public interface QueueWrites {

  /** See {@link QueuePort#enqueue}. */
  EnqueueResult enqueue(EnqueueRequest request);

  /** See {@link QueuePort#logJobs}; inside a unit of work this is transactional completion. */
  int logJobs(List<JobOutcome> outcomes);

  /** See {@link QueuePort#retryJob}. */
  boolean retryJob(RetryRequest request);

  /** See {@link QueuePort#requeueJobs}. */
  int requeueJobs(Collection<JobId> ids);

  /** See {@link QueuePort#cancelJobs}. */
  int cancelJobs(Collection<JobId> ids);

  /** See {@link QueuePort#findJob}; inside a unit of work it sees the unit's own writes. */
  Optional<Job> findJob(JobId id);
}
