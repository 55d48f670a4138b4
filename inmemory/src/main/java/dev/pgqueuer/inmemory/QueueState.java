package dev.pgqueuer.inmemory;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.NewJob;
import it.unimi.dsi.fastutil.ints.IntComparator;
import it.unimi.dsi.fastutil.ints.IntRBTreeSet;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectOpenHashSet;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything one installed queue holds: the queue rows ({@link JobTable}), the per-id index, the log, the
 * statistics and schedules, the per-entrypoint indexes, the held index, the active dedupe keys and the id counter.
 * Uninstalling drops the whole object, so a later install starts from ids 1.
 *
 * <p>The methods here are the primitive moves every command is built from; each keeps every index consistent.
 * Not thread-safe: the repository's lock guards it.
 */
final class QueueState {

  private static final JobStatus[] STATUSES = JobStatus.values();

  final JobTable table = new JobTable();
  final IdIndex ids = new IdIndex();
  final LogStore log = new LogStore(ids);
  final StatisticsStore statistics = new StatisticsStore();
  final ScheduleStore schedules = new ScheduleStore();
  /** Held jobs in ({@code created}, id) order. */
  final IntRBTreeSet held;
  private final Object2IntOpenHashMap<String> entrypointCodes = new Object2IntOpenHashMap<>();
  private final List<EntrypointState> entrypoints = new ArrayList<>();
  private final Object2IntOpenHashMap<WorkerId> workerCodes = new Object2IntOpenHashMap<>();
  private final List<@Nullable WorkerId> workers = new ArrayList<>();
  private final ObjectOpenHashSet<String> activeKeys = new ObjectOpenHashSet<>();
  private @Nullable EntrypointState lastEntrypoint;
  private long nextId = 1;

  QueueState() {
    entrypointCodes.defaultReturnValue(-1);
    workerCodes.defaultReturnValue(0);
    workers.add(null);
    held = new IntRBTreeSet((IntComparator) (a, b) -> {
      int c = Long.compare(table.created(a), table.created(b));
      return c != 0 ? c : Long.compare(table.id(a), table.id(b));
    });
  }

  /** Consumes {@code n} ids. @return the first */
  long allocateIds(int n) {
    long first = nextId;
    nextId = Math.addExact(nextId, n);
    ids.ensure(nextId - 1);
    return first;
  }

  /** The state of {@code name}, created on first use. */
  EntrypointState entrypoint(String name) {
    EntrypointState last = lastEntrypoint;
    if (last != null && last.name.equals(name)) {
      return last;
    }
    int code = entrypointCodes.getInt(name);
    if (code < 0) {
      code = entrypoints.size();
      entrypoints.add(new EntrypointState(code, name, table, ids));
      entrypointCodes.put(name, code);
    }
    last = entrypoints.get(code);
    lastEntrypoint = last;
    return last;
  }

  /** The state of {@code name}, {@code null} when no job of it was ever enqueued. */
  @Nullable EntrypointState findEntrypoint(String name) {
    int code = entrypointCodes.getInt(name);
    return code < 0 ? null : entrypoints.get(code);
  }

  EntrypointState entrypoint(int code) {
    return entrypoints.get(code);
  }

  /** Every entrypoint ever seen, by code. */
  List<EntrypointState> entrypoints() {
    return entrypoints;
  }

  /** The code of {@code worker}, interned on first use (codes start at 1). */
  int workerCode(WorkerId worker) {
    int code = workerCodes.getInt(worker);
    if (code == 0) {
      code = workers.size();
      workers.add(worker);
      workerCodes.put(worker, code);
    }
    return code;
  }

  /** The code of {@code worker}, 0 when it never picked a job. */
  int findWorker(WorkerId worker) {
    return workerCodes.getInt(worker);
  }

  @Nullable WorkerId worker(int code) {
    return workers.get(code);
  }

  /** Whether an active (queued or picked) job holds {@code key}. */
  boolean keyActive(String key) {
    return activeKeys.contains(key);
  }

  /** Inserts a new queued job with {@code id}, registers its key, writes its {@code queued} log row. */
  void insert(NewJob job, long id, long delayMicros, long now) {
    EntrypointState ep = entrypoint(job.entrypoint());
    String key = job.dedupeKey();
    int slot = table.insert(id, now, now + delayMicros, job.priority(), ep.code, job.payload(), job.headers(), key);
    ids.setSlot(id, slot);
    if (key != null) {
      activeKeys.add(key);
    }
    ep.addQueued(slot, now);
    log.append(now, id, (byte) JobStatus.QUEUED.ordinal(), job.priority(), ep.code, null);
  }

  /** Inserts the row a committing unit of work made (its log rows are already written); placed at {@code now}. */
  void insertImage(MemoryUnit.Image image, long now) {
    EntrypointState ep = entrypoint(image.entrypoint);
    String key = image.dedupeKey;
    int slot = table.insert(image.id, image.created, image.executeAfter, image.priority, ep.code, image.payload,
        image.headers, key);
    table.setUpdated(slot, image.updated);
    table.setHeartbeat(slot, image.heartbeat);
    table.setAttempts(slot, image.attempts);
    ids.setSlot(image.id, slot);
    if (image.status == JobStatus.FAILED) {
      table.setPlace(slot, JobTable.HELD);
      held.add(slot);
    } else {
      if (key != null) {
        activeKeys.add(key);
      }
      ep.addQueued(slot, now);
    }
  }

  /** Writes a log row for the live job in {@code slot}, with its stored entrypoint and priority. */
  void log(int slot, JobStatus status, long now, @Nullable TracebackRecord traceback) {
    log.append(now, table.id(slot), (byte) status.ordinal(), table.priority(slot), table.entrypoint(slot), traceback);
  }

  /** The status of a log row. */
  static JobStatus status(byte ordinal) {
    return STATUSES[ordinal];
  }

  /** Removes the job from the index its place names; the row stays. */
  void detach(int slot) {
    if (table.place(slot) == JobTable.HELD) {
      held.remove(slot);
    } else {
      entrypoints.get(table.entrypoint(slot)).remove(slot);
    }
  }

  /** Deletes the job's row, releasing its dedupe key and slot. */
  void delete(int slot) {
    byte place = table.place(slot);
    detach(slot);
    String key = table.dedupeKey(slot);
    if (key != null && JobTable.isActive(place)) {
      activeKeys.remove(key);
    }
    ids.setSlot(table.id(slot), -1);
    table.free(slot);
  }

  /** Holds the job ({@code failed}): owner cleared, key released, {@code updated = now}. */
  void hold(int slot, long now) {
    byte place = table.place(slot);
    detach(slot);
    String key = table.dedupeKey(slot);
    if (key != null && JobTable.isActive(place)) {
      activeKeys.remove(key);
    }
    table.setPlace(slot, JobTable.HELD);
    table.setUpdated(slot, now);
    table.setWorker(slot, 0);
    held.add(slot);
  }

  /**
   * Puts a detached job back to queued: owner cleared, {@code updated = now}, the given attempts and
   * {@code execute_after}; registers its key when it comes back from held.
   */
  void requeue(int slot, byte previousPlace, int attempts, long executeAfter, long now) {
    String key = table.dedupeKey(slot);
    if (key != null && previousPlace == JobTable.HELD) {
      activeKeys.add(key);
    }
    table.setAttempts(slot, attempts);
    table.setExecuteAfter(slot, executeAfter);
    table.setUpdated(slot, now);
    table.setWorker(slot, 0);
    entrypoints.get(table.entrypoint(slot)).addQueued(slot, now);
  }

  /** Deletes every job without log rows; ids continue. */
  void truncate() {
    for (int slot = 0, n = table.highWater(); slot < n; slot++) {
      if (table.place(slot) != JobTable.FREE) {
        ids.setSlot(table.id(slot), -1);
      }
    }
    table.clear();
    entrypoints.forEach(EntrypointState::reset);
    held.clear();
    activeKeys.clear();
    activeKeys.trim();
  }
}
