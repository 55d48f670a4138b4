package dev.pgqueuer.testdatabase;

import dev.pgqueuer.port.SchemaNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog checks and the reset that let a used test schema serve the next test: a schema is reused only when the
 * catalog fingerprint of its queue objects (tables, indexes, sequences, columns, trigger, constraints, function and
 * enum labels) and the list of every relation and function in it are still those taken right after its install, so
 * a table or function a test added is never handed to the next test. Stateless.
 */
final class SchemaRecycling {

  /** Above this many bytes of table data a schema is dropped rather than emptied row by row. */
  private static final long SMALL_BYTES = 2L * 1024 * 1024;

  /**
   * Object identities, not definitions: anything a test drops and re-creates gets a new oid, and columns, triggers,
   * constraints, the function body and the enum labels are listed. Every lookup goes through a catalog index (by
   * qualified name or by owning oid), so it stays cheap however large the catalogs grow. The second column is the
   * size of the tables' data, read in the same round trip. Parameters: relation names (tables, indexes, sequences;
   * qualified), the table names, the queue table, the function signature, the enum.
   */
  private static final String INSPECT = """
      WITH rel AS (SELECT n, o, to_regclass(n) AS oid FROM unnest(?::text[]) WITH ORDINALITY AS r(n, o)),
      tab AS (SELECT to_regclass(n) AS oid FROM unnest(?::text[]) AS t(n))
      SELECT concat_ws('|',
        (SELECT string_agg(coalesce(rel.oid::oid::text, 'missing ' || rel.n), ',' ORDER BY rel.o) FROM rel),
        (SELECT string_agg(a.attrelid::oid::text || '.' || a.attnum || ':' || a.attname || ':' || a.atttypid
            || a.attnotnull::text || a.atthasdef::text || a.attidentity::text, ',' ORDER BY a.attrelid, a.attnum)
          FROM pg_catalog.pg_attribute a WHERE a.attrelid IN (SELECT oid FROM tab) AND a.attnum > 0
            AND NOT a.attisdropped),
        (SELECT string_agg(t.oid::text || t.tgenabled::text, ',' ORDER BY t.oid) FROM pg_catalog.pg_trigger t
          WHERE t.tgrelid = to_regclass(?)),
        (SELECT string_agg(x.oid::text, ',' ORDER BY x.oid) FROM pg_catalog.pg_constraint x
          WHERE x.conrelid IN (SELECT oid FROM tab)),
        (SELECT p.oid::text || md5(p.prosrc) FROM pg_catalog.pg_proc p WHERE p.oid = to_regprocedure(?)),
        (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e
          WHERE e.enumtypid = to_regtype(?)),
        (SELECT string_agg(c.oid::text, ',' ORDER BY c.oid) FROM pg_catalog.pg_class c
          WHERE c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?)),
        (SELECT string_agg(p.oid::text, ',' ORDER BY p.oid) FROM pg_catalog.pg_proc p
          WHERE p.pronamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?))),
        (SELECT coalesce(sum(pg_catalog.pg_table_size(tab.oid)), 0) FROM tab)""";

  private SchemaRecycling() {}

  /**
   * What a schema looks like now: the fingerprint of its queue objects and the size of its tables' data.
   *
   * @param fingerprint compared with the one taken right after install: equal when no queue object was changed
   * @param bytes the size of the tables' data
   */
  record Inspection(String fingerprint, long bytes) {
    /** Whether the tables hold little enough data to be emptied row by row. */
    boolean isSmall() {
      return bytes <= SMALL_BYTES;
    }
  }

  /** The fingerprint of {@code schema}'s queue objects and the size of its data, in one round trip. */
  static Inspection inspect(Connection c, String schema) throws SQLException {
    SchemaNames n = SchemaPool.names(schema);
    List<String> tables = tables(n);
    List<String> relations = new ArrayList<>();
    for (String t : tables) {
      relations.add(qualified(schema, t));
      relations.add(qualified(schema, t + "_id_seq"));
    }
    for (String index : n.indexes()) {
      relations.add(qualified(schema, index));
    }
    List<String> qualifiedTables = new ArrayList<>();
    tables.forEach(t -> qualifiedTables.add(qualified(schema, t)));
    try (PreparedStatement ps = c.prepareStatement(INSPECT)) {
      ps.setArray(1, c.createArrayOf("text", relations.toArray()));
      ps.setArray(2, c.createArrayOf("text", qualifiedTables.toArray()));
      ps.setString(3, qualified(schema, n.queueTable()));
      ps.setString(4, qualified(schema, n.function()) + "()");
      ps.setString(5, qualified(schema, n.statusType()));
      ps.setString(6, schema);
      ps.setString(7, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Inspection(rs.getString(1), rs.getLong(2)) : new Inspection("", Long.MAX_VALUE);
      }
    }
  }

  private static String qualified(String schema, String name) {
    return "\"" + schema + "\".\"" + name + "\"";
  }

  /**
   * Deletes every row and restarts every id sequence at its start value, in one transaction without waiting for the
   * WAL flush, sent in one round trip (the statements go before a single Sync, so PostgreSQL runs them as one
   * implicit transaction, committed at the Sync, and none of them has an effect when one fails). The sequences are
   * restarted with {@code setval(seq, start, false)}, which is what {@code ALTER SEQUENCE ... RESTART} does to their
   * state, but without DDL: no new relfilenode and no catalog invalidation that every other session (the running
   * tests' among them) must process and whose cached plans it would have to rebuild. Measured on a 2-core machine,
   * the DDL made the reset about 10 ms and doubled the median of concurrent tests.
   */
  static void reset(Connection c, String schema) throws SQLException {
    SchemaNames n = SchemaPool.names(schema);
    String s = "\"" + schema + "\".";
    StringBuilder sql = new StringBuilder("SELECT pg_catalog.set_config('synchronous_commit', 'off', true);\n");
    for (String table : tables(n)) {
      sql.append("DELETE FROM ").append(s).append('"').append(table).append("\";\n");
    }
    sql.append("SELECT pg_catalog.setval(q.seqrelid::regclass, q.seqstart, false) FROM pg_catalog.pg_sequence q")
        .append(" WHERE q.seqrelid = ANY(ARRAY[");
    String sep = "";
    for (String table : tables(n)) {
      sql.append(sep).append("to_regclass('").append(qualified(schema, table + "_id_seq").replace("'", "''"))
          .append("')");
      sep = ", ";
    }
    sql.append("]::oid[])");
    boolean autoCommit = c.getAutoCommit();
    if (!autoCommit) {
      c.setAutoCommit(true);
    }
    try (Statement st = c.createStatement()) {
      st.execute(sql.toString());
    } finally {
      if (!autoCommit) {
        c.setAutoCommit(false);
      }
    }
  }

  /** The queue's tables, each with an id sequence {@code <table>_id_seq} (the log's is its identity sequence). */
  private static List<String> tables(SchemaNames n) {
    return List.of(n.queueTable(), n.logTable(), n.statisticsTable(), n.schedulesTable());
  }
}
