package dev.pgqueuer.inmemory;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.port.SchemaNames;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The catalog an installed in-memory queue answers schema probes from: exactly the objects
 * {@link SchemaNames#columns()}, {@link SchemaNames#indexes()}, the trigger function, the trigger and the status
 * labels name (what an upgraded PostgreSQL installation holds). The tables are built on the first probe, not with
 * the repository: most repositories (one per test) are never probed, and building them was most of the cost of
 * creating one. Thread-safe: the tables are immutable once built, and building them twice is harmless.
 */
final class SchemaCatalog {

  private final SchemaNames names;
  private volatile @Nullable Tables tables;

  /** The probe tables of the names. */
  private record Tables(Map<String, List<String>> columns, Set<String> indexes, Set<String> labels) {}

  SchemaCatalog(SchemaNames names) {
    this.names = names;
  }

  private Tables tables() {
    Tables t = tables;
    if (t == null) {
      Set<String> labels = new HashSet<>();
      for (JobStatus s : JobStatus.values()) {
        labels.add(s.dbValue());
      }
      t = new Tables(names.columns(), Set.copyOf(names.indexes()), Set.copyOf(labels));
      tables = t;
    }
    return t;
  }

  boolean hasTable(String table) {
    return tables().columns().containsKey(table);
  }

  boolean hasColumn(String table, String column) {
    List<String> c = tables().columns().get(table);
    return c != null && c.contains(column);
  }

  boolean hasIndex(String index) {
    return tables().indexes().contains(index);
  }

  boolean hasFunction(String function) {
    return names.function().equals(function);
  }

  boolean hasTrigger(String trigger) {
    return names.trigger().equals(trigger);
  }

  boolean hasEnumLabel(String label) {
    return tables().labels().contains(label);
  }
}
