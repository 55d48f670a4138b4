package dev.pgqueuer.inmemory;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.port.RetryRequest;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The writing queue operations of {@code docs/semantics.md} §3 and §5 on a {@link QueueState}: enqueue with
 * deduplication, outcomes, retry, requeue, cancellation, clearing and heartbeats, each with its log rows and
 * events. Arguments are already validated. Called under the repository's lock.
 */
final class Commands {

  private Commands() {}

  /** Enqueues the request's jobs (non-empty) at {@code now}. @return what to answer, built after the lock */
  static Inserted enqueue(QueueState s, EnqueueRequest request, long now, Events events) {
    return enqueue(s, request, now, events, null, new long[1]);
  }

  /**
   * Enqueue that waits ({@link Units.MustWait}, before any effect but after drawing the ids, kept in
   * {@code drawn} for the next attempt) for an open unit of work holding one of its keys.
   */
  static Inserted enqueue(QueueState s, EnqueueRequest request, long now, Events events, @Nullable Units units,
      long[] drawn) {
    List<NewJob> jobs = request.jobs();
    int n = jobs.size();
    if (drawn[0] == 0) {
      drawn[0] = s.allocateIds(n);
    }
    long first = drawn[0];
    if (units != null && !units.idle()) {
      for (NewJob job : jobs) {
        units.checkKey(job.dedupeKey(), null);
      }
    }
    if (request.onConflict() == OnConflict.RAISE) {
      checkNoClash(s, jobs);
    }
    boolean[] skipped = null;
    for (int i = 0; i < n; i++) {
      NewJob job = jobs.get(i);
      String key = job.dedupeKey();
      if (key != null && s.keyActive(key)) {
        if (skipped == null) {
          skipped = new boolean[n];
        }
        skipped[i] = true;
        continue;
      }
      s.insert(job, first + i, Times.toMicros(job.delay()), now);
    }
    events.tableChanged(TableOperation.INSERT, now);
    return new Inserted(first, n, skipped);
  }

  /** The ids an enqueue consumed and which rows it skipped; turned into the port's result outside the lock. */
  static final class Inserted {
    private final long first;
    private final int count;
    private final boolean @Nullable [] skipped;

    Inserted(long first, int count, boolean @Nullable [] skipped) {
      this.first = first;
      this.count = count;
      this.skipped = skipped;
    }

    /** The result: one entry per input row, empty where the row was skipped. */
    EnqueueResult toResult() {
      @SuppressWarnings("unchecked")
      Optional<JobId>[] ids = (Optional<JobId>[]) new Optional<?>[count];
      for (int i = 0; i < count; i++) {
        ids[i] = skipped != null && skipped[i] ? Optional.empty() : Optional.of(new JobId(first + i));
      }
      return new EnqueueResult(List.of(ids));
    }
  }

  private static void checkNoClash(QueueState s, List<NewJob> jobs) {
    List<@Nullable String> keys = new AbstractList<>() {
      @Override
      public @Nullable String get(int index) {
        return jobs.get(index).dedupeKey();
      }

      @Override
      public int size() {
        return jobs.size();
      }
    };
    String clash = Checks.firstClash(keys, s::keyActive);
    if (clash != null) {
      throw new DuplicateJobException(keys, clash);
    }
  }

  /** Records outcomes (validated, non-empty). @return how many jobs existed */
  static int logJobs(QueueState s, List<JobOutcome> outcomes, long now, Events events) {
    int n = 0;
    for (int i = 0, size = outcomes.size(); i < size; i++) {
      JobOutcome o = outcomes.get(i);
      int slot = s.ids.slot(o.id().value());
      if (slot < 0) {
        continue;
      }
      n++;
      s.log(slot, o.status(), now, o.traceback());
      if (o.status() == JobStatus.FAILED) {
        s.hold(slot, now);
      } else {
        s.delete(slot);
      }
    }
    events.tableChanged(TableOperation.DELETE, now);
    return n;
  }

  /** Re-queues one job in place. @return whether it existed */
  static boolean retry(QueueState s, RetryRequest request, long now) {
    int slot = s.ids.slot(request.id().value());
    if (slot < 0) {
      return false;
    }
    JobTable t = s.table;
    byte place = t.place(slot);
    String key = t.dedupeKey(slot);
    if (place == JobTable.HELD && key != null && s.keyActive(key)) {
      throw new DuplicateJobException(Collections.singletonList(key), key);
    }
    s.detach(slot);
    s.requeue(slot, place, t.attempts(slot) + 1, now + Times.toMicros(request.delay()), now);
    s.log(slot, JobStatus.QUEUED, now, request.traceback());
    return true;
  }

  /** Moves the held jobs among {@code ids} back to queued. @return how many */
  static int requeue(QueueState s, List<JobId> ids, long now) {
    JobTable t = s.table;
    IntArrayList slots = new IntArrayList();
    for (JobId id : ids) {
      int slot = s.ids.slot(id.value());
      if (slot >= 0 && t.place(slot) == JobTable.HELD) {
        slots.add(slot);
      }
    }
    sortById(t, slots);
    List<@Nullable String> keys = new ArrayList<>(slots.size());
    for (int i = 0; i < slots.size(); i++) {
      keys.add(t.dedupeKey(slots.getInt(i)));
    }
    String clash = Checks.firstClash(keys, s::keyActive);
    if (clash != null) {
      throw new DuplicateJobException(keys, clash);
    }
    for (int i = 0; i < slots.size(); i++) {
      int slot = slots.getInt(i);
      s.detach(slot);
      s.requeue(slot, JobTable.HELD, 0, now, now);
      s.log(slot, JobStatus.QUEUED, now, null);
    }
    return slots.size();
  }

  /** Deletes the jobs with {@code canceled} log rows, then sends the events (ids distinct, non-empty). */
  static int cancel(QueueState s, List<JobId> ids, long now, Events events) {
    IntArrayList slots = new IntArrayList();
    for (JobId id : ids) {
      int slot = s.ids.slot(id.value());
      if (slot >= 0) {
        slots.add(slot);
      }
    }
    sortById(s.table, slots);
    for (int i = 0; i < slots.size(); i++) {
      int slot = slots.getInt(i);
      s.log(slot, JobStatus.CANCELED, now, null);
      s.delete(slot);
    }
    events.tableChanged(TableOperation.DELETE, now);
    events.cancelled(ids, now);
    return slots.size();
  }

  /** Deletes the jobs of the named entrypoints with {@code deleted} log rows. */
  static void clear(QueueState s, Set<String> entrypoints, long now, Events events) {
    boolean[] doomed = new boolean[s.entrypoints().size()];
    boolean any = false;
    for (String name : entrypoints) {
      EntrypointState ep = s.findEntrypoint(name);
      if (ep != null) {
        doomed[ep.code] = true;
        any = true;
      }
    }
    if (any) {
      JobTable t = s.table;
      IntArrayList slots = new IntArrayList();
      for (int slot = 0, n = t.highWater(); slot < n; slot++) {
        if (t.place(slot) != JobTable.FREE && doomed[t.entrypoint(slot)]) {
          slots.add(slot);
        }
      }
      sortById(t, slots);
      for (int i = 0; i < slots.size(); i++) {
        int slot = slots.getInt(i);
        s.log(slot, JobStatus.DELETED, now, null);
        s.delete(slot);
      }
    }
    events.tableChanged(TableOperation.DELETE, now);
  }

  /** Deletes every job without log rows. */
  static void truncate(QueueState s, long now, Events events) {
    s.truncate();
    events.tableChanged(TableOperation.TRUNCATE, now);
  }

  /** Sets {@code heartbeat = now} on the jobs (ids distinct). @return how many existed */
  static int heartbeat(QueueState s, List<JobId> ids, long now) {
    int n = 0;
    JobTable t = s.table;
    for (JobId id : ids) {
      int slot = s.ids.slot(id.value());
      if (slot < 0) {
        continue;
      }
      n++;
      if (t.place(slot) == JobTable.PICKED) {
        s.entrypoint(t.entrypoint(slot)).beatPicked(slot, now);
      } else {
        t.setHeartbeat(slot, now);
      }
    }
    return n;
  }

  private static void sortById(JobTable t, IntArrayList slots) {
    IntArrays.quickSort(slots.elements(), 0, slots.size(), (a, b) -> Long.compare(t.id(a), t.id(b)));
  }
}
