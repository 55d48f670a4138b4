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

  /** One chunk of every column. */
  private static final class Chunk {
    final long[] id = new long[CHUNK];
    final long[] created = new long[CHUNK];
    final long[] updated = new long[CHUNK];
    final long[] heartbeat = new long[CHUNK];
    final long[] executeAfter = new long[CHUNK];
    final int[] priority = new int[CHUNK];
    final int[] entrypoint = new int[CHUNK];
    final int[] attempts = new int[CHUNK];
    final int[] worker = new int[CHUNK];
    final int[] pickGen = new int[CHUNK];
    /** The place code in the low bits, {@link #IN_FIFO} as a flag. */
    final byte[] place = new byte[CHUNK];
    final @Nullable Payload[] payload = new Payload[CHUNK];
    /** Headers and dedupe key, {@code null} when the job has neither (the common case). */
    final @Nullable Extras[] extras = new Extras[CHUNK];
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
      if (chunks[c] == null) {
        chunks[c] = new Chunk();
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
