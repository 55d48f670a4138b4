package dev.pgqueuer.postgres;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.port.SchemaNames;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The DDL of a PgQueuer-compatible queue: the status enum, the queue, log, statistics and schedules tables with
 * PgQueuer's columns and index names, and the statement-level trigger that announces queue changes with
 * {@code pg_notify}. Pure text generation; {@link PostgresSchema} runs it. Immutable and thread-safe.
 */
final class SchemaDdl {

  /** The transaction-local setting the trigger reads for {@code sent_at} (the call's {@code now}). */
  static final String NOW_SETTING = "pgqueuer.now";

  private static final String CREATE_TRIGGER =
      "CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {queue} "
          + "FOR EACH STATEMENT EXECUTE FUNCTION {function}()";

  private final SqlNames sql;
  private final SchemaNames n;
  private final Durability durability;

  SchemaDdl(SqlNames sql, Durability durability) {
    this.sql = sql;
    this.n = sql.names();
    this.durability = durability;
  }

  /** Every statement of a fresh install, in order (one transaction). */
  List<String> install() {
    List<String> out = new ArrayList<>();
    if (n.schema() != null) {
      out.add("CREATE SCHEMA IF NOT EXISTS " + SqlNames.quote(n.schema()));
    }
    out.add("CREATE TYPE {status} AS ENUM (" + enumLabels() + ")");
    out.add(queueTable(durability.unloggedQueue()));
    out.addAll(queueIndexes(false));
    out.add(logTable(durability.unloggedLog()));
    out.addAll(logIndexes(false));
    out.add(statisticsTable(durability.unloggedLog()));
    out.add(statisticsIndex(false));
    out.add(schedulesTable(durability.unloggedQueue(), false));
    List<String> rendered = new ArrayList<>(render(out));
    rendered.add(triggerFunction());
    rendered.add(sql.render(CREATE_TRIGGER));
    return List.copyOf(rendered);
  }

  /**
   * The idempotent statements that bring an older installation up to date, each safe to re-run and run in its own
   * transaction (adding enum labels cannot share one with their use). Tables created here are logged.
   */
  List<String> upgrade() {
    List<String> out = new ArrayList<>();
    for (String label : List.of("successful", "exception", "canceled", "deleted", "failed")) {
      out.add("ALTER TYPE {status} ADD VALUE IF NOT EXISTS " + SqlNames.literal(label));
    }
    out.add("ALTER TABLE {queue} ADD COLUMN IF NOT EXISTS updated TIMESTAMPTZ NOT NULL DEFAULT now()");
    out.add("ALTER TABLE {queue} ADD COLUMN IF NOT EXISTS heartbeat TIMESTAMPTZ NOT NULL DEFAULT now()");
    out.add("ALTER TABLE {queue} ADD COLUMN IF NOT EXISTS queue_manager_id UUID");
    out.add("ALTER TABLE {queue} ADD COLUMN IF NOT EXISTS execute_after TIMESTAMPTZ NOT NULL DEFAULT now()");
    out.add("ALTER TABLE {queue} ADD COLUMN IF NOT EXISTS dedupe_key TEXT");
    out.add("ALTER TABLE {queue} ADD COLUMN IF NOT EXISTS headers JSONB");
    out.add("ALTER TABLE {queue} ADD COLUMN IF NOT EXISTS attempts INTEGER NOT NULL DEFAULT 0");
    out.addAll(queueIndexes(true));
    out.add(logTable(false).replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));
    out.add("ALTER TABLE {log} ADD COLUMN IF NOT EXISTS traceback JSONB DEFAULT NULL");
    out.add("ALTER TABLE {log} ADD COLUMN IF NOT EXISTS aggregated BOOLEAN DEFAULT false");
    out.addAll(logIndexes(true));
    out.add(statisticsTable(false).replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));
    out.add(statisticsIndex(true));
    out.add(schedulesTable(false, true));
    List<String> rendered = new ArrayList<>(render(out));
    rendered.add(triggerFunction());
    List<String> tail = new ArrayList<>();
    tail.add("DROP TRIGGER IF EXISTS {trigger} ON {queue}");
    tail.add(CREATE_TRIGGER);
    for (String table : List.of(n.queueTable(), n.statisticsTable(), n.schedulesTable())) {
      tail.add(widenId(table));
    }
    rendered.addAll(render(tail));
    return List.copyOf(rendered);
  }

  /** Widens an {@code integer} id column (and its sequence) of a very old installation to {@code bigint}. */
  private String widenId(String table) {
    String t = sql.qualified(table);
    String seq = sql.qualified(table + "_id_seq");
    return """
        DO $widen$ BEGIN
          IF (SELECT a.atttypid = 'integer'::regtype FROM pg_attribute a
              WHERE a.attrelid = %1$s::regclass AND a.attname = 'id') THEN
            EXECUTE %2$s;
            IF to_regclass(%3$s) IS NOT NULL THEN
              EXECUTE %4$s;
            END IF;
          END IF;
        END $widen$""".formatted(
            SqlNames.literal(t),
            SqlNames.literal("ALTER TABLE " + t + " ALTER COLUMN id TYPE BIGINT"),
            SqlNames.literal(seq),
            SqlNames.literal("ALTER SEQUENCE " + seq + " AS BIGINT"));
  }

  /** Every statement of an uninstall; each is a no-op when its object is absent. */
  List<String> uninstall() {
    List<String> out = new ArrayList<>();
    out.add("DROP TABLE IF EXISTS {queue}, {log}, {stats}, {schedules} CASCADE");
    out.add("DROP FUNCTION IF EXISTS {function}() CASCADE");
    out.add("DROP TYPE IF EXISTS {status} CASCADE");
    out.add("DROP TYPE IF EXISTS " + sql.qualified(n.statisticsTable() + "_status") + " CASCADE");
    return render(out);
  }

  private List<String> render(List<String> statements) {
    List<String> out = new ArrayList<>(statements.size());
    for (String s : statements) {
      out.add(sql.render(s));
    }
    return List.copyOf(out);
  }

  private static String enumLabels() {
    StringJoiner j = new StringJoiner(", ");
    for (JobStatus s : JobStatus.values()) {
      j.add(SqlNames.literal(s.dbValue()));
    }
    return j.toString();
  }

  private static String create(boolean unlogged) {
    return unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ";
  }

  private String queueTable(boolean unlogged) {
    return create(unlogged) + """
        {queue} (
          id BIGSERIAL PRIMARY KEY,
          priority INTEGER NOT NULL,
          queue_manager_id UUID,
          created TIMESTAMPTZ NOT NULL DEFAULT now(),
          updated TIMESTAMPTZ NOT NULL DEFAULT now(),
          heartbeat TIMESTAMPTZ NOT NULL DEFAULT now(),
          execute_after TIMESTAMPTZ NOT NULL DEFAULT now(),
          status {status} NOT NULL,
          entrypoint TEXT NOT NULL,
          dedupe_key TEXT,
          payload BYTEA,
          headers JSONB,
          attempts INTEGER NOT NULL DEFAULT 0
        )""";
  }

  private List<String> queueIndexes(boolean ifNotExists) {
    String q = n.queueTable();
    return List.of(
        index(ifNotExists, false, q + "_priority_id_id1_idx", "{queue}",
            "(priority ASC, id DESC) INCLUDE (id) WHERE status = 'queued'"),
        index(ifNotExists, false, q + "_updated_id_id1_idx", "{queue}",
            "(updated ASC, id DESC) INCLUDE (id) WHERE status = 'picked'"),
        index(ifNotExists, false, q + "_queue_manager_id_idx", "{queue}",
            "(queue_manager_id) WHERE queue_manager_id IS NOT NULL"),
        index(ifNotExists, false, q + "_ep_prio_id_idx", "{queue}",
            "(entrypoint, priority DESC, id ASC) WHERE status = 'queued'"),
        index(ifNotExists, false, q + "_ep_ea_idx", "{queue}",
            "(entrypoint, execute_after) WHERE status = 'queued'"),
        index(ifNotExists, true, q + "_unique_dedupe_key", "{queue}",
            "(dedupe_key) WHERE status IN ('queued', 'picked') AND dedupe_key IS NOT NULL"),
        index(ifNotExists, false, q + "_heartbeat_id_id1_idx", "{queue}",
            "(heartbeat ASC, id DESC) INCLUDE (id) WHERE status = 'picked'"));
  }

  private String logTable(boolean unlogged) {
    return create(unlogged) + """
        {log} (
          id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
          created TIMESTAMPTZ NOT NULL DEFAULT now(),
          job_id BIGINT NOT NULL,
          status {status} NOT NULL,
          priority INTEGER NOT NULL,
          entrypoint TEXT NOT NULL,
          traceback JSONB DEFAULT NULL,
          aggregated BOOLEAN DEFAULT false
        )""";
  }

  private List<String> logIndexes(boolean ifNotExists) {
    String l = n.logTable();
    return List.of(
        index(ifNotExists, false, l + "_not_aggregated", "{log}", "((1)) WHERE NOT aggregated"),
        index(ifNotExists, false, l + "_created", "{log}", "(created)"),
        index(ifNotExists, false, l + "_status", "{log}", "(status)"),
        index(ifNotExists, false, l + "_job_id_status", "{log}", "(job_id, created DESC)"));
  }

  private String statisticsTable(boolean unlogged) {
    return create(unlogged) + """
        {stats} (
          id BIGSERIAL PRIMARY KEY,
          created TIMESTAMPTZ NOT NULL DEFAULT (date_trunc('sec', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'),
          count BIGINT NOT NULL,
          priority INTEGER NOT NULL,
          status {status} NOT NULL,
          entrypoint TEXT NOT NULL
        )""";
  }

  private String statisticsIndex(boolean ifNotExists) {
    return index(ifNotExists, true, n.statisticsTable() + "_unique_count", "{stats}",
        "(priority, date_trunc('sec', created AT TIME ZONE 'UTC'), status, entrypoint)");
  }

  private String schedulesTable(boolean unlogged, boolean ifNotExists) {
    String head = create(unlogged) + (ifNotExists ? "IF NOT EXISTS " : "");
    return head + """
        {schedules} (
          id BIGSERIAL PRIMARY KEY,
          expression TEXT NOT NULL,
          entrypoint TEXT NOT NULL,
          heartbeat TIMESTAMPTZ NOT NULL DEFAULT now(),
          created TIMESTAMPTZ NOT NULL DEFAULT now(),
          updated TIMESTAMPTZ NOT NULL DEFAULT now(),
          next_run TIMESTAMPTZ NOT NULL DEFAULT now(),
          last_run TIMESTAMPTZ,
          status {status} DEFAULT 'queued',
          CONSTRAINT %s UNIQUE (expression, entrypoint)
        )""".formatted(SqlNames.quote(n.schedulesTable() + "_expression_entrypoint_key"));
  }

  private static String index(boolean ifNotExists, boolean unique, String name, String table, String definition) {
    return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + (ifNotExists ? "IF NOT EXISTS " : "")
        + SqlNames.quote(name) + " ON " + table + " " + definition;
  }

  /**
   * The trigger function: one {@code table_changed_event} per INSERT, DELETE or TRUNCATE statement (UPDATE is
   * silent, as in PgQueuer), with PgQueuer's JSON fields in PgQueuer's order and then {@code schema}, the table's
   * schema (PgQueuer ignores unknown keys; receivers in other schemas drop the event). PgQueuer's own function
   * (left by its {@code upgrade}) sends the same event without {@code schema}, which every receiver accepts. {@code sent_at} is the call's
   * {@code now}, which the repository puts into the transaction-local setting {@value #NOW_SETTING}; without it
   * (the database clock, or another client) it is the transaction's {@code now()}.
   */
  private String triggerFunction() {
    String channel = SqlNames.literal(n.channel());
    String body = """
        BEGIN
          IF TG_OP <> 'UPDATE' THEN
            PERFORM pg_notify(%1$s, json_build_object(
              'channel', %1$s,
              'operation', lower(TG_OP),
              'sent_at', coalesce(nullif(current_setting(%2$s, true), '')::timestamptz, now()),
              'table', TG_TABLE_NAME,
              'type', 'table_changed_event',
              'schema', TG_TABLE_SCHEMA)::text);
          END IF;
          RETURN NULL;
        END;
        """.formatted(channel, SqlNames.literal(NOW_SETTING));
    String tag = "$pgqueuer$";
    for (int i = 0; body.contains(tag); i++) {
      tag = "$pgqueuer" + i + "$";
    }
    return sql.render("CREATE OR REPLACE FUNCTION {function}() RETURNS TRIGGER LANGUAGE plpgsql AS ")
        + tag + "\n" + body + tag;
  }
}
