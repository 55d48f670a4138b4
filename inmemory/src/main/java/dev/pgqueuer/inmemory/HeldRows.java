package dev.pgqueuer.inmemory;

import dev.pgqueuer.JobId;
import dev.pgqueuer.port.DequeueRequest;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the plain calls of {@link InMemoryRepository} treat what open units of work hold ({@link Units}): claims skip
 * held job rows, as {@code SKIP LOCKED} does; writes wait (before any effect) for held rows and keys. Called under
 * the repository's lock.
 */
final class HeldRows {

  private HeldRows() {}

  /** Claims for each request in turn at {@code now}, skipping the job rows open units of work hold. */
  static ClaimSnapshot[] claim(QueueState s, Units units, Dequeuer dequeuer, List<DequeueRequest> requests,
      long now) {
    @Nullable IntArrayList hidden = units.holdsRows() ? hide(s, units) : null;
    try {
      ClaimSnapshot[] out = new ClaimSnapshot[requests.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = dequeuer.dequeue(s, requests.get(i), now, hidden == null ? null : units.rows()::containsKey);
      }
      return out;
    } finally {
      if (hidden != null) {
        for (int i = 0; i < hidden.size(); i++) {
          int slot = hidden.getInt(i);
          s.entrypoint(s.table.entrypoint(slot)).addQueued(slot, now);
        }
      }
    }
  }

  /** Takes the held queued jobs out of their ready and deferred indexes for one claim. @return their slots */
  private static IntArrayList hide(QueueState s, Units units) {
    IntArrayList hidden = new IntArrayList();
    for (long id : units.rows().keySet()) {
      int slot = s.ids.slot(id);
      if (slot >= 0) {
        byte place = s.table.place(slot);
        if (place == JobTable.READY || place == JobTable.DEFERRED) {
          s.entrypoint(s.table.entrypoint(slot)).remove(slot);
          s.table.setPlace(slot, JobTable.FREE); // so that a lazy FIFO entry is skipped; addQueued restores it
          hidden.add(slot);
        }
      }
    }
    return hidden;
  }

  /** Waits (before any effect) while an open unit of work holds one of these job rows. */
  static void waitForRows(Units units, Collection<JobId> ids) {
    if (units.holdsRows()) {
      for (JobId id : ids) {
        units.checkRow(id.value(), null);
      }
    }
  }

  /** Waits while an open unit of work holds the dedupe key of one of these held jobs (they may turn active). */
  static void waitForKeysOf(Units units, QueueState s, Collection<JobId> ids) {
    if (!units.idle()) {
      for (JobId id : ids) {
        int slot = s.ids.slot(id.value());
        if (slot >= 0 && s.table.place(slot) == JobTable.HELD) {
          units.checkKey(s.table.dedupeKey(slot), null);
        }
      }
    }
  }
}
