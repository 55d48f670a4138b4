package dev.pgqueuer.testdatabase;

import dev.pgqueuer.port.SchemaNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog check and the reset that let a used test schema serve the next test: a schema is reused only when the
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
   * qualified name or by owning oid), so it stays cheap however large the catalogs grow. Parameters of
   * {@code CATALOG}: relation names (tables, indexes, sequences; qualified), the table names; of {@code FINGERPRINT}:
   * the queue table, the function signature, the enum, the schema twice.
   */
  private static final String CATALOG = """
      WITH rel AS (SELECT n, o, to_regclass(n) AS oid FROM unnest(?::text[]) WITH ORDINALITY AS r(n, o)),
      tab AS (SELECT to_regclass(n) AS oid FROM unnest(?::text[]) AS t(n))""";

  /** The fingerprint, over {@link #CATALOG}. */
  private static final String FINGERPRINT = """
      concat_ws('|',
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
          WHERE p.pronamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?)))""";

  /** The size of the tables' data, over {@link #CATALOG}. */
  private static final String DATA_BYTES = "(SELECT coalesce(sum(pg_catalog.pg_table_size(tab.oid)), 0) FROM tab)";

  private SchemaRecycling() {}

  /** The fingerprint of {@code schema}'s queue objects, as {@link #recycle} compares it. */
  static String fingerprint(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CATALOG + "\nSELECT " + FINGERPRINT)) {
      bindCatalog(c, ps, schema);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "";
      }
    }
  }

  /**
   * Empties {@code schema} for the next test if its fingerprint is still {@code installed} and its tables hold at
   * most {@value #SMALL_BYTES} bytes, in one statement and one round trip: the check, then, only when it holds, the
   * deletion of every row and the restart of every id sequence at its start value, committed without waiting for
   * the WAL flush. The sequences are restarted with {@code setval(seq, start, false)}, which is what
   * {@code ALTER SEQUENCE ... RESTART} does to their state, but without DDL: no new relfilenode and no catalog
   * invalidation that every other session (the running tests' among them) must process and whose cached plans it
   * would have to rebuild. Measured on a 2-core machine, the DDL made the reset about 10 ms and doubled the median
   * of concurrent tests.
   *
   * @return whether the schema was emptied; when not, nothing was changed and it should be dropped
   */
  static boolean recycle(Connection c, String schema, String installed) throws SQLException {
    SchemaNames n = SchemaPool.names(schema);
    StringBuilder sql = new StringBuilder(CATALOG).append(",\n")
        .append("cfg AS (SELECT pg_catalog.set_config('synchronous_commit', 'off', true)),\n")
        .append("ok AS (SELECT ").append(FINGERPRINT).append(" = ? AND ").append(DATA_BYTES)
        .append(" <= ? AS ok FROM cfg)");
    List<String> sequences = new ArrayList<>();
    int i = 0;
    for (String table : tables(n)) {
      sql.append(",\nd").append(i++).append(" AS (DELETE FROM ").append(qualified(schema, table))
          .append(" WHERE (SELECT ok FROM ok))");
      sequences.add(qualified(schema, table + "_id_seq"));
    }
    sql.append("\nSELECT ok.ok, (SELECT count(pg_catalog.setval(q.seqrelid::regclass, q.seqstart, false))")
        .append(" FROM pg_catalog.pg_sequence q WHERE ok.ok AND q.seqrelid IN")
        .append(" (SELECT to_regclass(x)::oid FROM unnest(?::text[]) AS s(x))) FROM ok");
    boolean autoCommit = c.getAutoCommit();
    if (!autoCommit) {
      c.setAutoCommit(true);
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int next = bindCatalog(c, ps, schema);
      ps.setString(next, installed);
      ps.setLong(next + 1, SMALL_BYTES);
      ps.setArray(next + 2, c.createArrayOf("text", sequences.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    } finally {
      if (!autoCommit) {
        c.setAutoCommit(false);
      }
    }
  }

  /** Binds the parameters of {@link #CATALOG} and {@link #FINGERPRINT}; returns the next parameter's index. */
  private static int bindCatalog(Connection c, PreparedStatement ps, String schema) throws SQLException {
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
    ps.setArray(1, c.createArrayOf("text", relations.toArray()));
    ps.setArray(2, c.createArrayOf("text", qualifiedTables.toArray()));
    ps.setString(3, qualified(schema, n.queueTable()));
    ps.setString(4, qualified(schema, n.function()) + "()");
    ps.setString(5, qualified(schema, n.statusType()));
    ps.setString(6, schema);
    ps.setString(7, schema);
    return 8;
  }

  private static String qualified(String schema, String name) {
    return "\"" + schema + "\".\"" + name + "\"";
  }

  /** The queue's tables, each with an id sequence {@code <table>_id_seq} (the log's is its identity sequence). */
  private static List<String> tables(SchemaNames n) {
    return List.of(n.queueTable(), n.logTable(), n.statisticsTable(), n.schedulesTable());
  }
}
