package dev.pgqueuer.inmemory;

/**
 * Chunk geometry of the append-only columns, with shift-and-mask indexing.
 *
 * <p>The log: row numbers advance in strides of {@code 2^20} per chunk, of which {@link #LOG_USABLE} =
 * {@code 2^20 - 16} rows are used, so that a chunk of longs, ints or bytes, array header included, is exactly 8, 4
 * or 1 MiB. G1 then allocates the large ones directly in the old generation as whole regions: young collections
 * never copy the ever-growing log, and no region tail is wasted. Row numbers are internal (write order), so the
 * 16 skipped numbers per chunk are invisible.
 *
 * <p>The per-id index must be dense (ids are 1, 2, 3, ...): chunks of {@code 2^15} entries, small enough never to
 * be humongous.
 *
 * <p>In both, chunk 0 starts small and doubles, so that small queues stay small. Pure arithmetic; thread-safe.
 */
final class Segments {

  static final int LOG_SHIFT = 20;
  static final long LOG_MASK = (1L << LOG_SHIFT) - 1;
  /** Rows used per log chunk. */
  static final int LOG_USABLE = (1 << LOG_SHIFT) - 16;

  static final int ID_SHIFT = 15;
  static final long ID_MASK = (1L << ID_SHIFT) - 1;
  static final int ID_CHUNK = 1 << ID_SHIFT;

  /** The first length of chunk 0 (header-aligned like the others). */
  static final int FIRST = (1 << 10) - 16;

  private Segments() {}

  /** The next length of chunk 0 after {@code current} (doubling, header-aligned, at most {@code max}). */
  static int grow(int current, int max) {
    return (int) Math.min(max, 2L * (current + 16) - 16);
  }

  /** The log row number after {@code row}. */
  static long nextRow(long row) {
    long next = row + 1;
    return (next & LOG_MASK) == LOG_USABLE ? next + 16 : next;
  }
}
