package dev.pgqueuer.port;

import dev.pgqueuer.internal.Checks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The names of a queue's database objects: PgQueuer's base names with an optional prefix, in an optional schema.
 * Every name is a validated lower-case identifier, so it can be quoted into SQL safely; values never are.
 *
 * @param schema the schema, {@code null} for the connection's {@code search_path}
 * @param prefix the name prefix, possibly empty
 * @param channel the NOTIFY channel; by default {@code prefix + "ch_pgqueuer"} whatever the schema, as PgQueuer
 *     names it, so that a Java and a PgQueuer service sharing a schema hear each other. Queues in different schemas
 *     with the same prefix then share the channel: the PostgreSQL backend tags its events with the schema and drops
 *     those of other schemas (see docs/semantics.md §8); {@link #withChannel} gives a queue a channel of its own
 */
public record SchemaNames(@Nullable String schema, String prefix, String channel) {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Pattern PREFIX = Pattern.compile("([a-z_][a-z0-9_]*)?");
  /** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
  public static final int MAX_IDENTIFIER_LENGTH = 63;
  private static final int LONGEST_SUFFIX = "pgqueuer_statistics_unique_count".length();

  /** @throws IllegalArgumentException when a name is not a lower-case identifier or too long */
  public SchemaNames {
    if (schema != null && (!IDENTIFIER.matcher(schema).matches() || schema.length() > MAX_IDENTIFIER_LENGTH)) {
      throw new IllegalArgumentException("schema must match [a-z_][a-z0-9_]* and have at most 63 characters: " + schema);
    }
    Objects.requireNonNull(prefix, "prefix");
    if (!PREFIX.matcher(prefix).matches() || prefix.length() + LONGEST_SUFFIX > MAX_IDENTIFIER_LENGTH) {
      throw new IllegalArgumentException(
          "prefix must match [a-z_][a-z0-9_]* and leave room for the longest object name (at most "
              + (MAX_IDENTIFIER_LENGTH - LONGEST_SUFFIX) + " characters): " + prefix);
    }
    Checks.text(channel, "channel");
    if (channel.isEmpty() || Checks.utf8Length(channel) > MAX_IDENTIFIER_LENGTH || channel.indexOf('"') >= 0) {
      throw new IllegalArgumentException("channel must have 1 to 63 bytes in UTF-8 (PostgreSQL counts bytes) and no "
          + "quote: " + channel);
    }
  }

  /** PgQueuer's defaults: no schema, no prefix, channel {@code ch_pgqueuer}. */
  public static SchemaNames defaults() {
    return of(null, "");
  }

  /**
   * The names for {@code schema} (nullable) and {@code prefix}, with PgQueuer's channel for the prefix,
   * {@code prefix + "ch_pgqueuer"}, whatever the schema.
   */
  public static SchemaNames of(@Nullable String schema, String prefix) {
    return new SchemaNames(schema, prefix, Objects.requireNonNull(prefix, "prefix") + "ch_pgqueuer");
  }

  /** These names with another channel. */
  public SchemaNames withChannel(String channel) {
    return new SchemaNames(schema, prefix, channel);
  }

  /** The queue table's bare name. */
  public String queueTable() {
    return prefix + "pgqueuer";
  }

  /** The log table's bare name. */
  public String logTable() {
    return prefix + "pgqueuer_log";
  }

  /** The statistics table's bare name. */
  public String statisticsTable() {
    return prefix + "pgqueuer_statistics";
  }

  /** The schedules table's bare name. */
  public String schedulesTable() {
    return prefix + "pgqueuer_schedules";
  }

  /** The status enum type's bare name. */
  public String statusType() {
    return prefix + "pgqueuer_status";
  }

  /** The trigger function's bare name. */
  public String function() {
    return prefix + "fn_pgqueuer_changed";
  }

  /** The trigger's name. */
  public String trigger() {
    return prefix + "tg_pgqueuer_changed";
  }

  /** Table bare name → its columns, in physical order, as PostgreSQL installs them. */
  public Map<String, List<String>> columns() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(queueTable(), List.of("id", "priority", "queue_manager_id", "created", "updated", "heartbeat",
        "execute_after", "status", "entrypoint", "dedupe_key", "payload", "headers", "attempts"));
    m.put(logTable(), List.of("id", "created", "job_id", "status", "priority", "entrypoint", "traceback",
        "aggregated"));
    m.put(statisticsTable(), List.of("id", "created", "count", "priority", "status", "entrypoint"));
    m.put(schedulesTable(), List.of("id", "expression", "entrypoint", "heartbeat", "created", "updated",
        "next_run", "last_run", "status"));
    return m;
  }

  /** Every index name of a queue installed on PostgreSQL. */
  public List<String> indexes() {
    String q = queueTable();
    String l = logTable();
    String s = statisticsTable();
    String c = schedulesTable();
    return List.of(q + "_pkey", q + "_priority_id_id1_idx", q + "_updated_id_id1_idx",
        q + "_queue_manager_id_idx", q + "_ep_prio_id_idx", q + "_ep_ea_idx", q + "_unique_dedupe_key",
        q + "_heartbeat_id_id1_idx", l + "_pkey", l + "_not_aggregated", l + "_created", l + "_status",
        l + "_job_id_status", s + "_pkey", s + "_unique_count", c + "_pkey", c + "_expression_entrypoint_key");
  }
}
