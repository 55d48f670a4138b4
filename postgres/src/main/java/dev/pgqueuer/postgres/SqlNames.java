package dev.pgqueuer.postgres;

import dev.pgqueuer.port.SchemaNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Quoted SQL identifiers of one queue and the rendering of SQL templates. Identifiers come only from a validated
 * {@link SchemaNames} (lower-case identifiers) and are always double-quoted; values are never rendered into SQL.
 * Templates name objects with placeholders such as {@code {queue}}, {@code {log}} or {@code {status}}.
 * Immutable and thread-safe.
 */
final class SqlNames {

  /** PostgreSQL truncates longer identifiers to this many bytes (NAMEDATALEN - 1). */
  static final int MAX_IDENTIFIER_BYTES = 63;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z_]+}");

  private final SchemaNames names;
  private final Map<String, String> placeholders;

  SqlNames(SchemaNames names) {
    this.names = Objects.requireNonNull(names, "names");
    Map<String, String> m = new LinkedHashMap<>();
    m.put("{queue}", qualified(names.queueTable()));
    m.put("{log}", qualified(names.logTable()));
    m.put("{stats}", qualified(names.statisticsTable()));
    m.put("{schedules}", qualified(names.schedulesTable()));
    m.put("{status}", qualified(names.statusType()));
    m.put("{function}", qualified(names.function()));
    m.put("{trigger}", quote(names.trigger()));
    m.put("{queue_seq}", literal(qualified(names.queueTable() + "_id_seq")));
    m.put("{schedules_seq}", literal(qualified(names.schedulesTable() + "_id_seq")));
    m.put("{schema_value}", names.schema() == null ? "current_schema()" : literal(names.schema()));
    this.placeholders = Map.copyOf(m);
  }

  /** The names these identifiers were made from. */
  SchemaNames names() {
    return names;
  }

  /** The schema to create objects in, {@code null} for the connection's {@code search_path}. */
  @Nullable String schema() {
    return names.schema();
  }

  /** {@code "name"}: a double-quoted identifier, truncated like PostgreSQL does. */
  static String quote(String identifier) {
    return '"' + truncate(identifier) + '"';
  }

  /** {@code identifier} truncated to 63 bytes, as PostgreSQL stores it (names are ASCII). */
  static String truncate(String identifier) {
    return identifier.length() > MAX_IDENTIFIER_BYTES ? identifier.substring(0, MAX_IDENTIFIER_BYTES) : identifier;
  }

  /** {@code 'text'}: a standard SQL string literal (quotes doubled). */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** The object's name, qualified by the schema when one is configured. */
  String qualified(String bare) {
    return names.schema() == null ? quote(bare) : quote(names.schema()) + '.' + quote(bare);
  }

  /**
   * The template with every object placeholder replaced by its quoted identifier; call-specific placeholders
   * ({@code {batch}}, {@code {filter}}, ...) are left for the caller.
   */
  String render(String template) {
    String out = template;
    for (Map.Entry<String, String> e : placeholders.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  /**
   * {@code sql} unchanged after checking that no placeholder is left.
   *
   * @throws IllegalStateException when one is (a bug)
   */
  static String complete(String sql) {
    if (PLACEHOLDER.matcher(sql).find()) {
      throw new IllegalStateException("cannot happen: unrendered placeholder in SQL: " + sql);
    }
    return sql;
  }
}
