package dev.pgqueuer.inmemory;

import it.unimi.dsi.fastutil.ints.IntComparator;
import it.unimi.dsi.fastutil.ints.IntRBTreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The ready (eligible queued) jobs of one (entrypoint, priority), in id order.
 *
 * <p>Most jobs become ready in increasing id order (enqueue without delay), so the main structure is a FIFO of ids
 * that only ever grows at its tail with a larger id: O(1) append and O(1) pop. A job that becomes ready out of order
 * (a promoted deferred job, a retry, a requeue) goes to a small id-ordered tree of slots instead. Removal from the
 * middle of the FIFO is lazy: the entry stays and is skipped when it reaches the head, because the id no longer
 * names a live ready job. A job whose entry is still in the FIFO re-uses that entry when it becomes ready again
 * (its key never changes, so the position is still right). When the bucket empties, the FIFO is swept.
 * Not thread-safe: the repository's lock guards it.
 */
final class PriorityBucket {

  final int priority;
  private final JobTable table;
  private final IdIndex ids;
  private final IntComparator byId;
  private final LongRing fifo = new LongRing(false);
  private @Nullable IntRBTreeSet late;
  private int ready;

  PriorityBucket(int priority, JobTable table, IdIndex ids, IntComparator byId) {
    this.priority = priority;
    this.table = table;
    this.ids = ids;
    this.byId = byId;
  }

  /** The number of ready jobs. */
  int size() {
    return ready;
  }

  /** Adds a job that has just become ready. */
  void add(int slot) {
    ready++;
    if (table.inFifo(slot)) {
      return;
    }
    long id = table.id(slot);
    if (fifo.isEmpty() || id > fifo.last()) {
      if (fifo.size() >= 2 * ready + 64) {
        compact();
      }
      fifo.add(id, 0);
      table.setInFifo(slot, true);
    } else {
      if (late == null) {
        late = new IntRBTreeSet(byId);
      }
      late.add(slot);
    }
  }

  /** Removes a ready job that leaves the ready state by another way than {@link #pop}. */
  void remove(int slot) {
    ready--;
    if (!table.inFifo(slot)) {
      IntRBTreeSet l = late;
      if (l == null || !l.remove(slot)) {
        throw new IllegalStateException("cannot happen: ready job " + table.id(slot) + " is in no ready index");
      }
    }
    if (ready == 0) {
      sweep();
    }
  }

  /** The slot of the ready job with the smallest id, -1 when none. */
  int peek() {
    int head = fifoHead();
    IntRBTreeSet l = late;
    if (l == null || l.isEmpty()) {
      return head;
    }
    int other = l.firstInt();
    return head < 0 || table.id(other) < table.id(head) ? other : head;
  }

  /** Removes the job returned by the last {@link #peek}. */
  void pop(int slot) {
    ready--;
    if (table.inFifo(slot)) {
      fifo.removeFirst();
      table.setInFifo(slot, false);
    } else {
      IntRBTreeSet l = late;
      if (l == null || !l.remove(slot)) {
        throw new IllegalStateException("cannot happen: popped job " + table.id(slot) + " is in no ready index");
      }
    }
    if (ready == 0) {
      sweep();
    }
  }

  private int fifoHead() {
    while (!fifo.isEmpty()) {
      int slot = ids.slot(fifo.get(0));
      if (slot >= 0 && table.place(slot) == JobTable.READY) {
        return slot;
      }
      fifo.removeFirst();
      if (slot >= 0) {
        table.setInFifo(slot, false);
      }
    }
    return -1;
  }

  /** Drops the stale FIFO entries of an empty bucket, so that no job keeps a reference into it. */
  private void sweep() {
    for (int k = 0; k < fifo.size(); k++) {
      int slot = ids.slot(fifo.get(k));
      if (slot >= 0) {
        table.setInFifo(slot, false);
      }
    }
    fifo.clear();
  }

  /** Drops the entries that no longer name a ready job (many jobs left the FIFO from its middle). */
  private void compact() {
    fifo.retain((id, tag) -> {
      int slot = ids.slot(id);
      if (slot >= 0 && table.place(slot) == JobTable.READY) {
        return true;
      }
      if (slot >= 0) {
        table.setInFifo(slot, false);
      }
      return false;
    });
  }

  /** Forgets every entry without touching the jobs (used when the whole table is dropped). */
  void reset() {
    fifo.clear();
    late = null;
    ready = 0;
  }
}
