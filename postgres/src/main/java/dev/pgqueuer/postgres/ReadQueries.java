package dev.pgqueuer.postgres;

/**
 * The SQL of the reading operations and of the statistics, one template per port operation; see
 * {@link QueueQueries} for the placeholders. Text is ordered with {@code COLLATE "C"} (code-point order, rule R8).
 */
final class ReadQueries {

  private ReadQueries() {}

  /** One job. Parameter: id. */
  static final String FIND_JOB = "SELECT {job_columns} FROM {queue} j WHERE j.id = ?";

  /** Held jobs; {@code {order}} is ASC or DESC, {@code {limit}} the validated limit. */
  static final String LIST_FAILED = """
      SELECT {job_columns} FROM {queue} j WHERE j.status = 'failed'
      ORDER BY j.created {order}, j.id {order} LIMIT {limit}""";

  /**
   * Queue rows in key order; {@code {where}} holds the optional filters, {@code {limit}} and {@code {offset}} the
   * validated page.
   */
  static final String BROWSE = """
      SELECT {job_columns} FROM {queue} j WHERE {where}
      ORDER BY j.priority DESC, j.id LIMIT {limit} OFFSET {offset}""";

  /** The status filter of {@link #BROWSE}. Parameter: statuses. */
  static final String BROWSE_STATUSES = "j.status = ANY(?::text[]::{status}[])";

  /** The entrypoint filter of {@link #BROWSE}. Parameter: entrypoints. */
  static final String BROWSE_ENTRYPOINTS = "j.entrypoint = ANY(?::text[])";

  /** Counts per (entrypoint, priority, status). */
  static final String QUEUE_SIZE = """
      SELECT j.entrypoint, j.priority, j.status::text AS status, count(*) AS count
      FROM {queue} j GROUP BY j.entrypoint, j.priority, j.status
      ORDER BY j.entrypoint COLLATE "C", j.priority, j.status""";

  /** Queued jobs of the entrypoints. Parameter: entrypoints. */
  static final String QUEUED_WORK =
      "SELECT count(*) FROM {queue} j WHERE j.status = 'queued' AND j.entrypoint = ANY(?::text[])";

  /** Queued jobs due now ({@code <=}, rule T4). Parameters: entrypoints, now. */
  static final String ELIGIBLE_WORK = """
      SELECT count(*) FROM {queue} j WHERE j.status = 'queued' AND j.entrypoint = ANY(?::text[])
        AND j.execute_after <= coalesce(?::timestamptz, now())""";

  /** The earliest deferred job and the call's now (T5). Parameters: now, entrypoints. */
  static final String NEXT_DEFERRED = """
      WITH p AS MATERIALIZED (SELECT coalesce(?::timestamptz, now()) AS now)
      SELECT (SELECT min(j.execute_after) FROM {queue} j
              WHERE j.status = 'queued' AND j.entrypoint = ANY(?::text[]) AND j.execute_after > p.now) AS first,
             p.now AS now
      FROM p""";

  /** The oldest heartbeat of a picked job of the entrypoints, and {@code now}. Parameters: now, entrypoints. */
  static final String OLDEST_PICKED = """
      WITH p AS MATERIALIZED (SELECT coalesce(?::timestamptz, now()) AS now)
      SELECT (SELECT min(j.heartbeat) FROM {queue} j
              WHERE j.status = 'picked' AND j.entrypoint = ANY(?::text[])) AS first,
             p.now AS now
      FROM p""";

  /**
   * The status of each job's last written log row (greatest log id), in job id order. Write order, not
   * {@code created}: concurrent calls may commit out of their {@code now} order, and the last write is what happened.
   * Parameter: ids.
   */
  static final String JOB_STATUS = """
      SELECT DISTINCT ON (l.job_id) l.job_id, l.status::text AS status FROM {log} l
      WHERE l.job_id = ANY(?::int8[]) ORDER BY l.job_id, l.id DESC""";

  /** Every log row in write order. */
  static final String QUEUE_LOG = "SELECT {log_columns} FROM {log} l ORDER BY l.id";

  /** One job's log rows in write order. Parameter: job id. */
  static final String JOB_LOG = "SELECT {log_columns} FROM {log} l WHERE l.job_id = ? ORDER BY l.id";

  /** Non-blocking guard of aggregation (a no-op while another one runs). Parameter: key. */
  static final String TRY_AGGREGATION_LOCK = "SELECT pg_try_advisory_xact_lock(?)";

  /** Blocking guard of aggregation, for statistics reads. Parameter: key. */
  static final String AGGREGATION_LOCK = "SELECT pg_advisory_xact_lock(?)";

  /**
   * Folds un-aggregated log rows into per-UTC-second buckets: adds to an existing bucket, creates new ones in
   * (second, entrypoint, priority, status) order (rule R6), flags the rows.
   */
  static final String AGGREGATE = """
      WITH flagged AS (
        UPDATE {log} SET aggregated = true WHERE NOT aggregated
        RETURNING created, entrypoint, priority, status
      ),
      grp AS (
        SELECT date_trunc('sec', created AT TIME ZONE 'UTC') AS sec, entrypoint, priority, status, count(*) AS n
        FROM flagged GROUP BY 1, 2, 3, 4
      )
      INSERT INTO {stats} AS s (created, count, priority, status, entrypoint)
      SELECT sec AT TIME ZONE 'UTC', n, priority, status, entrypoint FROM grp
      ORDER BY sec, entrypoint COLLATE "C", priority, status
      ON CONFLICT (priority, date_trunc('sec', created AT TIME ZONE 'UTC'), status, entrypoint)
      DO UPDATE SET count = s.count + EXCLUDED.count""";

  /**
   * Buckets within the window ({@code created > now - window}, T7), newest bucket first. Parameters: now, window
   * (µs or null), window.
   */
  static final String STATISTICS = """
      SELECT s.created, s.entrypoint, s.priority, s.status::text AS status, s.count FROM {stats} s
      WHERE ?::int8 IS NULL OR s.created > coalesce(?::timestamptz, now()) - ?::int8 * interval '1 microsecond'
      ORDER BY s.id DESC LIMIT {limit}""";

  /**
   * Log retention: deletes every log row of the jobs whose newest row is older than the cutoff and that have no
   * queue row; returns the count. Parameters: now, log age (µs).
   */
  static final String PRUNE_LOG = """
      WITH p AS (SELECT coalesce(?::timestamptz, now()) - ?::int8 * interval '1 microsecond' AS cutoff),
      old AS (SELECT DISTINCT l.job_id FROM {log} l, p WHERE l.created < p.cutoff),
      doomed AS (
        SELECT o.job_id FROM old o, p
        WHERE NOT EXISTS (SELECT 1 FROM {log} l WHERE l.job_id = o.job_id AND l.created >= p.cutoff)
          AND NOT EXISTS (SELECT 1 FROM {queue} q WHERE q.id = o.job_id)
      ),
      gone AS (DELETE FROM {log} l USING doomed d WHERE l.job_id = d.job_id RETURNING 1)
      SELECT count(*) FROM gone""";

  /**
   * Statistics retention: deletes the buckets created before {@code now - age}; returns the count. Parameters: now,
   * age (µs).
   */
  static final String PRUNE_STATISTICS = """
      WITH gone AS (
        DELETE FROM {stats} WHERE created < coalesce(?::timestamptz, now()) - ?::int8 * interval '1 microsecond'
        RETURNING 1
      )
      SELECT count(*) FROM gone""";

  /** Deletes the buckets of some entrypoints. Parameter: entrypoints. */
  static final String CLEAR_STATISTICS_OF = "DELETE FROM {stats} WHERE entrypoint = ANY(?::text[])";

  /** Deletes every bucket. */
  static final String CLEAR_STATISTICS = "DELETE FROM {stats}";
}
