package dev.pgqueuer.inmemory;

import java.util.Arrays;

/**
 * Per job id, for every id ever allocated: the slot of its live queue row (if any), the status of its latest log
 * row and where that row is. Ids are dense (1, 2, 3, ...), so this is a chunked array indexed by id: every lookup is
 * O(1) without hashing, for live and finished jobs alike. Chunks follow {@link Segments}. Not thread-safe: the
 * repository's lock guards it.
 */
final class IdIndex {

  /** Slot + 1 of the live row, 0 when none. */
  private int[][] slots = new int[16][];
  /** Status ordinal + 1 of the latest log row, 0 when none. */
  private byte[][] lastStatus = new byte[16][];
  /** Log row number of the latest log row (valid when lastStatus != 0). */
  private long[][] lastRow = new long[16][];
  /** Ids 1..allocated have storage. */
  private long allocated;

  /** Makes room for ids up to {@code maxId}. */
  void ensure(long maxId) {
    while (allocated < maxId) {
      if (allocated < Segments.ID_CHUNK) {
        int size = allocated == 0 ? Segments.FIRST : Segments.grow((int) allocated, Segments.ID_CHUNK);
        slots[0] = allocated == 0 ? new int[size] : Arrays.copyOf(slots[0], size);
        lastStatus[0] = allocated == 0 ? new byte[size] : Arrays.copyOf(lastStatus[0], size);
        lastRow[0] = allocated == 0 ? new long[size] : Arrays.copyOf(lastRow[0], size);
        allocated = size;
        continue;
      }
      int c = (int) (allocated >>> Segments.ID_SHIFT);
      if (c == slots.length) {
        int n = c * 2;
        slots = Arrays.copyOf(slots, n);
        lastStatus = Arrays.copyOf(lastStatus, n);
        lastRow = Arrays.copyOf(lastRow, n);
      }
      slots[c] = new int[Segments.ID_CHUNK];
      lastStatus[c] = new byte[Segments.ID_CHUNK];
      lastRow[c] = new long[Segments.ID_CHUNK];
      allocated += Segments.ID_CHUNK;
    }
  }

  /** The live slot of {@code id}, or -1 when the job has no queue row (or the id was never allocated). */
  int slot(long id) {
    long i = id - 1;
    if (i < 0 || i >= allocated) {
      return -1;
    }
    return slots[(int) (i >>> Segments.ID_SHIFT)][(int) (i & Segments.ID_MASK)] - 1;
  }

  /** Records that {@code id} lives in {@code slot}, or has no row when {@code slot} is -1. */
  void setSlot(long id, int slot) {
    long i = id - 1;
    slots[(int) (i >>> Segments.ID_SHIFT)][(int) (i & Segments.ID_MASK)] = slot + 1;
  }

  /** The status ordinal + 1 of the latest log row of {@code id}, 0 when it has none. */
  int lastStatus(long id) {
    long i = id - 1;
    if (i < 0 || i >= allocated) {
      return 0;
    }
    return lastStatus[(int) (i >>> Segments.ID_SHIFT)][(int) (i & Segments.ID_MASK)];
  }

  /** The row number of the latest log row of {@code id}; -1 when it has none. */
  long lastRow(long id) {
    if (lastStatus(id) == 0) {
      return -1;
    }
    long i = id - 1;
    return lastRow[(int) (i >>> Segments.ID_SHIFT)][(int) (i & Segments.ID_MASK)];
  }

  /** Records a new latest log row. @return the previous latest row, -1 when none */
  long recordLog(long id, long row, byte status) {
    long i = id - 1;
    int c = (int) (i >>> Segments.ID_SHIFT);
    int k = (int) (i & Segments.ID_MASK);
    long previous = lastStatus[c][k] == 0 ? -1 : lastRow[c][k];
    lastStatus[c][k] = (byte) (status + 1);
    lastRow[c][k] = row;
    return previous;
  }

  /** Forgets the log rows of {@code id}: it has no latest row any more (log retention). */
  void forgetLog(long id) {
    long i = id - 1;
    lastStatus[(int) (i >>> Segments.ID_SHIFT)][(int) (i & Segments.ID_MASK)] = 0;
  }
}
