package dev.pgqueuer.inmemory;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;
import it.unimi.dsi.fastutil.ints.IntRBTreeSet;

/**
 * The indexes of one entrypoint's live jobs:
 *
 * <ul>
 *   <li>ready jobs in dequeue key order: one {@link PriorityBucket} per priority plus the set of non-empty
 *       priorities, highest first, so the next job is found in O(1) and popped in O(1) (O(log n) when out of order);
 *   <li>deferred jobs in ({@code execute_after}, id) order, promoted to ready when due;
 *   <li>picked jobs in heartbeat order, so stale ones are found from the oldest heartbeat without looking at the
 *       fresh ones, and the number of picked jobs per worker (for the worker budget).
 * </ul>
 *
 * <p>Trees hold slots and compare by reading the {@link JobTable}; callers remove a slot before changing a column
 * it is ordered by. The picked index exploits that {@code now} never goes backwards: a claim or a heartbeat always
 * sets the latest heartbeat, so it is a ring of (id, pick generation) entries appended in heartbeat order; an entry
 * is valid while its job is still picked with that generation, and invalid entries are skipped, dropped at the
 * head, and compacted away when they outnumber the valid ones. Not thread-safe: the repository's lock guards it.
 */
final class EntrypointState {

  final int code;
  final String name;
  private final JobTable table;
  private final IdIndex ids;
  private final IntComparator byId;
  private final IntComparator keyOrder;
  private final Int2ObjectOpenHashMap<PriorityBucket> buckets = new Int2ObjectOpenHashMap<>();
  private final IntRBTreeSet nonEmpty = new IntRBTreeSet((IntComparator) (a, b) -> Integer.compare(b, a));
  private final IntRBTreeSet deferred;
  private final LongRing picked = new LongRing(true);
  private int pickedCount;
  private final Int2IntOpenHashMap pickedBy = new Int2IntOpenHashMap();
  private int ready;
  private PriorityBucket lastBucket;

  EntrypointState(int code, String name, JobTable table, IdIndex ids) {
    this.code = code;
    this.name = name;
    this.table = table;
    this.ids = ids;
    this.byId = (a, b) -> Long.compare(table.id(a), table.id(b));
    this.keyOrder = keyOrder(table);
    this.deferred = new IntRBTreeSet((IntComparator) (a, b) -> {
      int c = Long.compare(table.executeAfter(a), table.executeAfter(b));
      return c != 0 ? c : Long.compare(table.id(a), table.id(b));
    });
    this.lastBucket = new PriorityBucket(0, table, ids, byId);
    buckets.put(0, lastBucket);
  }

  /** Places a queued job: ready when {@code execute_after <= now}, else deferred. Sets its place. */
  void addQueued(int slot, long now) {
    if (table.executeAfter(slot) <= now) {
      addReady(slot);
    } else {
      table.setPlace(slot, JobTable.DEFERRED);
      deferred.add(slot);
    }
  }

  private void addReady(int slot) {
    table.setPlace(slot, JobTable.READY);
    PriorityBucket b = bucket(table.priority(slot));
    if (b.size() == 0) {
      nonEmpty.add(b.priority);
    }
    b.add(slot);
    ready++;
  }

  private PriorityBucket bucket(int priority) {
    PriorityBucket b = lastBucket;
    if (b.priority == priority) {
      return b;
    }
    b = buckets.get(priority);
    if (b == null) {
      if (buckets.size() >= 16) {
        dropEmptyBuckets();
      }
      b = new PriorityBucket(priority, table, ids, byId);
      buckets.put(priority, b);
    }
    lastBucket = b;
    return b;
  }

  private void dropEmptyBuckets() {
    buckets.values().removeIf(b -> b.size() == 0 && b != lastBucket);
  }

  /** Removes a job from whichever index its place names (ready, deferred or picked). */
  void remove(int slot) {
    switch (table.place(slot)) {
      case JobTable.READY:
        PriorityBucket b = buckets.get(table.priority(slot));
        b.remove(slot);
        if (b.size() == 0) {
          nonEmpty.remove(b.priority);
        }
        ready--;
        break;
      case JobTable.DEFERRED:
        deferred.remove(slot);
        break;
      case JobTable.PICKED:
        pickedCount--;
        releaseWorker(table.worker(slot));
        break;
      default:
        throw new IllegalStateException("cannot happen: job " + table.id(slot) + " is not in an entrypoint index");
    }
  }

  /** Moves deferred jobs with {@code execute_after <= now} to ready. */
  void promote(long now) {
    while (!deferred.isEmpty()) {
      int slot = deferred.firstInt();
      if (table.executeAfter(slot) > now) {
        return;
      }
      deferred.remove(slot);
      addReady(slot);
    }
  }

  /** The best ready job in key order, -1 when none. */
  int peekReady() {
    if (ready == 0) {
      return -1;
    }
    int priority = nonEmpty.firstInt();
    PriorityBucket b = lastBucket.priority == priority ? lastBucket : buckets.get(priority);
    return b.peek();
  }

  /** Claims the job returned by the last {@link #peekReady} for {@code worker} at {@code now}. */
  void claimReady(int slot, int worker, long now) {
    PriorityBucket b = lastBucket.priority == table.priority(slot) ? lastBucket : buckets.get(table.priority(slot));
    b.pop(slot);
    if (b.size() == 0) {
      nonEmpty.remove(b.priority);
    }
    ready--;
    pickedCount++;
    setPicked(slot, worker, now);
  }

  /** Re-picks a stale picked job for {@code worker} at {@code now}. */
  void claimStale(int slot, int worker, long now) {
    releaseWorker(table.worker(slot));
    setPicked(slot, worker, now);
  }

  private void setPicked(int slot, int worker, long now) {
    table.setPlace(slot, JobTable.PICKED);
    table.setUpdated(slot, now);
    table.setHeartbeat(slot, now);
    table.setWorker(slot, worker);
    appendPicked(slot);
    pickedBy.addTo(worker, 1);
  }

  private void appendPicked(int slot) {
    if (picked.size() >= 2 * pickedCount + 64) {
      picked.retain(this::validPicked);
    }
    picked.add(table.id(slot), table.bumpPickGen(slot));
  }

  private boolean validPicked(long id, int generation) {
    int slot = ids.slot(id);
    return slot >= 0 && table.place(slot) == JobTable.PICKED && table.pickGen(slot) == generation;
  }

  private void releaseWorker(int worker) {
    pickedBy.addTo(worker, -1);
  }

  /** Sets the heartbeat of a picked job, keeping the heartbeat order. */
  void beatPicked(int slot, long now) {
    if (table.heartbeat(slot) != now) {
      table.setHeartbeat(slot, now);
      appendPicked(slot);
    }
  }

  /**
   * Adds to {@code out} the picked jobs with {@code heartbeat <= threshold}, at most {@code limit} of them, the
   * best in key order first.
   */
  void staleCandidates(long threshold, int limit, IntArrayList out) {
    if (oldestPickedHeartbeat() > threshold) {
      return;
    }
    int from = out.size();
    for (int k = 0, n = picked.size(); k < n; k++) {
      if (!validPicked(picked.get(k), picked.tag(k))) {
        continue;
      }
      int slot = ids.slot(picked.get(k));
      if (table.heartbeat(slot) > threshold) {
        break;
      }
      out.add(slot);
    }
    int[] a = out.elements();
    IntArrays.quickSort(a, from, out.size(), keyOrder);
    if (out.size() - from > limit) {
      out.size(from + limit);
    }
  }

  /**
   * The oldest heartbeat of a picked job, {@code Long.MAX_VALUE} when none is picked; drops the invalid entries at
   * the head of the picked ring on the way.
   */
  long oldestPickedHeartbeat() {
    while (!picked.isEmpty() && !validPicked(picked.get(0), picked.tag(0))) {
      picked.removeFirst();
    }
    return picked.isEmpty() ? Long.MAX_VALUE : table.heartbeat(ids.slot(picked.get(0)));
  }

  /** The number of picked jobs (any worker, stale or not). */
  int pickedCount() {
    return pickedCount;
  }

  /** The number of jobs picked by {@code worker}. */
  int pickedBy(int worker) {
    return pickedBy.get(worker);
  }

  /** Ready jobs (queued, {@code execute_after <= now} at the last promotion). */
  int readyCount() {
    return ready;
  }

  /** Queued jobs, ready or deferred. */
  long queuedCount() {
    return (long) ready + deferred.size();
  }

  /** The least {@code execute_after} of the deferred jobs, {@link Long#MAX_VALUE} when none. */
  long nextDeferred() {
    return deferred.isEmpty() ? Long.MAX_VALUE : table.executeAfter(deferred.firstInt());
  }

  /** Dequeue key order over slots: priority descending, then id ascending. */
  static IntComparator keyOrder(JobTable table) {
    return (a, b) -> {
      int pa = table.priority(a);
      int pb = table.priority(b);
      if (pa != pb) {
        return pa > pb ? -1 : 1;
      }
      return Long.compare(table.id(a), table.id(b));
    };
  }

  /** Forgets every job (the table is being dropped). */
  void reset() {
    buckets.values().forEach(PriorityBucket::reset);
    buckets.clear();
    lastBucket = new PriorityBucket(0, table, ids, byId);
    buckets.put(0, lastBucket);
    nonEmpty.clear();
    deferred.clear();
    picked.clear();
    pickedCount = 0;
    pickedBy.clear();
    ready = 0;
  }
}
