package dev.pgqueuer.inmemory;

/**
 * Chunk geometry of the append-only columns (log rows, per-id entries), with shift-and-mask indexing. Chunks are
 * small enough never to be G1 "humongous" objects: measured, allocating the ever-growing log in huge chunks straight
 * into the old generation cost the writing thread more (slow-path allocation, first-touch page faults) than young
 * collections spend copying small chunks. Chunk 0 starts small and doubles, so that small queues stay small.
 * Pure arithmetic; thread-safe.
 */
final class Segments {

  /** Log rows per chunk: 2^14 (a chunk of longs is 128 KiB). */
  static final int LOG_SHIFT = 14;
  static final long LOG_MASK = (1L << LOG_SHIFT) - 1;
  static final int LOG_CHUNK = 1 << LOG_SHIFT;

  /** Ids per chunk of the per-id index: 2^15. */
  static final int ID_SHIFT = 15;
  static final long ID_MASK = (1L << ID_SHIFT) - 1;
  static final int ID_CHUNK = 1 << ID_SHIFT;

  /** The first length of chunk 0. */
  static final int FIRST = 1 << 10;

  private Segments() {}

  /** The next length of chunk 0 after {@code current} (doubling, at most {@code max}). */
  static int grow(int current, int max) {
    return Math.min(max, current * 2);
  }
}
