package dev.pgqueuer.postgres;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.port.SchemaNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one queue's objects from PostgreSQL's catalog (in the configured schema, or {@code current_schema()}) and
 * compares them with what a complete installation has. Every name and the schema are bound as values. Stateless
 * apart from the names; thread-safe.
 */
final class SchemaVerifier {

  private final SchemaNames names;

  SchemaVerifier(SchemaNames names) {
    this.names = names;
  }

  SchemaReport verify(Connection c) throws SQLException {
    Set<String> found = new HashSet<>();
    TreeSet<String> catalog = new TreeSet<>();
    TreeSet<String> extra = new TreeSet<>();
    Map<String, List<String>> expectedColumns = names.columns();
    String[] tables = expectedColumns.keySet().toArray(String[]::new);

    try (PreparedStatement ps = prepare(c, """
        SELECT c.relname, c.relpersistence FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = coalesce(?, current_schema()) AND c.relname = ANY (?) AND c.relkind IN ('r', 'p')""",
        tables)) {
      for (String[] row : rows(ps, 2)) {
        found.add("table " + row[0]);
        catalog.add("table " + row[0] + " persistence " + row[1]);
      }
    }
    try (PreparedStatement ps = prepare(c, """
        SELECT c.relname, a.attname, a.attnum::text, format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
               || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
               || coalesce(' default ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')
          FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = coalesce(?, current_schema()) AND c.relname = ANY (?) AND c.relkind IN ('r', 'p')
           AND a.attnum > 0 AND NOT a.attisdropped""", tables)) {
      for (String[] row : rows(ps, 4)) {
        String name = "column " + row[0] + "." + row[1];
        found.add(name);
        catalog.add(name + " #" + row[2] + " " + row[3]);
        if (!expectedColumns.getOrDefault(row[0], List.of()).contains(row[1])) {
          extra.add(name);
        }
      }
    }
    try (PreparedStatement ps = prepare(c, """
        SELECT i.relname, pg_catalog.pg_get_indexdef(i.oid) FROM pg_catalog.pg_index x
          JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
          JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = coalesce(?, current_schema()) AND t.relname = ANY (?)""", tables)) {
      for (String[] row : rows(ps, 2)) {
        found.add("index " + row[0]);
        catalog.add("index " + row[0] + ": " + row[1]);
        if (!names.indexes().contains(row[0])) {
          extra.add("index " + row[0]);
        }
      }
    }
    try (PreparedStatement ps = prepare(c, """
        SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid) FROM pg_catalog.pg_trigger t
          JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = coalesce(?, current_schema()) AND c.relname = ANY (?) AND NOT t.tgisinternal""",
        tables)) {
      for (String[] row : rows(ps, 2)) {
        found.add("trigger " + row[0]);
        catalog.add("trigger " + row[0] + ": " + row[1]);
        if (!row[0].equals(names.trigger())) {
          extra.add("trigger " + row[0]);
        }
      }
    }
    String channelLiteral = SqlNames.literal(names.channel());
    try (PreparedStatement ps = prepare(c, """
        SELECT p.proname, md5(p.prosrc), (position(? IN p.prosrc) > 0)::text FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = coalesce(?, current_schema()) AND p.proname = ANY (?)""",
        channelLiteral, new String[] {names.function()})) {
      for (String[] row : rows(ps, 3)) {
        found.add("function " + row[0]);
        catalog.add("function " + row[0] + " body md5 " + row[1]);
        if (Boolean.parseBoolean(row[2])) {
          found.add("notification on channel " + names.channel());
        }
      }
    }
    String legacyType = names.statisticsTable() + "_status";
    try (PreparedStatement ps = prepare(c, """
        SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e
          JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid
          JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = coalesce(?, current_schema()) AND t.typname = ANY (?) GROUP BY t.typname""",
        new String[] {names.statusType(), legacyType})) {
      for (String[] row : rows(ps, 2)) {
        catalog.add("enum " + row[0] + ": " + row[1]);
        if (row[0].equals(legacyType)) {
          extra.add("type " + legacyType);
          continue;
        }
        for (String label : row[1].split(",")) {
          found.add("enum label " + row[0] + "." + label);
          if (Arrays.stream(JobStatus.values()).noneMatch(s -> s.dbValue().equals(label))) {
            extra.add("enum label " + row[0] + "." + label);
          }
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (String expected : expected()) {
      if (!found.contains(expected)) {
        missing.add(expected);
      }
    }
    missing.sort(null);
    return new SchemaReport(names, missing, new ArrayList<>(extra), new ArrayList<>(catalog));
  }

  /** Every object a complete installation has, as the lines of {@link SchemaReport#missing()}. */
  private List<String> expected() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    names.columns().forEach((table, columns) -> {
      out.put("table " + table, true);
      columns.forEach(col -> out.put("column " + table + "." + col, true));
    });
    names.indexes().forEach(i -> out.put("index " + i, true));
    out.put("function " + names.function(), true);
    out.put("notification on channel " + names.channel(), true);
    out.put("trigger " + names.trigger(), true);
    for (JobStatus s : JobStatus.values()) {
      out.put("enum label " + names.statusType() + "." + s.dbValue(), true);
    }
    return List.copyOf(out.keySet());
  }

  private PreparedStatement prepare(Connection c, String sql, String[] array) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setString(1, names.schema());
    ps.setArray(2, c.createArrayOf("text", array));
    return ps;
  }

  private PreparedStatement prepare(Connection c, String sql, String first, String[] array) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setString(1, first);
    ps.setString(2, names.schema());
    ps.setArray(3, c.createArrayOf("text", array));
    return ps;
  }

  private static List<String[]> rows(PreparedStatement ps, int width) throws SQLException {
    return Jdbc.query(ps, 0, rs -> {
      String[] row = new String[width];
      for (int i = 0; i < width; i++) {
        row[i] = rs.getString(i + 1);
      }
      return row;
    });
  }
}
