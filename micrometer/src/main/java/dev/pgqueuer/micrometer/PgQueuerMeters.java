package dev.pgqueuer.micrometer;

/**
 * The names and tags of pgqueuer's meters. Registries rename them to their own conventions (Prometheus, for
 * example, exposes {@code pgqueuer.jobs.finished} as {@code pgqueuer_jobs_finished_total}).
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #JOBS_CLAIMED}</td><td>counter</td><td>entrypoint</td><td>jobs a worker claimed</td></tr>
 *   <tr><td>{@value #JOBS_FINISHED}</td><td>counter</td><td>entrypoint, outcome</td><td>jobs whose handler
 *       finished, by outcome: successful, canceled, retried, exception (failed, deleted), failed (failed, held)</td></tr>
 *   <tr><td>{@value #HANDLER_DURATION}</td><td>timer</td><td>entrypoint, outcome</td><td>how long handlers
 *       ran</td></tr>
 *   <tr><td>{@value #OUTCOME_WRITE}</td><td>timer</td><td>none</td><td>how long each write of buffered outcomes
 *       took in the repository (one per flush)</td></tr>
 *   <tr><td>{@value #OUTCOMES_WRITTEN}</td><td>counter</td><td>none</td><td>outcomes written</td></tr>
 *   <tr><td>{@value #QUEUE_DEPTH}</td><td>gauge</td><td>entrypoint, status</td><td>queue rows by status: queued
 *       (deferred ones included), picked, failed (held)</td></tr>
 *   <tr><td>{@value #OLDEST_QUEUED_AGE}</td><td>time gauge (seconds)</td><td>entrypoint</td><td>time since the
 *       oldest queued job was enqueued, 0 when none is queued</td></tr>
 * </table>
 */
public final class PgQueuerMeters {

  /** Counter: jobs claimed by a worker. */
  public static final String JOBS_CLAIMED = "pgqueuer.jobs.claimed";
  /** Counter: jobs whose handler finished, by outcome. */
  public static final String JOBS_FINISHED = "pgqueuer.jobs.finished";
  /** Timer: handler run time. */
  public static final String HANDLER_DURATION = "pgqueuer.handler.duration";
  /** Timer: time of one write of buffered outcomes. */
  public static final String OUTCOME_WRITE = "pgqueuer.outcomes.write";
  /** Counter: outcomes written. */
  public static final String OUTCOMES_WRITTEN = "pgqueuer.outcomes.written";
  /** Gauge: queue rows by entrypoint and status. */
  public static final String QUEUE_DEPTH = "pgqueuer.queue.depth";
  /** Time gauge: age of the oldest queued job by entrypoint. */
  public static final String OLDEST_QUEUED_AGE = "pgqueuer.queue.oldest.age";

  /** Tag: the job's entrypoint. */
  public static final String TAG_ENTRYPOINT = "entrypoint";
  /** Tag: what became of the job (lower case {@link dev.pgqueuer.worker.JobResult.Disposition}). */
  public static final String TAG_OUTCOME = "outcome";
  /** Tag: the row status (lower case {@link dev.pgqueuer.JobStatus}: queued, picked, failed). */
  public static final String TAG_STATUS = "status";

  private PgQueuerMeters() {}
}
