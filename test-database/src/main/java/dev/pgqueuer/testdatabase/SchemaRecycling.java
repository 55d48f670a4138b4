package dev.pgqueuer.testdatabase;

import dev.pgqueuer.port.SchemaNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The catalog check and the reset that let a used test schema serve the next test: a schema is reused only when the
 * catalog fingerprint of its queue objects (tables, indexes, sequences, columns, trigger, function and enum labels)
 * and of every object in it or attached to its tables is still the one taken right after its install, so that
 * nothing a test added, dropped or altered is handed to the next test.
 *
 * <p>The check and the reset run as one call of a temporary function on a session of their own: the function's plan
 * is made once per session instead of once per schema (a statement naming the schema's tables is new text for every
 * schema, so the server parsed and planned it on every reset; measured on a 2-core machine, parsing and planning were
 * more than half of the reset's cost, which competes with the running tests). Not thread-safe: one thread (the
 * pool's recycler) uses an instance; {@link #close} may come from another once that thread has stopped.
 */
final class SchemaRecycling implements AutoCloseable {

  /** Above this many bytes of table data a schema is dropped rather than emptied row by row. */
  private static final long SMALL_BYTES = 2L * 1024 * 1024;

  /**
   * Object identities, not definitions: anything a test drops and re-creates gets a new oid, and columns, the
   * trigger's state, the function body and the enum labels are listed. Every object a test can add to the schema or
   * attach to a queue table (a table, sequence, type or function in it; an index, trigger, constraint, default, rule
   * or policy on a queue table) has a dependency row on the schema or on that table, which are read through
   * {@code pg_depend}'s index on the referenced object. Every lookup goes through a catalog index, by qualified name
   * or by owning oid, so the check stays cheap however many schemas and objects the database holds. Parameters of
   * {@code CATALOG}: relation names (tables, indexes, sequences; qualified), the table names; of {@code FINGERPRINT}:
   * the queue table, the function signature, the enum, the schema.
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
          FROM pg_catalog.pg_attribute a WHERE a.attrelid = ANY (ARRAY(SELECT oid FROM tab)) AND a.attnum > 0
            AND NOT a.attisdropped),
        (SELECT string_agg(t.oid::text || t.tgenabled::text, ',' ORDER BY t.oid) FROM pg_catalog.pg_trigger t
          WHERE t.tgrelid = to_regclass(?)),
        (SELECT p.oid::text || md5(p.prosrc) FROM pg_catalog.pg_proc p WHERE p.oid = to_regprocedure(?)),
        (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e
          WHERE e.enumtypid = to_regtype(?)),
        (SELECT string_agg(d.classid::text || ':' || d.objid || ':' || d.objsubid || ':' || d.refobjid || ':'
            || d.refobjsubid || d.deptype::text, ',' ORDER BY d.classid, d.objid, d.objsubid, d.refobjid,
            d.refobjsubid, d.deptype)
          FROM pg_catalog.pg_depend d
          WHERE (d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
              AND d.refobjid = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?))
            OR (d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
              AND d.refobjid = ANY (ARRAY(SELECT oid FROM tab)))))""";

  /** The size of the tables' data, over {@link #CATALOG}. */
  private static final String DATA_BYTES = "(SELECT coalesce(sum(pg_catalog.pg_table_size(tab.oid)), 0) FROM tab)";

  /**
   * Checks and empties a schema: the parameters of {@link #CATALOG} and {@link #FINGERPRINT} ($1 to $6), the
   * installed fingerprint, the size limit. Deletes nothing and returns false when the check fails or a queue table is
   * missing (a schema of an installer that makes other tables). The id sequences restarted are the sequences among
   * the relations of $1.
   * The deletions name each table through its {@code regclass}, whose text form PostgreSQL quotes itself.
   */
  private static final String FUNCTION = """
      CREATE FUNCTION pg_temp.pgqt_recycle(text[], text[], text, text, text, text, text, bigint)
      RETURNS boolean LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $recycle$
      DECLARE
        ok boolean;
        t regclass;
      BEGIN
        PERFORM pg_catalog.set_config('synchronous_commit', 'off', true);
        %s INTO ok;
        IF ok IS NOT TRUE OR EXISTS (SELECT FROM unnest($2) AS n WHERE to_regclass(n) IS NULL) THEN
          RETURN false;
        END IF;
        FOREACH t IN ARRAY $2::regclass[] LOOP
          EXECUTE 'DELETE FROM ' || t::text;
        END LOOP;
        PERFORM pg_catalog.setval(q.seqrelid::regclass, q.seqstart, false) FROM pg_catalog.pg_sequence q
          WHERE q.seqrelid IN (SELECT to_regclass(x)::oid FROM unnest($1) AS s(x));
        RETURN true;
      END
      $recycle$""".formatted(numbered(CATALOG + "\nSELECT " + FINGERPRINT + " = $7 AND " + DATA_BYTES + " <= $8"));

  private static final String CALL = "SELECT pg_temp.pgqt_recycle(?, ?, ?, ?, ?, ?, ?, ?)";

  private final DataSource sessions;
  private @Nullable Connection session;

  /** @param sessions unpooled connections; the instance holds one while it recycles (opened on first use) */
  SchemaRecycling(DataSource sessions) {
    this.sessions = sessions;
  }

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
   * most {@value #SMALL_BYTES} bytes, in one call and one round trip: the check, then, only when it holds, the
   * deletion of every row and the restart of every id sequence at its start value, committed without waiting for
   * the WAL flush. The sequences are restarted with {@code setval(seq, start, false)}, which is what
   * {@code ALTER SEQUENCE ... RESTART} does to their state, but without DDL: no new relfilenode and no catalog
   * invalidation that every other session (the running tests' among them) must process and whose cached plans it
   * would have to rebuild. Measured on a 2-core machine, the DDL made the reset about 10 ms and doubled the median
   * of concurrent tests.
   *
   * @return whether the schema was emptied; when not, nothing was changed and it should be dropped
   * @throws SQLException when the session failed; it is closed, and the next call opens another
   */
  boolean recycle(String schema, String installed) throws SQLException {
    try {
      Connection c = session();
      try (PreparedStatement ps = c.prepareStatement(CALL)) {
        int next = bindCatalog(c, ps, schema);
        ps.setString(next, installed);
        ps.setLong(next + 1, SMALL_BYTES);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        }
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  private Connection session() throws SQLException {
    Connection c = session;
    if (c == null) {
      c = sessions.getConnection();
      try (Statement st = c.createStatement()) {
        st.execute(FUNCTION);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      session = c;
    }
    return c;
  }

  /** Closes the session (its temporary function goes with it). */
  @Override
  public void close() {
    Connection c = session;
    session = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // the session is gone either way
      }
    }
  }

  /** {@code sql} with its {@code ?} parameters numbered {@code $1}, {@code $2}, ... in order (none is quoted). */
  private static String numbered(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = 0;
    for (int i = 0; i < sql.length(); i++) {
      char ch = sql.charAt(i);
      if (ch == '?') {
        out.append('$').append(++n);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
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
    return 7;
  }

  private static String qualified(String schema, String name) {
    return "\"" + schema + "\".\"" + name + "\"";
  }

  /** The queue's tables, each with an id sequence {@code <table>_id_seq} (the log's is its identity sequence). */
  private static List<String> tables(SchemaNames n) {
    return List.of(n.queueTable(), n.logTable(), n.statisticsTable(), n.schedulesTable());
  }
}
