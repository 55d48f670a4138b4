package dev.pgqueuer.inmemory;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.inmemory.MemoryUnit.Image;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The queue calls of an in-memory unit of work, with the rules of the plain calls ({@link Commands}) applied to
 * the unit's view: the committed state plus the unit's row images. Every check that can fail or wait runs before
 * the first effect, so a failed call leaves the unit as it was. Called under the repository's lock.
 */
final class UnitCalls {

  private UnitCalls() {}

  /** The unit's view of {@code id}, or null when the job does not exist there. Takes no lock. */
  static @Nullable Image view(QueueState s, MemoryUnit u, long id) {
    Image own = u.rows.get(id);
    if (own != null) {
      return own.deleted ? null : own;
    }
    int slot = s.ids.slot(id);
    if (slot < 0) {
      return null;
    }
    JobTable t = s.table;
    return new Image(id, true, t.priority(slot), t.created(slot), t.updated(slot), t.heartbeat(slot),
        t.executeAfter(slot), JobTable.statusOf(t.place(slot)), s.entrypoint(t.entrypoint(slot)).name,
        t.payload(slot), t.attempts(slot), s.worker(t.worker(slot)), t.headers(slot), t.dedupeKey(slot));
  }

  /** The unit's image of {@code id} for writing: a committed row is copied in and locked. */
  private static Image touch(QueueState s, MemoryUnit u, Units units, Image view) {
    Image own = u.rows.get(view.id);
    if (own == null) {
      u.rows.put(view.id, view);
      units.lockRow(view.id, u);
      units.lockKey(view.dedupeKey, u);
      own = view;
    }
    return own;
  }

  /** Existing views of {@code ids}, after waiting for rows other units hold. */
  private static List<Image> views(QueueState s, MemoryUnit u, Units units, List<JobId> ids) {
    List<Image> out = new ArrayList<>(ids.size());
    for (JobId id : ids) {
      Image v = view(s, u, id.value());
      if (v != null) {
        if (v.committed) {
          units.checkRow(v.id, u);
        }
        out.add(v);
      }
    }
    return out;
  }

  private static void log(QueueState s, MemoryUnit u, Image image, JobStatus status, long now,
      @Nullable TracebackRecord traceback) {
    int ep = s.entrypoint(image.entrypoint).code;
    u.logRows.add(s.log.appendHidden(now, image.id, (byte) status.ordinal(), image.priority, ep, traceback));
  }

  /** Enqueue; {@code first} holds the ids drawn by an earlier attempt that had to wait (0: none yet). */
  static Commands.Inserted enqueue(QueueState s, MemoryUnit u, Units units, EnqueueRequest request, long now,
      long[] first) {
    List<NewJob> jobs = request.jobs();
    int n = jobs.size();
    if (first[0] == 0) {
      first[0] = s.allocateIds(n);
    }
    List<@Nullable String> keys = new ArrayList<>(n);
    for (NewJob job : jobs) {
      units.checkKey(job.dedupeKey(), u);
      keys.add(job.dedupeKey());
    }
    if (request.onConflict() == OnConflict.RAISE) {
      String clash = Checks.firstClash(keys, u::keyActive);
      if (clash != null) {
        throw new DuplicateJobException(keys, clash);
      }
    }
    boolean[] skipped = null;
    for (int i = 0; i < n; i++) {
      NewJob job = jobs.get(i);
      String key = job.dedupeKey();
      if (key != null && u.keyActive(key)) {
        if (skipped == null) {
          skipped = new boolean[n];
        }
        skipped[i] = true;
        continue;
      }
      long id = first[0] + i;
      Image image = new Image(id, false, job.priority(), now, now, now, now + Times.toMicros(job.delay()),
          JobStatus.QUEUED, job.entrypoint(), job.payload(), 0, null, job.headers(), key);
      u.rows.put(id, image);
      u.keyTurns(image, true);
      units.lockKey(key, u);
      log(s, u, image, JobStatus.QUEUED, now, null);
    }
    units.wrote(u);
    u.events.add(new MemoryUnit.PendingEvent(TableOperation.INSERT, now, List.of()));
    return new Commands.Inserted(first[0], n, skipped);
  }

  /** Outcomes (validated, non-empty). */
  static int logJobs(QueueState s, MemoryUnit u, Units units, List<JobOutcome> outcomes, long now) {
    List<JobId> ids = new ArrayList<>(outcomes.size());
    for (JobOutcome o : outcomes) {
      ids.add(o.id());
    }
    views(s, u, units, ids);
    int n = 0;
    for (JobOutcome o : outcomes) {
      Image v = view(s, u, o.id().value());
      if (v == null) {
        continue;
      }
      n++;
      Image image = touch(s, u, units, v);
      log(s, u, image, o.status(), now, o.traceback());
      boolean wasActive = image.active();
      if (o.status() == JobStatus.FAILED) {
        image.status = JobStatus.FAILED;
        image.updated = now;
        image.worker = null;
      } else {
        image.deleted = true;
      }
      if (wasActive) {
        u.keyTurns(image, false);
      }
    }
    units.wrote(u);
    u.events.add(new MemoryUnit.PendingEvent(TableOperation.DELETE, now, List.of()));
    return n;
  }

  /** Retry of one job. */
  static boolean retry(QueueState s, MemoryUnit u, Units units, RetryRequest request, long now) {
    Image v = view(s, u, request.id().value());
    if (v == null) {
      return false;
    }
    if (v.committed) {
      units.checkRow(v.id, u);
    }
    boolean wasHeld = v.status == JobStatus.FAILED;
    String key = v.dedupeKey;
    if (wasHeld && key != null) {
      units.checkKey(key, u);
      if (u.keyActive(key)) {
        throw new DuplicateJobException(Collections.singletonList(key), key);
      }
    }
    Image image = touch(s, u, units, v);
    image.status = JobStatus.QUEUED;
    image.attempts++;
    image.executeAfter = now + Times.toMicros(request.delay());
    image.updated = now;
    image.worker = null;
    if (wasHeld) {
      u.keyTurns(image, true);
    }
    log(s, u, image, JobStatus.QUEUED, now, request.traceback());
    return true;
  }

  /** Requeue of the held jobs among {@code ids} (distinct). */
  static int requeue(QueueState s, MemoryUnit u, Units units, List<JobId> ids, long now) {
    List<Image> held = new ArrayList<>();
    for (Image v : views(s, u, units, ids)) {
      if (v.status == JobStatus.FAILED) {
        held.add(v);
      }
    }
    held.sort((a, b) -> Long.compare(a.id, b.id));
    List<@Nullable String> keys = new ArrayList<>(held.size());
    for (Image v : held) {
      units.checkKey(v.dedupeKey, u);
      keys.add(v.dedupeKey);
    }
    String clash = Checks.firstClash(keys, u::keyActive);
    if (clash != null) {
      throw new DuplicateJobException(keys, clash);
    }
    for (Image v : held) {
      Image image = touch(s, u, units, v);
      image.status = JobStatus.QUEUED;
      image.attempts = 0;
      image.executeAfter = now;
      image.updated = now;
      image.worker = null;
      u.keyTurns(image, true);
      log(s, u, image, JobStatus.QUEUED, now, null);
    }
    return held.size();
  }

  /** Cancellation (ids distinct, non-empty). */
  static int cancel(QueueState s, MemoryUnit u, Units units, List<JobId> ids, long now) {
    List<Image> doomed = views(s, u, units, ids);
    doomed.sort((a, b) -> Long.compare(a.id, b.id));
    for (Image v : doomed) {
      Image image = touch(s, u, units, v);
      log(s, u, image, JobStatus.CANCELED, now, null);
      if (image.active()) {
        u.keyTurns(image, false);
      }
      image.deleted = true;
    }
    units.wrote(u);
    u.events.add(new MemoryUnit.PendingEvent(TableOperation.DELETE, now, List.of()));
    u.events.add(new MemoryUnit.PendingEvent(null, now, List.copyOf(ids)));
    return doomed.size();
  }

  /** The unit's view of one job as a record. */
  static Optional<Job> find(QueueState s, MemoryUnit u, Records records, JobId id) {
    Image own = u.rows.get(id.value());
    if (own == null) {
      return Queries.findJob(s, records, id);
    }
    if (own.deleted) {
      return Optional.empty();
    }
    return Optional.of(new Job(id, own.priority, records.instant(own.created), records.instant(own.updated),
        records.instant(own.heartbeat), records.instant(own.executeAfter), own.status, own.entrypoint, own.payload,
        own.attempts, own.worker, own.headers, own.dedupeKey));
  }

  /** Applies a committing unit to the state: rows, then log rows, then events (identical ones sent once). */
  static void apply(QueueState s, MemoryUnit u, Events events, long now) {
    JobTable t = s.table;
    for (Image image : u.rows.values()) {
      if (image.committed) {
        int slot = s.ids.slot(image.id);
        if (image.deleted) {
          s.delete(slot);
        } else if (image.status == JobStatus.FAILED) {
          s.hold(slot, image.updated);
          t.setAttempts(slot, image.attempts); // a retry earlier in the unit changed them
          t.setExecuteAfter(slot, image.executeAfter);
        } else {
          byte place = t.place(slot);
          s.detach(slot);
          s.requeue(slot, place, image.attempts, image.executeAfter, image.updated);
        }
      } else if (!image.deleted) {
        s.insertImage(image, now);
      }
    }
    long[] rows = u.logRows.toLongArray();
    java.util.Arrays.sort(rows);
    for (long row : rows) {
      s.log.publish(row);
    }
    Set<MemoryUnit.PendingEvent> sent = new HashSet<>();
    for (MemoryUnit.PendingEvent e : u.events) {
      if (!sent.add(e)) {
        continue;
      }
      if (e.operation() != null) {
        events.tableChanged(e.operation(), e.now());
      } else {
        events.cancelled(e.cancelled(), e.now());
      }
    }
  }
}
