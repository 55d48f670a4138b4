package dev.pgqueuer.inmemory;

import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.ScheduleKey;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.ScheduleSpec;
import dev.pgqueuer.port.SchedulePort;
import it.unimi.dsi.fastutil.longs.Long2ObjectLinkedOpenHashMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schedules table: rows by id (kept in id order) and by key. Schedules are few, so rows are small mutable
 * objects; they never leave this class except as {@link dev.pgqueuer.Schedule} records. Not thread-safe: the
 * repository's lock guards it.
 */
final class ScheduleStore {

  /** {@code last_run} of a schedule that never ran. */
  static final long NEVER = Long.MIN_VALUE;
  private static final long STALE_MICROS = Times.toMicros(SchedulePort.STALE_AFTER);

  /** One schedule row. */
  static final class Row {
    final long id;
    final ScheduleKey key;
    final long created;
    long heartbeat;
    long updated;
    long nextRun;
    long lastRun = NEVER;
    boolean picked;

    Row(long id, ScheduleKey key, long now, long nextRun) {
      this.id = id;
      this.key = key;
      this.created = now;
      this.heartbeat = now;
      this.updated = now;
      this.nextRun = nextRun;
    }
  }

  private final Long2ObjectLinkedOpenHashMap<Row> byId = new Long2ObjectLinkedOpenHashMap<>();
  private final Map<ScheduleKey, Row> byKey = new HashMap<>();
  private long nextId = 1;

  private static long nextRun(long now, ScheduleSpec spec) {
    return Times.floorToSecond(now + Times.toMicros(spec.delay()));
  }

  /** Inserts the specs whose key is new; one id per spec. @return the number inserted */
  int insert(List<ScheduleSpec> specs, long now) {
    int inserted = 0;
    for (ScheduleSpec spec : specs) {
      long id = nextId++;
      if (!byKey.containsKey(spec.key())) {
        Row r = new Row(id, spec.key(), now, nextRun(now, spec));
        byId.put(id, r);
        byKey.put(spec.key(), r);
        inserted++;
      }
    }
    return inserted;
  }

  /** Claims the due or stale schedules among {@code specs}. @return the claimed rows in id order */
  List<Row> fetchDue(List<ScheduleSpec> specs, long now) {
    List<Row> out = new ArrayList<>();
    for (ScheduleSpec spec : specs) {
      Row r = byKey.get(spec.key());
      if (r == null) {
        continue;
      }
      boolean due = !r.picked && r.nextRun <= now;
      boolean stale = r.picked && r.heartbeat < now - STALE_MICROS;
      if (due || stale) {
        r.picked = true;
        r.heartbeat = now;
        r.updated = now;
        r.nextRun = nextRun(now, spec);
        out.add(r);
      }
    }
    out.sort(Comparator.comparingLong(r -> r.id));
    return out;
  }

  /** Sets {@code status = queued, last_run = updated = now}. @return rows touched */
  int markQueued(Collection<ScheduleId> ids, long now) {
    int n = 0;
    for (ScheduleId id : ids) {
      Row r = byId.get(id.value());
      if (r != null) {
        r.picked = false;
        r.lastRun = now;
        r.updated = now;
        n++;
      }
    }
    return n;
  }

  /** Sets {@code heartbeat = updated = now}. @return rows touched */
  int beat(Collection<ScheduleId> ids, long now) {
    int n = 0;
    for (ScheduleId id : ids) {
      Row r = byId.get(id.value());
      if (r != null) {
        r.heartbeat = now;
        r.updated = now;
        n++;
      }
    }
    return n;
  }

  /** Every row by {@code last_run} ascending, never-run last, then id. */
  List<Row> peek() {
    List<Row> out = new ArrayList<>(byId.values());
    out.sort((a, b) -> {
      boolean na = a.lastRun == NEVER;
      boolean nb = b.lastRun == NEVER;
      if (na != nb) {
        return na ? 1 : -1;
      }
      int c = Long.compare(a.lastRun, b.lastRun);
      return c != 0 ? c : Long.compare(a.id, b.id);
    });
    return out;
  }

  /** Deletes rows whose id or entrypoint is given. @return the number deleted */
  int delete(Set<ScheduleId> ids, Set<String> entrypoints) {
    List<Row> doomed = new ArrayList<>();
    for (Row r : byId.values()) {
      if (ids.contains(new ScheduleId(r.id)) || entrypoints.contains(r.key.entrypoint())) {
        doomed.add(r);
      }
    }
    for (Row r : doomed) {
      byId.remove(r.id);
      byKey.remove(r.key);
    }
    return doomed.size();
  }

  /** Deletes every row; ids continue. */
  void clear() {
    byId.clear();
    byKey.clear();
  }
}
