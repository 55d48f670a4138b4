package dev.pgqueuer.inmemory;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleId;
import java.time.Instant;

/**
 * Builds the port's immutable records from the compact state, at the API boundary only. Records and payloads are
 * immutable, so nothing returned aliases mutable state. Not thread-safe (used under the lock).
 */
final class Records {

  private final InstantCache instants = new InstantCache();

  /** The instant of {@code micros}. */
  Instant instant(long micros) {
    return instants.of(micros);
  }

  /** The queue row in {@code slot} as a {@link Job}. */
  Job job(QueueState s, int slot) {
    JobTable t = s.table;
    long created = t.created(slot);
    long updated = t.updated(slot);
    long heartbeat = t.heartbeat(slot);
    long executeAfter = t.executeAfter(slot);
    Instant c = instants.of(created);
    Instant u = updated == created ? c : instants.of(updated);
    return new Job(
        new JobId(t.id(slot)),
        t.priority(slot),
        c,
        u,
        heartbeat == updated ? u : instants.of(heartbeat),
        executeAfter == created ? c : instants.of(executeAfter),
        JobTable.statusOf(t.place(slot)),
        s.entrypoint(t.entrypoint(slot)).name,
        t.payload(slot),
        t.attempts(slot),
        s.worker(t.worker(slot)),
        t.headers(slot),
        t.dedupeKey(slot));
  }

  /** Log row {@code row} as a {@link LogEntry}. */
  LogEntry logEntry(QueueState s, long row) {
    LogStore log = s.log;
    return new LogEntry(
        instants.of(log.created(row)),
        new JobId(log.jobId(row)),
        QueueState.status(log.status(row)),
        log.priority(row),
        s.entrypoint(log.entrypoint(row)).name,
        log.traceback(row),
        log.isAggregated(row));
  }

  /** A schedule row as a {@link Schedule}. */
  Schedule schedule(ScheduleStore.Row r) {
    return new Schedule(
        new ScheduleId(r.id),
        r.key,
        instants.of(r.heartbeat),
        instants.of(r.created),
        instants.of(r.updated),
        instants.of(r.nextRun),
        r.lastRun == ScheduleStore.NEVER ? null : instants.of(r.lastRun),
        r.picked ? JobStatus.PICKED : JobStatus.QUEUED);
  }
}
