package dev.pgqueuer.inmemory;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.Payload;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.internal.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The claimed jobs of one dequeue, copied out of the table under the lock as primitives and immutable references,
 * so that the {@link Job} records (most of the allocation of a dequeue) are built after the lock is released.
 * Every claimed job has {@code updated = heartbeat = now}, status picked and the claiming worker. Confined to the
 * calling thread.
 */
final class ClaimSnapshot {

  private final long now;
  private final WorkerId worker;
  private int size;
  private long[] ids;
  private long[] created;
  private long[] executeAfter;
  private int[] priority;
  private int[] attempts;
  private String[] entrypoint;
  private @Nullable Payload[] payload;
  private Map<?, ?>[] headers;
  private @Nullable String[] dedupeKey;

  ClaimSnapshot(long now, WorkerId worker, int capacity) {
    this.now = now;
    this.worker = worker;
    int n = Math.max(1, capacity);
    ids = new long[n];
    created = new long[n];
    executeAfter = new long[n];
    priority = new int[n];
    attempts = new int[n];
    entrypoint = new String[n];
    payload = new Payload[n];
    headers = new Map<?, ?>[n];
    dedupeKey = new String[n];
  }

  /** Copies the claimed job in {@code slot}. */
  void add(JobTable t, int slot, String name) {
    if (size == ids.length) {
      grow();
    }
    int i = size++;
    ids[i] = t.id(slot);
    created[i] = t.created(slot);
    executeAfter[i] = t.executeAfter(slot);
    priority[i] = t.priority(slot);
    attempts[i] = t.attempts(slot);
    entrypoint[i] = name;
    payload[i] = t.payload(slot);
    headers[i] = t.headers(slot);
    dedupeKey[i] = t.dedupeKey(slot);
  }

  /** The claimed jobs as records, in claim (key) order. */
  @SuppressWarnings("unchecked")
  List<Job> toJobs() {
    if (size == 0) {
      return List.of();
    }
    Instant at = Times.fromMicros(now);
    List<Job> out = new ArrayList<>(size);
    long lastMicros = now;
    Instant last = at;
    for (int i = 0; i < size; i++) {
      if (created[i] != lastMicros) {
        lastMicros = created[i];
        last = Times.fromMicros(lastMicros);
      }
      Instant c = last;
      Instant e = executeAfter[i] == created[i] ? c : executeAfter[i] == now ? at : Times.fromMicros(executeAfter[i]);
      out.add(new Job(new JobId(ids[i]), priority[i], c, at, at, e, JobStatus.PICKED, entrypoint[i], payload[i],
          attempts[i], worker, (Map<String, String>) headers[i], dedupeKey[i]));
    }
    return Collections.unmodifiableList(out);
  }

  private void grow() {
    int n = ids.length * 2;
    ids = Arrays.copyOf(ids, n);
    created = Arrays.copyOf(created, n);
    executeAfter = Arrays.copyOf(executeAfter, n);
    priority = Arrays.copyOf(priority, n);
    attempts = Arrays.copyOf(attempts, n);
    entrypoint = Arrays.copyOf(entrypoint, n);
    payload = Arrays.copyOf(payload, n);
    headers = Arrays.copyOf(headers, n);
    dedupeKey = Arrays.copyOf(dedupeKey, n);
  }
}
