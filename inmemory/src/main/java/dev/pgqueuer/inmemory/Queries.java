package dev.pgqueuer.inmemory;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.internal.TextOrder;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.SortOrder;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntBidirectionalIterator;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reading queue operations of {@code docs/semantics.md} §6 on a {@link QueueState}. Arguments are already
 * validated. Called under the repository's lock.
 */
final class Queries {

  /** Statuses a queue row can have, in enum order. */
  private static final JobStatus[] ROW_STATUSES = {JobStatus.QUEUED, JobStatus.PICKED, JobStatus.FAILED};

  private Queries() {}

  /** Counts per (entrypoint, priority, status), ordered by entrypoint (code points), priority, status. */
  static List<QueueStatistics> queueSize(QueueState s) {
    JobTable t = s.table;
    Long2ObjectOpenHashMap<long[]> groups = new Long2ObjectOpenHashMap<>();
    for (int slot = 0, n = t.highWater(); slot < n; slot++) {
      byte place = t.place(slot);
      if (place == JobTable.FREE) {
        continue;
      }
      long key = ((long) t.entrypoint(slot) << 32) | (t.priority(slot) & 0xffffffffL);
      long[] counts = groups.get(key);
      if (counts == null) {
        counts = new long[3];
        groups.put(key, counts);
      }
      counts[place == JobTable.PICKED ? 1 : place == JobTable.HELD ? 2 : 0]++;
    }
    List<QueueStatistics> out = new ArrayList<>();
    for (Long2ObjectOpenHashMap.Entry<long[]> g : groups.long2ObjectEntrySet()) {
      String name = s.entrypoint((int) (g.getLongKey() >>> 32)).name;
      int priority = (int) g.getLongKey();
      for (int i = 0; i < 3; i++) {
        if (g.getValue()[i] > 0) {
          out.add(new QueueStatistics(name, priority, ROW_STATUSES[i], g.getValue()[i]));
        }
      }
    }
    out.sort((a, b) -> {
      int c = TextOrder.compare(a.entrypoint(), b.entrypoint());
      if (c == 0) {
        c = Integer.compare(a.priority(), b.priority());
      }
      return c != 0 ? c : a.status().compareTo(b.status());
    });
    return out;
  }

  /** The number of queued jobs of the entrypoints; eligible ones only when {@code eligibleOnly}. */
  static long queuedWork(QueueState s, Set<String> entrypoints, boolean eligibleOnly, long now) {
    long n = 0;
    for (String name : entrypoints) {
      EntrypointState ep = s.findEntrypoint(name);
      if (ep != null) {
        if (eligibleOnly) {
          ep.promote(now);
          n += ep.readyCount();
        } else {
          n += ep.queuedCount();
        }
      }
    }
    return n;
  }

  /** The least {@code execute_after - now} over deferred queued jobs of the entrypoints. */
  static Optional<Duration> nextDeferredEta(QueueState s, Set<String> entrypoints, long now) {
    long min = Long.MAX_VALUE;
    for (String name : entrypoints) {
      EntrypointState ep = s.findEntrypoint(name);
      if (ep != null) {
        ep.promote(now);
        min = Math.min(min, ep.nextDeferred());
      }
    }
    return min == Long.MAX_VALUE ? Optional.empty() : Optional.of(Times.durationOfMicros(min - now));
  }

  /** {@code QueuePort.nextStaleEta}: from the oldest heartbeat of each entrypoint's picked jobs. */
  static Optional<Duration> nextStaleEta(QueueState s, Set<String> entrypoints, long timeout, long now) {
    long oldest = Long.MAX_VALUE;
    for (String name : entrypoints) {
      EntrypointState ep = s.findEntrypoint(name);
      if (ep != null) {
        oldest = Math.min(oldest, ep.oldestPickedHeartbeat());
      }
    }
    return oldest == Long.MAX_VALUE ? Optional.empty()
        : Optional.of(Times.durationOfMicros(Math.max(0, oldest + timeout - now)));
  }

  /** The latest logged status of each id in {@code sorted} (ascending, distinct, the first {@code n}). */
  static Map<JobId, JobStatus> jobStatus(QueueState s, long[] sorted, int n) {
    byte[] statuses = new byte[n];
    int found = 0;
    for (int i = 0; i < n; i++) {
      int st = s.ids.lastStatus(sorted[i]);
      if (st != 0) {
        sorted[found] = sorted[i];
        statuses[found++] = (byte) (st - 1);
      }
    }
    return found == 0 ? Map.of() : new JobStatusMap(sorted, statuses, found);
  }

  /** The live row of {@code id}. */
  static Optional<Job> findJob(QueueState s, Records records, JobId id) {
    int slot = s.ids.slot(id.value());
    return slot < 0 ? Optional.empty() : Optional.of(records.job(s, slot));
  }

  /** Held jobs by ({@code created}, id) in {@code order}, at most {@code limit}. */
  static List<Job> listFailed(QueueState s, Records records, int limit, SortOrder order) {
    List<Job> out = new ArrayList<>(Math.min(limit, Math.max(s.held.size(), 1)));
    if (limit == 0 || s.held.isEmpty()) {
      return out;
    }
    if (order == SortOrder.ASC) {
      IntBidirectionalIterator it = s.held.iterator();
      while (it.hasNext() && out.size() < limit) {
        out.add(records.job(s, it.nextInt()));
      }
    } else {
      IntBidirectionalIterator it = s.held.iterator(s.held.lastInt());
      while (it.hasPrevious() && out.size() < limit) {
        out.add(records.job(s, it.previousInt()));
      }
    }
    return out;
  }

  /** Live rows matching {@code query} in key order, after {@code offset}, at most {@code limit}. */
  static List<Job> browse(QueueState s, Records records, BrowseQuery query) {
    JobTable t = s.table;
    boolean[] wanted = null;
    if (query.entrypoints() != null) {
      wanted = new boolean[s.entrypoints().size()];
      for (String name : query.entrypoints()) {
        EntrypointState ep = s.findEntrypoint(name);
        if (ep != null) {
          wanted[ep.code] = true;
        }
      }
    }
    Set<JobStatus> statuses = query.statuses();
    IntArrayList slots = new IntArrayList();
    for (int slot = 0, n = t.highWater(); slot < n; slot++) {
      byte place = t.place(slot);
      if (place == JobTable.FREE || (wanted != null && !wanted[t.entrypoint(slot)])
          || (statuses != null && !statuses.contains(JobTable.statusOf(place)))) {
        continue;
      }
      slots.add(slot);
    }
    IntArrays.quickSort(slots.elements(), 0, slots.size(), EntrypointState.keyOrder(t));
    int from = Math.min(query.offset(), slots.size());
    int to = query.limit() == null ? slots.size() : (int) Math.min(slots.size(), (long) from + query.limit());
    List<Job> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(records.job(s, slots.getInt(i)));
    }
    return out;
  }

  /** Every log row in write order. */
  static List<LogEntry> queueLog(QueueState s, Records records) {
    long count = s.log.count();
    if (count > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("the log has " + count + " rows, too many for one list");
    }
    List<LogEntry> out = new ArrayList<>((int) count);
    for (long row = 0; row < count; row++) {
      if (s.log.visible(row)) {
        out.add(records.logEntry(s, row));
      }
    }
    return out;
  }

  /** The log rows of one job in write order. */
  static List<LogEntry> jobLog(QueueState s, Records records, JobId id) {
    LongArrayList rows = new LongArrayList();
    for (long row = s.ids.lastRow(id.value()); row >= 0; row = s.log.previous(row)) {
      rows.add(row);
    }
    List<LogEntry> out = new ArrayList<>(rows.size());
    for (int i = rows.size() - 1; i >= 0; i--) {
      out.add(records.logEntry(s, rows.getLong(i)));
    }
    return Collections.unmodifiableList(out);
  }
}
