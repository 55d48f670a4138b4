package dev.pgqueuer.port;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.QueueStatistics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The job lifecycle: enqueue, claim, outcomes, retries, cancellation and the queue-state probes.
 *
 * <p>Every call is atomic and uses one {@code now}, read once from the repository's time source and truncated to
 * microseconds. Bad arguments raise {@link IllegalArgumentException} or {@link NullPointerException} before any
 * effect; a schema that is not installed raises {@link dev.pgqueuer.SchemaStateException}; database failures raise
 * {@link dev.pgqueuer.RepositoryException}. Implementations are thread-safe. The exact rules (boundaries, orders,
 * events) are in {@code docs/semantics.md}; the conformance suite pins each one.
 */
public interface QueuePort extends QueueWrites {

  /**
   * Inserts the jobs atomically, one id per input row in input order (ids are consumed even for skipped rows and
   * failed calls). Each inserted job gets one {@code queued} log row. A non-empty call sends one
   * {@code insert} table-changed event, even when every row was skipped.
   *
   * @throws dev.pgqueuer.DuplicateJobException in {@link OnConflict#RAISE} mode when a key is held by an active job
   *     or appears twice in the batch; nothing is inserted and no event is sent
   */
  @Override
  EnqueueResult enqueue(EnqueueRequest request);

  /**
   * Claims up to {@code batchSize} jobs in key order (priority descending, id ascending), fresh and stale together,
   * honouring fleet-wide concurrency limits and the worker budget; writes one {@code picked} log row per claim.
   *
   * @return the claimed jobs in key order (status picked, owned by the worker), possibly empty; unmodifiable
   */
  List<Job> dequeue(DequeueRequest request);

  /**
   * Serves several claims in one atomic call with one {@code now}: the result is exactly what {@link #dequeue} of
   * each request, in list order, at that {@code now} would return (request i's jobs are owned by its worker; the
   * {@code picked} log rows of the requests follow list order). A worker runtime uses it to serve the claims of
   * several workers that arrive together with one call; PostgreSQL runs consecutive requests with equal entrypoints,
   * limits and heartbeat timeout and no worker budget as one statement.
   *
   * @param requests the claims, in the order they are served; may be empty (then nothing is claimed, but a schema
   *     that is not installed still raises)
   * @return one list per request, in request order, each as {@link #dequeue} would return it; unmodifiable
   * @throws NullPointerException when {@code requests} or one of its elements is null, before any effect
   */
  List<List<Job>> dequeueAll(List<DequeueRequest> requests);

  /**
   * Records outcomes: {@code failed} keeps the row (held, owner cleared), every other status deletes it. A log row
   * is written only for ids whose row still existed. A non-empty call sends one {@code delete} event.
   *
   * @return the number of jobs that existed and were logged
   * @throws IllegalArgumentException when an id appears twice
   */
  @Override
  int logJobs(List<JobOutcome> outcomes);

  /**
   * Re-queues one job in place (any status): attempts + 1, owner cleared, eligible after the delay; writes a
   * {@code queued} log row with the traceback. No event.
   *
   * @return whether the job existed
   */
  @Override
  boolean retryJob(RetryRequest request);

  /**
   * Moves held ({@code failed}) jobs back to queued with attempts 0, eligible now; other ids are ignored. No event.
   *
   * @return the number of requeued jobs
   * @throws dev.pgqueuer.DuplicateJobException when a requeued job's dedupe key is held by an active job; nothing
   *     is requeued
   */
  @Override
  int requeueJobs(Collection<JobId> ids);

  /**
   * Deletes the jobs (any status) with one {@code canceled} log row each (in job id order), sends one
   * {@code delete} event when the id list is non-empty, then cancellation event(s) naming every given id.
   *
   * @return the number of jobs that existed
   */
  @Override
  int cancelJobs(Collection<JobId> ids);

  /**
   * Sets {@code heartbeat = now} on the jobs, whatever their status or owner; {@code updated} is untouched. No event.
   *
   * @return the number of jobs that existed
   */
  int updateHeartbeat(Collection<JobId> ids);

  /**
   * Deletes the jobs of the scope. For named entrypoints: one {@code deleted} log row each (job id order) and a
   * {@code delete} event; for {@link EntrypointScope#all()}: no log rows and a {@code truncate} event.
   */
  void clearQueue(EntrypointScope scope);

  /** The held jobs ordered by {@code created} then id, both in {@code order}; at most {@code limit} (≥ 0). */
  List<Job> listFailedJobs(int limit, SortOrder order);

  /** Queue rows counted per (entrypoint, priority, status), ordered by entrypoint, priority, status. */
  List<QueueStatistics> queueSize();

  /** The number of queued jobs (deferred or not) of these entrypoints. */
  long queuedWork(Set<String> entrypoints);

  /** The number of queued jobs of these entrypoints with {@code executeAfter <= now} (what dequeue could claim). */
  long eligibleQueuedWork(Set<String> entrypoints);

  /** The least {@code executeAfter - now} over queued jobs of these entrypoints with {@code executeAfter > now}. */
  Optional<Duration> nextDeferredEta(Set<String> entrypoints);

  /**
   * How long until a picked job of these entrypoints turns stale: the least {@code heartbeat + heartbeatTimeout -
   * now} over picked jobs, zero when one already is; empty when none is picked. An idle worker wakes then, so the
   * jobs of a crashed worker are re-picked when their heartbeat times out rather than at the next dequeue timeout.
   *
   * @throws IllegalArgumentException when {@code heartbeatTimeout} is negative or beyond the duration limit
   */
  Optional<Duration> nextStaleEta(Set<String> entrypoints, Duration heartbeatTimeout);

  /**
   * The latest logged status of each id (latest log row), answered from the log so that finished jobs answer too;
   * ids without log rows are absent. Iteration order is job id ascending.
   */
  Map<JobId, JobStatus> jobStatus(Collection<JobId> ids);

  /** The queue row of {@code id}, if it still exists. */
  @Override
  Optional<Job> findJob(JobId id);

  /** Queue rows matching {@code query}, in key order (priority descending, id ascending), paged. */
  List<Job> browseQueue(BrowseQuery query);
}
