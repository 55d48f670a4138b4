package dev.pgqueuer.postgres;

import dev.pgqueuer.SchemaStateException;
import dev.pgqueuer.port.SchemaNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The lifecycle of one queue's PostgreSQL schema, compatible with PgQueuer's layout: {@link #install},
 * {@link #upgrade}, {@link #uninstall}, their SQL text ({@link #sql()}), a catalog check ({@link #verify()}) and
 * catalog probes ({@link #hasTable} and the like). Probes and checks look in the configured schema, or in
 * {@code current_schema()} when none is configured. These are PostgreSQL matters: the port
 * ({@link dev.pgqueuer.port.SchemaPort}) has only the lifecycle.
 *
 * <p>Lifecycle rules ({@code docs/semantics.md} §9): {@code install} on an installed queue and {@code upgrade} on a
 * missing one throw {@link SchemaStateException}; {@code upgrade} is idempotent; {@code uninstall} drops every
 * object and all data and is a no-op when nothing is installed. {@code install} creates everything
 * {@code upgrade} would, including {@code <queue>_heartbeat_id_id1_idx}.
 *
 * <p>Thread-safe; every method borrows its own connection. Database failures throw
 * {@link dev.pgqueuer.RepositoryException}.
 */
public final class PostgresSchema {

  private static final Set<String> ALREADY_EXISTS = Set.of("42710", "42P07", "23505");

  private final Jdbc jdbc;
  private final SqlNames sql;
  private final SchemaDdl ddl;
  private final Durability durability;

  private PostgresSchema(DataSource dataSource, SchemaNames names, Durability durability) {
    this.jdbc = new Jdbc(Objects.requireNonNull(dataSource, "dataSource"));
    this.sql = new SqlNames(Objects.requireNonNull(names, "names"));
    this.durability = Objects.requireNonNull(durability, "durability");
    this.ddl = new SchemaDdl(sql, durability);
  }

  /**
   * The schema manager for {@code names}, creating tables with {@code durability}.
   *
   * @throws NullPointerException for a null argument
   */
  public static PostgresSchema of(DataSource dataSource, SchemaNames names, Durability durability) {
    return new PostgresSchema(dataSource, names, durability);
  }

  /** The object names. */
  public SchemaNames names() {
    return sql.names();
  }

  /** The install script (statements separated by {@code ;}), e.g. for review or a migration tool. */
  public String installScript() {
    return sql().install();
  }

  /** The install, upgrade and uninstall scripts this manager runs, as text for a migration tool. */
  public SchemaSql sql() {
    return SchemaSql.of(names(), durability);
  }

  /**
   * Compares the installed catalog with a complete installation of these names: every missing table, column,
   * index, enum label, trigger function (or a function that notifies another channel) and trigger, and every
   * unexpected column, index, trigger, enum label or legacy type on the queue's tables. Changes nothing.
   *
   * @throws dev.pgqueuer.RepositoryException when the database cannot be read
   */
  public SchemaReport verify() {
    SchemaVerifier verifier = new SchemaVerifier(names());
    return jdbc.autocommit("verify", verifier::verify);
  }

  /** Creates the schema (when named), the enum, tables, indexes, trigger function and trigger in one transaction. */
  public void install() {
    jdbc.transaction("install", c -> {
      if (isInstalled(c)) {
        throw alreadyInstalled();
      }
      try (Statement st = c.createStatement()) {
        st.execute(String.join(";\n", ddl.install()));
      } catch (SQLException e) {
        if (ALREADY_EXISTS.contains(e.getSQLState())) {
          throw alreadyInstalled();
        }
        throw e;
      }
      return null;
    });
  }

  private SchemaStateException alreadyInstalled() {
    return new SchemaStateException("install: the queue " + sql.qualified(names().queueTable())
        + " is already installed (use upgrade() to bring it up to date)");
  }

  /** Runs the idempotent upgrade statements, each in its own transaction. */
  public void upgrade() {
    jdbc.autocommit("upgrade", c -> {
      if (!isInstalled(c)) {
        throw new SchemaStateException("upgrade: the queue " + sql.qualified(names().queueTable())
            + " is not installed (use install())");
      }
      for (String statement : ddl.upgrade()) {
        try (Statement st = c.createStatement()) {
          st.execute(statement);
        }
      }
      return null;
    });
  }

  /** Drops the queue's tables, trigger function and enum types; a no-op when they do not exist. */
  public void uninstall() {
    jdbc.transaction("uninstall", c -> {
      try (Statement st = c.createStatement()) {
        st.execute(String.join(";\n", ddl.uninstall()));
      }
      return null;
    });
  }

  /** Whether the queue table exists. */
  public boolean isInstalled() {
    return hasTable(names().queueTable());
  }

  boolean isInstalled(Connection c) throws SQLException {
    return probe(c, """
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = coalesce(?, current_schema()) AND c.relname = ? AND c.relkind IN ('r', 'p'))""",
        List.of(names().queueTable()));
  }

  /** Whether {@code table} (a bare name) exists in the effective schema. */
  public boolean hasTable(String table) {
    return probe("hasTable", """
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = coalesce(?, current_schema()) AND c.relname = ? AND c.relkind IN ('r', 'p'))""",
        List.of(table));
  }

  /** Whether {@code table} has {@code column}. */
  public boolean hasColumn(String table, String column) {
    return probe("hasColumn", """
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = coalesce(?, current_schema()) AND c.relname = ? AND a.attname = ?
            AND a.attnum > 0 AND NOT a.attisdropped)""",
        List.of(table, column));
  }

  /** Whether index {@code index} exists in the effective schema. */
  public boolean hasIndex(String index) {
    return probe("hasIndex", """
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_indexes
          WHERE schemaname = coalesce(?, current_schema()) AND indexname = ?)""",
        List.of(index));
  }

  /** Whether function {@code function} exists in the effective schema. */
  public boolean hasFunction(String function) {
    return probe("hasFunction", """
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = coalesce(?, current_schema()) AND p.proname = ?)""",
        List.of(function));
  }

  /** Whether trigger {@code trigger} exists on a table of the effective schema. */
  public boolean hasTrigger(String trigger) {
    return probe("hasTrigger", """
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
          JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = coalesce(?, current_schema()) AND t.tgname = ? AND NOT t.tgisinternal)""",
        List.of(trigger));
  }

  /** Whether the status enum type has {@code label}. */
  public boolean hasEnumLabel(String label) {
    return probe("hasEnumLabel", """
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_enum e
          JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname = coalesce(?, current_schema()) AND t.typname = ? AND e.enumlabel = ?)""",
        List.of(names().statusType(), label));
  }

  private boolean probe(String operation, String query, List<String> args) {
    for (String a : args) {
      Objects.requireNonNull(a, operation + " argument");
    }
    return jdbc.autocommit(operation, c -> probe(c, query, args));
  }

  private boolean probe(Connection c, String query, List<String> args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setString(1, names().schema());
      int i = 2;
      for (String a : args) {
        ps.setString(i++, SqlNames.truncate(a));
      }
      return Jdbc.queryOne(ps, 0, rs -> rs.getBoolean(1));
    }
  }
}
