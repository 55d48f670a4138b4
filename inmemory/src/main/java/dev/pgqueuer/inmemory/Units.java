package dev.pgqueuer.inmemory;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectLinkedOpenHashSet;
import org.jspecify.annotations.Nullable;

/**
 * The locks open units of work hold: every dedupe key a unit inserted or touched, and every committed job row it
 * wrote. A call that needs one held by another unit waits until that unit ends ({@link MustWait}), as PostgreSQL
 * waits on the unique index or the row lock. Not thread-safe: the repository's lock guards it.
 */
final class Units {

  private final Object2ObjectOpenHashMap<String, MemoryUnit> keys = new Object2ObjectOpenHashMap<>();
  private final Long2ObjectOpenHashMap<MemoryUnit> rows = new Long2ObjectOpenHashMap<>();
  private final ObjectLinkedOpenHashSet<MemoryUnit> writers = new ObjectLinkedOpenHashSet<>();

  /** Whether no open unit holds anything (the fast path of every call). */
  boolean idle() {
    return writers.isEmpty();
  }

  /** Whether some open unit holds a committed row. */
  boolean holdsRows() {
    return !rows.isEmpty();
  }

  /** The rows held by open units, with their unit. */
  Long2ObjectOpenHashMap<MemoryUnit> rows() {
    return rows;
  }

  /** Fails with {@link MustWait} when a unit other than {@code self} holds {@code key}. */
  void checkKey(@Nullable String key, @Nullable MemoryUnit self) {
    if (key != null && !keys.isEmpty()) {
      MemoryUnit holder = keys.get(key);
      if (holder != null && holder != self) {
        throw new MustWait(holder);
      }
    }
  }

  /** Fails with {@link MustWait} when a unit other than {@code self} holds the committed row {@code id}. */
  void checkRow(long id, @Nullable MemoryUnit self) {
    if (!rows.isEmpty()) {
      MemoryUnit holder = rows.get(id);
      if (holder != null && holder != self) {
        throw new MustWait(holder);
      }
    }
  }

  /** Fails with {@link MustWait} while any open unit has written (a truncation waits for all of them). */
  void checkNone() {
    if (!writers.isEmpty()) {
      throw new MustWait(writers.first());
    }
  }

  /** Fails with {@link MustWait} while an open unit holds a committed row (a deletion by entrypoint waits). */
  void checkNoRows() {
    if (!rows.isEmpty()) {
      throw new MustWait(rows.values().iterator().next());
    }
  }

  /** Registers {@code unit} as having written. */
  void wrote(MemoryUnit unit) {
    writers.add(unit);
  }

  void lockKey(@Nullable String key, MemoryUnit unit) {
    writers.add(unit);
    if (key != null && keys.putIfAbsent(key, unit) == null) {
      unit.heldKeys.add(key);
    }
  }

  void lockRow(long id, MemoryUnit unit) {
    writers.add(unit);
    if (rows.putIfAbsent(id, unit) == null) {
      unit.heldRows.add(id);
    }
  }

  /** Releases everything {@code unit} holds. */
  void release(MemoryUnit unit) {
    for (String key : unit.heldKeys) {
      keys.remove(key);
    }
    for (long id : unit.heldRows) {
      rows.remove(id);
    }
    writers.remove(unit);
    unit.heldKeys.clear();
    unit.heldRows.clear();
  }

  /** Thrown by a call that has to wait for {@link #unit} to end; the call had no effect and runs again. */
  static final class MustWait extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient MemoryUnit unit;

    MustWait(MemoryUnit unit) {
      super(null, null, false, false);
      this.unit = unit;
    }
  }
}
