package dev.pgqueuer.inmemory;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.Payload;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The live queue rows, stored column by column in fixed-size chunks of slots. A slot holds one job from enqueue
 * until the job leaves the queue table; freed slots are reused. Timestamps are epoch microseconds, the place of the
 * job is a byte code, entrypoints and workers are int codes. Not thread-safe: the repository's lock guards it.
 */
final class JobTable {

  /** Slot is unused. */
  static final byte FREE = 0;
  /** Queued and eligible: in its entrypoint's ready index. */
  static final byte READY = 1;
  /** Queued with {@code execute_after > now} at the last promotion: in its entrypoint's deferred index. */
  static final byte DEFERRED = 2;
  /** Picked by a worker: in its entrypoint's picked index. */
  static final byte PICKED = 3;
  /** Held ({@code failed}): in the held index. */
  static final byte HELD = 4;

  private static final int SHIFT = 12;
  private static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;

  /**
   * The first length of chunk 0, which doubles up to {@link #CHUNK} (as in {@link Segments}): a full chunk is about
   * 280 KiB, and allocating (zeroing, first-touching) it cost a small queue's first enqueue about a millisecond.
   */
  private static final int FIRST = 64;

  /** One chunk of every column; chunk 0 may be shorter than {@link #CHUNK} while the table is small. */
  private static final class Chunk {
    final long[] id;
    final long[] created;
    final long[] updated;
    final long[] heartbeat;
    final long[] executeAfter;
    final int[] priority;
    final int[] entrypoint;
    final int[] attempts;
    final int[] worker;
    final int[] pickGen;
    /** The place code in the low bits, {@link #IN_FIFO} as a flag. */
    final byte[] place;
    final @Nullable Payload[] payload;
    /** Headers and dedupe key, {@code null} when the job has neither (the common case). */
    final @Nullable Extras[] extras;

    Chunk(int n) {
      id = new long[n];
      created = new long[n];
      updated = new long[n];
      heartbeat = new long[n];
      executeAfter = new long[n];
      priority = new int[n];
      entrypoint = new int[n];
      attempts = new int[n];
      worker = new int[n];
      pickGen = new int[n];
      place = new byte[n];
      payload = new Payload[n];
      extras = new Extras[n];
    }

    /** A copy of {@code k} lengthened to {@code n} slots. */
    Chunk(Chunk k, int n) {
      id = Arrays.copyOf(k.id, n);
      created = Arrays.copyOf(k.created, n);
      updated = Arrays.copyOf(k.updated, n);
      heartbeat = Arrays.copyOf(k.heartbeat, n);
      executeAfter = Arrays.copyOf(k.executeAfter, n);
      priority = Arrays.copyOf(k.priority, n);
      entrypoint = Arrays.copyOf(k.entrypoint, n);
      attempts = Arrays.copyOf(k.attempts, n);
      worker = Arrays.copyOf(k.worker, n);
      pickGen = Arrays.copyOf(k.pickGen, n);
      place = Arrays.copyOf(k.place, n);
      payload = Arrays.copyOf(k.payload, n);
      extras = Arrays.copyOf(k.extras, n);
    }
  }

  /** The rarely set columns of a row. */
  private record Extras(Map<String, String> headers, @Nullable String dedupeKey) {}

  private static final byte IN_FIFO = 0x10;
  private static final byte PLACE_MASK = 0x0f;

  private Chunk[] chunks = new Chunk[4];
  private int highWater;
  private final IntArrayList free = new IntArrayList();
  private int live;

  /** Allocates a slot for a new job and sets every column. @return the slot */
  int insert(long id, long now, long executeAfter, int priority, int entrypoint, @Nullable Payload payload,
      Map<String, String> headers, @Nullable String dedupeKey) {
    int slot;
    if (free.isEmpty()) {
      slot = highWater++;
      int c = slot >>> SHIFT;
      if (c == chunks.length) {
        chunks = Arrays.copyOf(chunks, c * 2);
      }
      Chunk k = chunks[c];
      if (k == null) {
        chunks[c] = new Chunk(c == 0 ? FIRST : CHUNK);
      } else if ((slot & MASK) == k.id.length) {
        chunks[c] = new Chunk(k, Math.min(CHUNK, 2 * k.id.length));
      }
    } else {
      slot = free.popInt();
    }
    Chunk k = chunks[slot >>> SHIFT];
    int i = slot & MASK;
    k.id[i] = id;
    k.created[i] = now;
    k.updated[i] = now;
    k.heartbeat[i] = now;
    k.executeAfter[i] = executeAfter;
    k.priority[i] = priority;
    k.entrypoint[i] = entrypoint;
    k.attempts[i] = 0;
    k.worker[i] = 0;
    k.place[i] = FREE;
    k.payload[i] = payload;
    k.extras[i] = headers.isEmpty() && dedupeKey == null ? null : new Extras(headers, dedupeKey);
    live++;
    return slot;
  }

  /** Releases a slot: drops its references so payloads can be collected. */
  void free(int slot) {
    Chunk k = chunks[slot >>> SHIFT];
    int i = slot & MASK;
    k.place[i] = FREE;
    k.payload[i] = null;
    k.extras[i] = null;
    free.add(slot);
    live--;
  }

  /** Drops every row. */
  void clear() {
    chunks = new Chunk[4];
    highWater = 0;
    free.clear();
    free.trim();
    live = 0;
  }

  /** The number of live rows. */
  int size() {
    return live;
  }

  /** One past the highest slot ever used (iteration bound). */
  int highWater() {
    return highWater;
  }

  long id(int slot) {
    return chunks[slot >>> SHIFT].id[slot & MASK];
  }

  long created(int slot) {
    return chunks[slot >>> SHIFT].created[slot & MASK];
  }

  long updated(int slot) {
    return chunks[slot >>> SHIFT].updated[slot & MASK];
  }

  void setUpdated(int slot, long v) {
    chunks[slot >>> SHIFT].updated[slot & MASK] = v;
  }

  long heartbeat(int slot) {
    return chunks[slot >>> SHIFT].heartbeat[slot & MASK];
  }

  void setHeartbeat(int slot, long v) {
    chunks[slot >>> SHIFT].heartbeat[slot & MASK] = v;
  }

  long executeAfter(int slot) {
    return chunks[slot >>> SHIFT].executeAfter[slot & MASK];
  }

  void setExecuteAfter(int slot, long v) {
    chunks[slot >>> SHIFT].executeAfter[slot & MASK] = v;
  }

  int priority(int slot) {
    return chunks[slot >>> SHIFT].priority[slot & MASK];
  }

  int entrypoint(int slot) {
    return chunks[slot >>> SHIFT].entrypoint[slot & MASK];
  }

  int attempts(int slot) {
    return chunks[slot >>> SHIFT].attempts[slot & MASK];
  }

  void setAttempts(int slot, int v) {
    chunks[slot >>> SHIFT].attempts[slot & MASK] = v;
  }

  /** The owning worker's code, 0 when none. */
  int worker(int slot) {
    return chunks[slot >>> SHIFT].worker[slot & MASK];
  }

  void setWorker(int slot, int v) {
    chunks[slot >>> SHIFT].worker[slot & MASK] = v;
  }

  /** Starts a new pick generation of the slot (a claim or a heartbeat of a picked job). @return it */
  int bumpPickGen(int slot) {
    return ++chunks[slot >>> SHIFT].pickGen[slot & MASK];
  }

  /** The current pick generation of the slot. */
  int pickGen(int slot) {
    return chunks[slot >>> SHIFT].pickGen[slot & MASK];
  }

  byte place(int slot) {
    return (byte) (chunks[slot >>> SHIFT].place[slot & MASK] & PLACE_MASK);
  }

  /** Sets the place, keeping the FIFO flag. */
  void setPlace(int slot, byte v) {
    byte[] p = chunks[slot >>> SHIFT].place;
    int i = slot & MASK;
    p[i] = (byte) ((p[i] & IN_FIFO) | v);
  }

  /** Whether an entry of the slot's ready FIFO names this job (see {@link PriorityBucket}). */
  boolean inFifo(int slot) {
    return (chunks[slot >>> SHIFT].place[slot & MASK] & IN_FIFO) != 0;
  }

  void setInFifo(int slot, boolean v) {
    byte[] p = chunks[slot >>> SHIFT].place;
    int i = slot & MASK;
    p[i] = (byte) (v ? p[i] | IN_FIFO : p[i] & PLACE_MASK);
  }

  @Nullable Payload payload(int slot) {
    return chunks[slot >>> SHIFT].payload[slot & MASK];
  }

  Map<String, String> headers(int slot) {
    Extras e = chunks[slot >>> SHIFT].extras[slot & MASK];
    return e == null ? Map.of() : e.headers();
  }

  @Nullable String dedupeKey(int slot) {
    Extras e = chunks[slot >>> SHIFT].extras[slot & MASK];
    return e == null ? null : e.dedupeKey();
  }

  /** The status a row in {@code place} has. */
  static JobStatus statusOf(byte place) {
    switch (place) {
      case READY:
      case DEFERRED:
        return JobStatus.QUEUED;
      case PICKED:
        return JobStatus.PICKED;
      case HELD:
        return JobStatus.FAILED;
      default:
        throw new IllegalStateException("cannot happen: no status for place " + place);
    }
  }

  /** Whether a row in {@code place} is active (queued or picked), i.e. under the dedupe rule. */
  static boolean isActive(byte place) {
    return place == READY || place == DEFERRED || place == PICKED;
  }
}
