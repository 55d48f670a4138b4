package dev.pgqueuer.postgres;

import dev.pgqueuer.port.SchemaNames;
import java.util.List;
import java.util.Objects;

/**
 * The SQL text of a queue's schema lifecycle, for a migration tool (Flyway, Liquibase) or a review: exactly the
 * statements {@link PostgresSchema#install()}, {@link PostgresSchema#upgrade()} and
 * {@link PostgresSchema#uninstall()} run for the same names and durability. Identifiers come only from a validated
 * {@link SchemaNames} (lower-case identifiers) and are double-quoted; the scripts contain no values from users.
 *
 * <p>Each script is a sequence of statements, each ending with {@code ;} on its own line; function bodies are
 * dollar-quoted, so a tool that splits on {@code ;} naively must be told the script is one unit (Flyway and
 * {@code psql} handle it as is). The install script is meant to run in one transaction; the upgrade script is
 * idempotent and may run in one transaction on PostgreSQL 12 or newer (new enum labels are only added there, never
 * used). Immutable and thread-safe.
 */
public final class SchemaSql {

  private final SchemaDdl ddl;

  private SchemaSql(SchemaNames names, Durability durability) {
    this.ddl = new SchemaDdl(new SqlNames(Objects.requireNonNull(names, "names")),
        Objects.requireNonNull(durability, "durability"));
  }

  /**
   * The scripts for {@code names}, creating tables with {@code durability}.
   *
   * @throws NullPointerException for a null argument
   */
  public static SchemaSql of(SchemaNames names, Durability durability) {
    return new SchemaSql(names, durability);
  }

  /** The scripts for {@code names} with durable tables. */
  public static SchemaSql of(SchemaNames names) {
    return of(names, Durability.DURABLE);
  }

  /** Creates the schema (when named), the enum, tables, indexes, trigger function and trigger. */
  public String install() {
    return script(ddl.install());
  }

  /** Brings an older installation (by PgQueuer or by this library) up to date; safe to run again. */
  public String upgrade() {
    return script(ddl.upgrade());
  }

  /** Drops every object of the queue and all its data; each statement is a no-op when its object is absent. */
  public String uninstall() {
    return script(ddl.uninstall());
  }

  static String script(List<String> statements) {
    StringBuilder out = new StringBuilder();
    for (String s : statements) {
      out.append(s).append(";\n");
    }
    return out.toString();
  }
}
