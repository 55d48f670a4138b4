package dev.pgqueuer.postgres;

/**
 * The SQL of the schedule operations, one template per port operation; see {@link QueueQueries} for the
 * placeholders. {@code next_run} is {@code now + delay} floored to the UTC second (rule T9).
 */
final class ScheduleQueries {

  private ScheduleQueries() {}

  /**
   * Inserts the missing schedules; one id is drawn per spec, in order, inserted or not (I3). Parameters: now,
   * entrypoints, expressions, delays (µs). Row: the number inserted.
   */
  static final String INSERT = """
      WITH p AS MATERIALIZED (SELECT coalesce(?::timestamptz, now()) AS now),
      input AS MATERIALIZED (
        SELECT nextval({schedules_seq}) AS id, t.*
        FROM unnest(?::text[], ?::text[], ?::int8[]) WITH ORDINALITY AS t(entrypoint, expression, delay, ord)
      ),
      ins AS (
        INSERT INTO {schedules} (id, expression, entrypoint, heartbeat, created, updated, next_run, status)
        SELECT i.id, i.expression, i.entrypoint, p.now, p.now, p.now,
          date_trunc('sec', (p.now + i.delay * interval '1 microsecond') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
          'queued'::{status}
        FROM input i CROSS JOIN p
        ORDER BY i.ord
        ON CONFLICT (expression, entrypoint) DO NOTHING
        RETURNING 1
      )
      SELECT count(*) FROM ins""";

  /**
   * Claims due ({@code next_run <= now}) or stale ({@code heartbeat < now - stale}) schedules among the given keys,
   * skipping rows locked by another scheduler, and returns them in id order. Parameters: now, stale (µs),
   * entrypoints, expressions, delays (µs).
   */
  static final String FETCH_DUE = """
      WITH p AS MATERIALIZED (SELECT coalesce(?::timestamptz, now()) AS now, ?::int8 AS stale),
      input AS (
        SELECT t.entrypoint, t.expression, t.delay FROM unnest(?::text[], ?::text[], ?::int8[])
          AS t(entrypoint, expression, delay)
      ),
      due AS (
        SELECT s.id, i.delay FROM {schedules} s JOIN input i ON s.entrypoint = i.entrypoint AND s.expression = i.expression
        WHERE (s.status = 'queued' AND s.next_run <= (SELECT now FROM p))
           OR (s.status = 'picked' AND s.heartbeat < (SELECT now - stale * interval '1 microsecond' FROM p))
        FOR UPDATE OF s SKIP LOCKED
      ),
      upd AS (
        UPDATE {schedules} s SET status = 'picked', updated = p.now, heartbeat = p.now,
          next_run = date_trunc('sec', (p.now + due.delay * interval '1 microsecond') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
        FROM due, p WHERE s.id = due.id
        RETURNING s.*
      )
      SELECT {schedule_columns} FROM upd s ORDER BY s.id""";

  /** Marks schedules finished. Parameters: now, ids. */
  static final String MARK_QUEUED = """
      UPDATE {schedules} SET status = 'queued', last_run = coalesce(?::timestamptz, now()),
        updated = coalesce(?::timestamptz, now())
      WHERE id = ANY(?::int8[])""";

  /** Schedule heartbeat. Parameters: now, now, ids. */
  static final String HEARTBEAT = """
      UPDATE {schedules} SET heartbeat = coalesce(?::timestamptz, now()), updated = coalesce(?::timestamptz, now())
      WHERE id = ANY(?::int8[])""";

  /** Every schedule, never-run last, then id (D14). */
  static final String PEEK =
      "SELECT {schedule_columns} FROM {schedules} s ORDER BY s.last_run ASC NULLS LAST, s.id";

  /** Deletes by id or entrypoint. Parameters: ids, entrypoints. */
  static final String DELETE =
      "DELETE FROM {schedules} WHERE id = ANY(?::int8[]) OR entrypoint = ANY(?::text[])";

  /** Deletes every schedule. */
  static final String CLEAR = "DELETE FROM {schedules}";
}
