package dev.pgqueuer.inmemory;

import dev.pgqueuer.TracebackRecord;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The transition log, column by column in chunks: created (epoch micros), job id, status ordinal, priority,
 * entrypoint code, and a link to the previous row of the same job (so one job's rows are found without a scan).
 * Tracebacks are rare and kept in a sparse map. Rows are never deleted; row number = write order = log id.
 * Aggregated rows are always a prefix (every aggregation takes all rows written so far), so the
 * {@code aggregated} flag is one watermark. Not thread-safe: the repository's lock guards it.
 */
final class LogStore {

  private static final int SHIFT = 14;
  private static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;

  private final IdIndex ids;
  private long[][] created = new long[4][];
  private long[][] jobId = new long[4][];
  private long[][] previous = new long[4][];
  private int[][] priority = new int[4][];
  private int[][] entrypoint = new int[4][];
  private byte[][] status = new byte[4][];
  private final Long2ObjectOpenHashMap<TracebackRecord> tracebacks = new Long2ObjectOpenHashMap<>();
  private long size;
  private long aggregated;

  LogStore(IdIndex ids) {
    this.ids = ids;
  }

  /** Appends a row for a job whose id is allocated. @return the row number */
  long append(long now, long job, byte statusOrdinal, int prio, int ep, @Nullable TracebackRecord traceback) {
    long row = size;
    int c = (int) (row >>> SHIFT);
    int i = (int) row & MASK;
    if (i == 0) {
      grow(c);
    }
    created[c][i] = now;
    jobId[c][i] = job;
    status[c][i] = statusOrdinal;
    priority[c][i] = prio;
    entrypoint[c][i] = ep;
    previous[c][i] = ids.recordLog(job, row, statusOrdinal);
    if (traceback != null) {
      tracebacks.put(row, traceback);
    }
    size = row + 1;
    return row;
  }

  private void grow(int c) {
    if (c == created.length) {
      int n = c * 2;
      created = Arrays.copyOf(created, n);
      jobId = Arrays.copyOf(jobId, n);
      previous = Arrays.copyOf(previous, n);
      priority = Arrays.copyOf(priority, n);
      entrypoint = Arrays.copyOf(entrypoint, n);
      status = Arrays.copyOf(status, n);
    }
    created[c] = new long[CHUNK];
    jobId[c] = new long[CHUNK];
    previous[c] = new long[CHUNK];
    priority[c] = new int[CHUNK];
    entrypoint[c] = new int[CHUNK];
    status[c] = new byte[CHUNK];
  }

  /** The number of rows. */
  long size() {
    return size;
  }

  /** Rows below this number are aggregated. */
  long aggregatedUpTo() {
    return aggregated;
  }

  /** Flags every row below {@code row} as aggregated. */
  void markAggregated(long row) {
    aggregated = row;
  }

  long created(long row) {
    return created[(int) (row >>> SHIFT)][(int) row & MASK];
  }

  long jobId(long row) {
    return jobId[(int) (row >>> SHIFT)][(int) row & MASK];
  }

  /** The previous row of the same job, -1 when none. */
  long previous(long row) {
    return previous[(int) (row >>> SHIFT)][(int) row & MASK];
  }

  int priority(long row) {
    return priority[(int) (row >>> SHIFT)][(int) row & MASK];
  }

  int entrypoint(long row) {
    return entrypoint[(int) (row >>> SHIFT)][(int) row & MASK];
  }

  byte status(long row) {
    return status[(int) (row >>> SHIFT)][(int) row & MASK];
  }

  @Nullable TracebackRecord traceback(long row) {
    return tracebacks.get(row);
  }
}
