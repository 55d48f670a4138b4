package dev.pgqueuer.inmemory;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.port.SchemaNames;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog an installed in-memory queue answers schema probes from: exactly the objects
 * {@link SchemaNames#columns()}, {@link SchemaNames#indexes()}, the trigger function, the trigger and the status
 * labels name (what an upgraded PostgreSQL installation holds). Immutable.
 */
final class SchemaCatalog {

  private final SchemaNames names;
  private final Map<String, List<String>> columns;
  private final Set<String> indexes;
  private final Set<String> labels = new HashSet<>();

  SchemaCatalog(SchemaNames names) {
    this.names = names;
    this.columns = names.columns();
    this.indexes = Set.copyOf(names.indexes());
    for (JobStatus s : JobStatus.values()) {
      labels.add(s.dbValue());
    }
  }

  boolean hasTable(String table) {
    return columns.containsKey(table);
  }

  boolean hasColumn(String table, String column) {
    List<String> c = columns.get(table);
    return c != null && c.contains(column);
  }

  boolean hasIndex(String index) {
    return indexes.contains(index);
  }

  boolean hasFunction(String function) {
    return names.function().equals(function);
  }

  boolean hasTrigger(String trigger) {
    return names.trigger().equals(trigger);
  }

  boolean hasEnumLabel(String label) {
    return labels.contains(label);
  }
}
