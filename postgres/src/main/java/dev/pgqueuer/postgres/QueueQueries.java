package dev.pgqueuer.postgres;

/**
 * The SQL of the job lifecycle, one template per port operation. Placeholders ({@code {queue}}, {@code {log}},
 * {@code {status}}, {@code {queue_seq}}) are rendered by {@link SqlNames}; {@code {batch}} is the validated batch
 * size, written in as a literal so that the claim's {@code LIMIT} is a constant (a bind parameter makes
 * PostgreSQL's generic plan guess the row count and abandon the ordered index scan).
 *
 * <p>Every template starts with the CTE {@code p}, the call's {@code now}: the bound instant, or the transaction's
 * {@code now()} when the repository uses the database clock (null bound). Durations are bound as microseconds.
 */
final class QueueQueries {

  private QueueQueries() {}

  /** Puts the call's {@code now} where the NOTIFY trigger reads it ({@code sent_at}); transaction-local. */
  static final String SET_NOW = "SELECT set_config('" + SchemaDdl.NOW_SETTING + "', ?, true);\n";

  /**
   * Enqueue. Ids are drawn for every input row, in input order, in the materialized CTE {@code input}; the
   * one-time filter counts that CTE before the first row is inserted, so a call consumes exactly n ids even when a
   * later row fails on the dedupe index. Parameters: now, entrypoints, payloads, priorities, delays (µs), dedupe
   * keys, headers (JSON text), n. Rows: one per input, in input order: allocated id, inserted?
   */
  static final String ENQUEUE = """
      WITH p AS MATERIALIZED (SELECT coalesce(?::timestamptz, now()) AS now),
      input AS MATERIALIZED (
        SELECT nextval({queue_seq}) AS id, t.*
        FROM unnest(?::text[], ?::bytea[], ?::int4[], ?::int8[], ?::text[], ?::text[])
          WITH ORDINALITY AS t(entrypoint, payload, priority, delay, dedupe_key, headers, ord)
      ),
      ins AS (
        INSERT INTO {queue} AS j (id, priority, created, updated, heartbeat, execute_after, status, entrypoint,
                                 dedupe_key, payload, headers, attempts)
        SELECT i.id, i.priority, p.now, p.now, p.now, p.now + i.delay * interval '1 microsecond',
               'queued'::{status}, i.entrypoint, i.dedupe_key, i.payload, coalesce(i.headers::jsonb, 'null'::jsonb), 0
        FROM input i CROSS JOIN p
        WHERE (SELECT count(*) FROM input) = ?
        ORDER BY i.ord
        {on_conflict}
        RETURNING j.id, j.priority, j.entrypoint
      ),
      lg AS (
        INSERT INTO {log} (created, job_id, status, priority, entrypoint)
        SELECT p.now, ins.id, 'queued'::{status}, ins.priority, ins.entrypoint FROM ins CROSS JOIN p ORDER BY ins.id
      )
      SELECT i.id, ins.id IS NOT NULL AS inserted FROM input i LEFT JOIN ins ON ins.id = i.id ORDER BY i.ord""";

  /** The SKIP clause of {@link #ENQUEUE}: infers the partial unique dedupe index. */
  static final String ON_CONFLICT_SKIP =
      "ON CONFLICT (dedupe_key) WHERE status IN ('queued', 'picked') AND dedupe_key IS NOT NULL DO NOTHING";

  /**
   * The claim's transaction settings. They pin its plan: with sorts, bitmap scans and sequential scans disabled the
   * per-entrypoint candidates can only come from the ordered {@code (entrypoint, priority DESC, id)} index scan,
   * whatever the statistics say (after a bulk load they may still claim an empty table, and the planner then
   * prefers an {@code (entrypoint, execute_after)} range scan plus a sort of the whole backlog). JIT is switched off
   * because the disabled nodes that remain (small sorts of at most a few batches) inflate the cost estimate past
   * the JIT threshold. Once PgJDBC has server-prepared the claim, its generic plan is used
   * ({@code force_generic_plan}): the plan does not depend on the values, so planning it per call is wasted work.
   * And the claim commits without waiting for its WAL flush ({@code synchronous_commit off}): a claim lost in a
   * server crash leaves its jobs queued, to be claimed again (delivery is at least once either way; a durable claim
   * would leave them picked until their heartbeat timed out), and the next durable commit (the jobs' outcomes, say)
   * flushes it. With claims that waited for the flush, {@code worker-drain --backend postgres} (five workers,
   * batch 10) ran 17% slower on a 2-core machine.
   */
  static final String CLAIM_SETTINGS = "SELECT set_config('enable_sort', 'off', true), "
      + "set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true), "
      + "set_config('jit', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true), "
      + "set_config('synchronous_commit', 'off', true);\n";

  /**
   * Serialises dequeues of limited entrypoints fleet-wide: one transaction-scoped advisory lock per limited
   * entrypoint, keys sorted so that two dequeues never wait on each other in opposite orders. It is its own
   * statement so that the claim's snapshot is taken after the locks are held. Parameters: queue key, entrypoint
   * keys (sorted).
   */
  static final String LOCK_ENTRYPOINTS = "SELECT pg_advisory_xact_lock(?, k) FROM unnest(?::int4[]) AS k;\n";

  /**
   * The claim, in one statement: per requested entrypoint the best eligible queued jobs through the
   * {@code (entrypoint, priority DESC, id)} partial index ({@code LIMIT {batch}} per entrypoint, then the
   * entrypoint's cap), plus stale picked jobs, locked with {@code FOR UPDATE SKIP LOCKED}; the first K in key order
   * are claimed and logged atomically. Parameters: now, worker (whose budget is counted), heartbeat timeout (µs),
   * claimers (workers, after, upto), entrypoints, limits, budget, budget, entrypoints, entrypoints.
   *
   * <p>One statement may serve several claims made under the same conditions ({@code
   * Batches.claimAlike}, so without a budget): {@code {batch}} is then their summed batch
   * size, and the claimed job numbered n in key order goes to the claimer whose range {@code (after, upto]} holds n,
   * which is what serving the claims one after another would give each. A single claim is one claimer,
   * {@code (0, batch]}. The rows to update are named by an id array ({@code j.id = ANY(...)}), which can only be
   * an index condition on the primary key: joined to {@code chosen} instead, a planner that believes the table
   * nearly empty (statistics from before a bulk load) may read the whole primary key index as the outer side of the
   * join (measured: up to 262 ms per claim on a 100,000-job backlog).
   *
   * <p>Stale jobs are found in two steps. {@code stale_ids} reads the {@code (heartbeat, id)} partial index as a
   * range, in index order, so that the planner has no reason to prefer another {@code status = 'picked'} index:
   * the others would be read whole, and a partial index on {@code picked} keeps an entry for every job ever picked
   * until VACUUM removes it. {@code stale} then locks the best of those by priority; its own conditions are
   * re-checked on the locked row version, so a job whose heartbeat was refreshed meanwhile is not taken. The
   * worker budget ({@code k}) is counted only when one is given ({@code CASE} evaluates the count lazily).
   */
  static final String DEQUEUE = """
      WITH p AS MATERIALIZED (
        SELECT x.now, x.worker, x.now - x.timeout * interval '1 microsecond' AS stale_before
        FROM (SELECT coalesce(?::timestamptz, now()) AS now, ?::uuid AS worker, ?::int8 AS timeout) x
      ),
      claimers AS MATERIALIZED (
        SELECT a.worker, a.after, a.upto FROM unnest(?::uuid[], ?::int4[], ?::int4[]) AS a(worker, after, upto)
      ),
      req AS MATERIALIZED (
        SELECT r.ep, CASE WHEN r.lim = 0 THEN {batch}
          ELSE greatest(0, least({batch}, r.lim - (SELECT count(*) FROM {queue} c
            WHERE c.entrypoint = r.ep AND c.status = 'picked'))) END AS cap
        FROM unnest(?::text[], ?::int4[]) AS r(ep, lim)
      ),
      k AS MATERIALIZED (
        SELECT CASE WHEN ?::int4 IS NULL THEN {batch}
          ELSE greatest(0, least({batch}, ?::int4 - (SELECT count(*) FROM {queue} w
            WHERE w.queue_manager_id = (SELECT worker FROM p) AND w.status = 'picked'
              AND w.entrypoint = ANY(?::text[])))) END AS k
      ),
      fresh AS (
        SELECT f.id, f.priority, r.cap, row_number() OVER (PARTITION BY r.ep ORDER BY f.priority DESC, f.id) AS rn
        FROM req r CROSS JOIN LATERAL (
          SELECT j.id, j.priority FROM {queue} j
          WHERE j.entrypoint = r.ep AND j.status = 'queued' AND j.execute_after <= (SELECT now FROM p)
            AND r.cap > 0 AND (SELECT k FROM k) > 0
          ORDER BY j.priority DESC, j.id
          LIMIT {batch}
          FOR UPDATE SKIP LOCKED) f
      ),
      stale_ids AS MATERIALIZED (
        SELECT s.id FROM {queue} s
        WHERE s.status = 'picked' AND s.heartbeat <= (SELECT stale_before FROM p) AND (SELECT k FROM k) > 0
        ORDER BY s.heartbeat
      ),
      stale AS (
        SELECT s.id, s.priority FROM {queue} s
        WHERE s.id IN (SELECT id FROM stale_ids) AND s.status = 'picked'
          AND s.heartbeat <= (SELECT stale_before FROM p) AND s.entrypoint = ANY(?::text[])
        ORDER BY s.priority DESC, s.id
        LIMIT {batch}
        FOR UPDATE SKIP LOCKED
      ),
      chosen AS (
        SELECT c.id, (SELECT a.worker FROM claimers a WHERE c.n > a.after AND c.n <= a.upto) AS worker FROM (
          SELECT u.id, row_number() OVER (ORDER BY u.priority DESC, u.id) AS n
          FROM (SELECT id, priority FROM fresh WHERE rn <= cap UNION ALL SELECT id, priority FROM stale) u
        ) c WHERE c.n <= (SELECT k FROM k)
      ),
      upd AS (
        UPDATE {queue} j SET status = 'picked', updated = p.now, heartbeat = p.now,
          queue_manager_id = (SELECT c.worker FROM chosen c WHERE c.id = j.id)
        FROM p WHERE j.id = ANY(ARRAY(SELECT id FROM chosen))
        RETURNING j.*
      ),
      lg AS (
        INSERT INTO {log} (created, job_id, status, priority, entrypoint)
        SELECT p.now, upd.id, 'picked'::{status}, upd.priority, upd.entrypoint
        FROM upd CROSS JOIN p ORDER BY upd.priority DESC, upd.id
      )
      SELECT {job_columns} FROM upd j ORDER BY j.priority DESC, j.id""";

  /**
   * Outcomes: held ({@code failed}) rows are updated in place, every other outcome deletes its row; one log row
   * per row that existed, in argument order. The DELETE always runs, so the trigger always announces
   * {@code delete}. Parameters: now, ids, statuses, tracebacks. Row: the number of rows logged.
   */
  static final String LOG_JOBS = """
      WITH p AS MATERIALIZED (SELECT coalesce(?::timestamptz, now()) AS now),
      input AS MATERIALIZED (
        SELECT t.id, t.status, t.traceback, t.ord
        FROM unnest(?::int8[], ?::text[], ?::text[]) WITH ORDINALITY AS t(id, status, traceback, ord)
      ),
      deleted AS (
        DELETE FROM {queue} j USING input i WHERE j.id = i.id AND i.status <> 'failed'
        RETURNING j.id, j.priority, j.entrypoint
      ),
      held AS (
        UPDATE {queue} j SET status = 'failed', updated = p.now, queue_manager_id = NULL
        FROM input i, p WHERE j.id = i.id AND i.status = 'failed'
        RETURNING j.id, j.priority, j.entrypoint
      ),
      lg AS (
        INSERT INTO {log} (created, job_id, status, priority, entrypoint, traceback)
        SELECT p.now, i.id, i.status::{status}, x.priority, x.entrypoint, i.traceback::jsonb
        FROM input i JOIN (SELECT * FROM deleted UNION ALL SELECT * FROM held) x ON x.id = i.id CROSS JOIN p
        ORDER BY i.ord
        RETURNING 1
      )
      SELECT count(*) FROM lg""";

  /** Retry in place. Parameters: now, delay (µs), id, traceback. Row: 1 when the job existed, else 0. */
  static final String RETRY = """
      WITH p AS MATERIALIZED (SELECT coalesce(?::timestamptz, now()) AS now),
      upd AS (
        UPDATE {queue} j SET status = 'queued', attempts = j.attempts + 1,
          execute_after = p.now + ?::int8 * interval '1 microsecond', updated = p.now, queue_manager_id = NULL
        FROM p WHERE j.id = ?
        RETURNING j.id, j.priority, j.entrypoint
      ),
      lg AS (
        INSERT INTO {log} (created, job_id, status, priority, entrypoint, traceback)
        SELECT p.now, upd.id, 'queued'::{status}, upd.priority, upd.entrypoint, ?::jsonb FROM upd CROSS JOIN p
      )
      SELECT count(*) FROM upd""";

  /** The dedupe key of one job. Parameter: id. */
  static final String DEDUPE_KEY = "SELECT j.dedupe_key FROM {queue} j WHERE j.id = ?";

  /** The keys among the given ones that an active job holds. Parameter: keys. Row: a key. */
  static final String ACTIVE_KEYS = """
      SELECT j.dedupe_key FROM {queue} j WHERE j.dedupe_key = ANY(?::text[]) AND j.status IN ('queued', 'picked')""";

  /** Locks the held jobs a requeue names and reads their keys, in id order. Parameter: ids. */
  static final String HELD_KEYS = """
      SELECT j.id, j.dedupe_key FROM {queue} j WHERE j.id = ANY(?::int8[]) AND j.status = 'failed'
      ORDER BY j.id FOR UPDATE""";

  /** Requeue held jobs, logged in id order. Parameters: now, ids. Row: the number requeued. */
  static final String REQUEUE = """
      WITH p AS MATERIALIZED (SELECT coalesce(?::timestamptz, now()) AS now),
      upd AS (
        UPDATE {queue} j SET status = 'queued', attempts = 0, execute_after = p.now, updated = p.now,
          queue_manager_id = NULL
        FROM p WHERE j.id = ANY(?::int8[]) AND j.status = 'failed'
        RETURNING j.id, j.priority, j.entrypoint
      ),
      lg AS (
        INSERT INTO {log} (created, job_id, status, priority, entrypoint)
        SELECT p.now, upd.id, 'queued'::{status}, upd.priority, upd.entrypoint FROM upd CROSS JOIN p ORDER BY upd.id
      )
      SELECT count(*) FROM upd""";

  /**
   * Deletes jobs with one log row each (status bound: canceled or deleted), in id order, selected by id
   * ({@code j.id = ANY}) or by entrypoint ({@code j.entrypoint = ANY}) as rendered into {@code {filter}}.
   * Parameters: now, status, ids or entrypoints. Row: the number deleted.
   */
  static final String DELETE_LOGGED = """
      WITH p AS MATERIALIZED (SELECT coalesce(?::timestamptz, now()) AS now, ?::text AS status),
      del AS (
        DELETE FROM {queue} j WHERE {filter}
        RETURNING j.id, j.priority, j.entrypoint
      ),
      lg AS (
        INSERT INTO {log} (created, job_id, status, priority, entrypoint)
        SELECT p.now, del.id, p.status::{status}, del.priority, del.entrypoint FROM del CROSS JOIN p ORDER BY del.id
      )
      SELECT count(*) FROM del""";

  /**
   * Sends one cancellation event per chunk of ids, in order, tagged with the queue's schema (PgQueuer ignores the
   * extra key; receivers of other schemas drop the event). Parameters: channel, channel, now, chunks (JSON
   * arrays).
   */
  static final String NOTIFY_CANCELLATION = """
      SELECT pg_notify(?, json_build_object('channel', ?::text, 'sent_at', coalesce(?::timestamptz, now()),
        'type', 'cancellation_event', 'ids', c::json, 'schema', {schema_value})::text)
      FROM unnest(?::text[]) AS c""";

  /** Sends a health-check event. Parameters: channel, channel, now, id. */
  static final String NOTIFY_HEALTH_CHECK = """
      SELECT pg_notify(?, json_build_object('channel', ?::text, 'sent_at', coalesce(?::timestamptz, now()),
        'type', 'health_check_event', 'id', ?::text, 'schema', {schema_value})::text)""";

  /** Deletes every job without log rows; the trigger announces {@code truncate}. */
  static final String TRUNCATE = "TRUNCATE {queue}";

  /** Heartbeat. Parameters: now, ids. */
  static final String HEARTBEAT =
      "UPDATE {queue} SET heartbeat = coalesce(?::timestamptz, now()) WHERE id = ANY(?::int8[])";
}
