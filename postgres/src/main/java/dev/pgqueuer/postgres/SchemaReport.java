package dev.pgqueuer.postgres;

import dev.pgqueuer.port.SchemaNames;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PostgresSchema#verify()} found: the objects a complete installation must have but does not
 * ({@link #missing()}), the objects of the queue's tables and types that no installation of this version creates
 * ({@link #extra()}), and a description of the installed catalog, one line per object with its definition
 * ({@link #catalog()}: column types and defaults, index and trigger definitions, enum labels in order, table
 * persistence, a digest of the trigger function's body). Two installations with equal catalogs are the same for
 * every query this library runs. Immutable; every list is sorted.
 *
 * @param names the names that were verified
 * @param missing lines such as {@code index pgqueuer_ep_ea_idx}
 * @param extra lines such as {@code column pgqueuer.legacy}
 * @param catalog the installed objects, one line each; empty when nothing is installed
 */
public record SchemaReport(SchemaNames names, List<String> missing, List<String> extra, List<String> catalog) {

  /** @throws NullPointerException for a null component */
  public SchemaReport {
    Objects.requireNonNull(names, "names");
    missing = List.copyOf(missing);
    extra = List.copyOf(extra);
    catalog = List.copyOf(catalog);
  }

  /** Whether the installation is complete and has nothing unexpected. */
  public boolean ok() {
    return missing.isEmpty() && extra.isEmpty();
  }

  /** A human-readable report: one line per missing or extra object, or a line saying all is well. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    String where = names.schema() == null ? "the search_path's schema" : "schema " + names.schema();
    if (ok()) {
      out.append("ok: every object of ").append(names.queueTable()).append(" is installed in ").append(where)
          .append(" (").append(catalog.size()).append(" catalog entries)\n");
      return out.toString();
    }
    for (String m : missing) {
      out.append("missing: ").append(m).append('\n');
    }
    for (String e : extra) {
      out.append("extra: ").append(e).append('\n');
    }
    return out.toString();
  }
}
