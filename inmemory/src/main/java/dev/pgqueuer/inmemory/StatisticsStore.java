package dev.pgqueuer.inmemory;

import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.internal.TextOrder;
import dev.pgqueuer.internal.Times;
import it.unimi.dsi.fastutil.ints.IntSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Statistics buckets, one per (UTC second, entrypoint, priority, status), in creation order (the order PostgreSQL's
 * bucket ids give). Aggregation upserts: an existing bucket's count grows; new buckets are created in (second,
 * entrypoint, priority, status) order. Not thread-safe: the repository's lock guards it.
 */
final class StatisticsStore {

  /** A bucket's identity. */
  private record Key(long second, int entrypoint, int priority, byte status) {}

  /** A bucket. */
  private static final class Bucket {
    final Key key;
    long count;

    Bucket(Key key, long count) {
      this.key = key;
      this.count = count;
    }
  }

  private final Map<Key, Bucket> byKey = new HashMap<>();
  private final List<Bucket> byCreation = new ArrayList<>();

  /** Folds the un-aggregated rows of {@code log} into buckets and flags them. */
  void aggregate(LogStore log, IntFunction<String> names) {
    long from = log.aggregatedUpTo();
    long to = log.count();
    long[] late = log.takeLate();
    if (from == to && late.length == 0) {
      return;
    }
    Map<Key, long[]> groups = new HashMap<>();
    Key last = null;
    long[] lastCount = null;
    for (long at = from - late.length; at < to; at++) {
      long row = at < from ? late[(int) (at - from + late.length)] : at;
      if (!log.visible(row)) {
        continue;
      }
      long second = Times.floorToSecond(log.created(row));
      int ep = log.entrypoint(row);
      int prio = log.priority(row);
      byte status = log.status(row);
      if (last != null && last.second == second && last.entrypoint == ep && last.priority == prio
          && last.status == status) {
        lastCount[0]++;
        continue;
      }
      last = new Key(second, ep, prio, status);
      lastCount = groups.computeIfAbsent(last, k -> new long[1]);
      lastCount[0]++;
    }
    List<Bucket> created = new ArrayList<>();
    for (Map.Entry<Key, long[]> g : groups.entrySet()) {
      Bucket b = byKey.get(g.getKey());
      if (b != null) {
        b.count += g.getValue()[0];
      } else {
        created.add(new Bucket(g.getKey(), g.getValue()[0]));
      }
    }
    created.sort((a, b) -> {
      int c = Long.compare(a.key.second, b.key.second);
      if (c == 0) {
        c = TextOrder.compare(names.apply(a.key.entrypoint), names.apply(b.key.entrypoint));
      }
      if (c == 0) {
        c = Integer.compare(a.key.priority, b.key.priority);
      }
      return c != 0 ? c : Integer.compare(a.key.status, b.key.status);
    });
    for (Bucket b : created) {
      byKey.put(b.key, b);
      byCreation.add(b);
    }
    log.markAggregated(to);
  }

  /**
   * The buckets with {@code created > now - windowMicros} (all when {@code windowMicros} is null), newest-created
   * first, at most {@code limit} (all when null).
   */
  List<LogStatistics> read(@Nullable Integer limit, @Nullable Long windowMicros, long now, IntFunction<String> names,
      Records records) {
    List<LogStatistics> out = new ArrayList<>();
    int max = limit == null ? Integer.MAX_VALUE : limit;
    for (int i = byCreation.size() - 1; i >= 0 && out.size() < max; i--) {
      Bucket b = byCreation.get(i);
      if (windowMicros != null && b.key.second <= now - windowMicros) {
        continue;
      }
      out.add(new LogStatistics(records.instant(b.key.second), names.apply(b.key.entrypoint), b.key.priority,
          QueueState.status(b.key.status), b.count));
    }
    return out;
  }

  /** Deletes the buckets of the entrypoint codes, or all when {@code codes} is null. */
  void clear(@Nullable IntSet codes) {
    if (codes == null) {
      byKey.clear();
      byCreation.clear();
      return;
    }
    byCreation.removeIf(b -> codes.contains(b.key.entrypoint));
    byKey.values().removeIf(b -> codes.contains(b.key.entrypoint));
  }
}
