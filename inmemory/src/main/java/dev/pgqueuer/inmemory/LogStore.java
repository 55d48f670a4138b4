package dev.pgqueuer.inmemory;

import dev.pgqueuer.TracebackRecord;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrays;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.Arrays;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/**
 * The transition log, column by column in chunks: created (epoch micros), job id, status ordinal, priority,
 * entrypoint code, and a link to the previous row of the same job (so one job's rows are found without a scan).
 * Tracebacks are rare and kept in a sparse map. Row number = write order = log id; rows removed by retention
 * ({@link #prune}) are marked and skipped by readers (their traceback is freed, their columns stay until the
 * store is dropped).
 * Aggregated rows are always a prefix (every aggregation takes all rows written so far), so the
 * {@code aggregated} flag is one watermark. Chunks follow {@link Segments}. Not thread-safe: the repository's lock
 * guards it.
 *
 * <p>A unit of work writes its rows when its calls run (so row numbers follow call order, as PostgreSQL's log ids
 * do) but <em>hidden</em>: they are skipped by every read and linked to their job only when the unit commits
 * ({@link #publish}); a rolled-back unit's rows stay hidden for good. A row published after an aggregation passed
 * it is kept in a small set of late rows that the next aggregation takes.
 */
final class LogStore {

  private final IdIndex ids;
  private long[][] created = new long[16][];
  private long[][] jobId = new long[16][];
  private long[][] previous = new long[16][];
  private int[][] priority = new int[16][];
  private int[][] entrypoint = new int[16][];
  private byte[][] status = new byte[16][];
  private final Long2ObjectOpenHashMap<TracebackRecord> tracebacks = new Long2ObjectOpenHashMap<>();
  private long count;
  /** Row numbers below this have storage. */
  private long capacity;
  private long aggregated;
  /** Rows removed by retention. */
  private final BitSet removed = new BitSet();
  /** Every row below this is removed. */
  private long removedPrefix;
  /** Rows of open or rolled-back units of work. */
  private final LongOpenHashSet hidden = new LongOpenHashSet();
  /** Rows published after an aggregation passed them. */
  private final LongOpenHashSet late = new LongOpenHashSet();

  LogStore(IdIndex ids) {
    this.ids = ids;
  }

  /** Appends a row for a job whose id is allocated. @return the row number */
  long append(long now, long job, byte statusOrdinal, int prio, int ep, @Nullable TracebackRecord traceback) {
    return store(now, job, statusOrdinal, prio, ep, traceback, false);
  }

  /** Appends a hidden row for a unit of work; {@link #publish} shows it. @return the row number */
  long appendHidden(long now, long job, byte statusOrdinal, int prio, int ep, @Nullable TracebackRecord traceback) {
    long row = store(now, job, statusOrdinal, prio, ep, traceback, true);
    hidden.add(row);
    return row;
  }

  /** Writes the next row; a hidden one is not linked to its job's previous row until it is published. */
  private long store(long now, long job, byte statusOrdinal, int prio, int ep, @Nullable TracebackRecord traceback,
      boolean hiddenRow) {
    long row = count;
    if (row == capacity) {
      grow();
    }
    int c = (int) (row >>> Segments.LOG_SHIFT);
    int i = (int) (row & Segments.LOG_MASK);
    created[c][i] = now;
    jobId[c][i] = job;
    status[c][i] = statusOrdinal;
    priority[c][i] = prio;
    entrypoint[c][i] = ep;
    previous[c][i] = hiddenRow ? -1 : ids.recordLog(job, row, statusOrdinal);
    if (traceback != null) {
      tracebacks.put(row, traceback);
    }
    count = row + 1;
    return row;
  }

  /** Shows a hidden row (its unit committed) and makes it its job's latest row. */
  void publish(long row) {
    int c = (int) (row >>> Segments.LOG_SHIFT);
    int i = (int) (row & Segments.LOG_MASK);
    previous[c][i] = ids.recordLog(jobId[c][i], row, status[c][i]);
    hidden.remove(row);
    if (row < aggregated) {
      late.add(row);
    }
  }

  /** Whether a row is visible: not removed by retention, not a unit of work's uncommitted or rolled-back row. */
  boolean visible(long row) {
    return !isRemoved(row) && (hidden.isEmpty() || !hidden.contains(row));
  }

  /** Whether a row is flagged aggregated. */
  boolean isAggregated(long row) {
    return row < aggregated && (late.isEmpty() || !late.contains(row));
  }

  /** The visible rows below the watermark not yet aggregated, ascending; forgets them (they are being aggregated). */
  long[] takeLate() {
    long[] rows = late.toLongArray();
    LongArrays.quickSort(rows);
    late.clear();
    return rows;
  }

    /** Makes room at row {@code capacity}: enlarges chunk 0 while it is small, else adds a chunk. */
  private void grow() {
    if (capacity < Segments.LOG_CHUNK) {
      boolean first = capacity == 0;
      int n = first ? Segments.FIRST : Segments.grow((int) capacity, Segments.LOG_CHUNK);
      created[0] = first ? new long[n] : Arrays.copyOf(created[0], n);
      jobId[0] = first ? new long[n] : Arrays.copyOf(jobId[0], n);
      previous[0] = first ? new long[n] : Arrays.copyOf(previous[0], n);
      priority[0] = first ? new int[n] : Arrays.copyOf(priority[0], n);
      entrypoint[0] = first ? new int[n] : Arrays.copyOf(entrypoint[0], n);
      status[0] = first ? new byte[n] : Arrays.copyOf(status[0], n);
      capacity = n;
      return;
    }
    int c = (int) (capacity >>> Segments.LOG_SHIFT);
    if (c == created.length) {
      int n = c * 2;
      created = Arrays.copyOf(created, n);
      jobId = Arrays.copyOf(jobId, n);
      previous = Arrays.copyOf(previous, n);
      priority = Arrays.copyOf(priority, n);
      entrypoint = Arrays.copyOf(entrypoint, n);
      status = Arrays.copyOf(status, n);
    }
    int n = Segments.LOG_CHUNK;
    created[c] = new long[n];
    jobId[c] = new long[n];
    previous[c] = new long[n];
    priority[c] = new int[n];
    entrypoint[c] = new int[n];
    status[c] = new byte[n];
    capacity += n;
  }

  /** The number of rows; rows are numbered 0 to count - 1 in write order. */
  long count() {
    return count;
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
    return created[(int) (row >>> Segments.LOG_SHIFT)][(int) (row & Segments.LOG_MASK)];
  }

  long jobId(long row) {
    return jobId[(int) (row >>> Segments.LOG_SHIFT)][(int) (row & Segments.LOG_MASK)];
  }

  /** The previous row of the same job, -1 when none. */
  long previous(long row) {
    return previous[(int) (row >>> Segments.LOG_SHIFT)][(int) (row & Segments.LOG_MASK)];
  }

  int priority(long row) {
    return priority[(int) (row >>> Segments.LOG_SHIFT)][(int) (row & Segments.LOG_MASK)];
  }

  int entrypoint(long row) {
    return entrypoint[(int) (row >>> Segments.LOG_SHIFT)][(int) (row & Segments.LOG_MASK)];
  }

  byte status(long row) {
    return status[(int) (row >>> Segments.LOG_SHIFT)][(int) (row & Segments.LOG_MASK)];
  }

  @Nullable TracebackRecord traceback(long row) {
    return tracebacks.get(row);
  }

  /** Whether retention removed {@code row}. */
  boolean isRemoved(long row) {
    return row < removedPrefix || removed.get((int) row);
  }

  /**
   * Removes the rows of every job whose newest row was created before {@code cutoff} and that has no queue row;
   * forgets those jobs' latest rows in the id index. @return the rows removed
   */
  long prune(long cutoff) {
    if (count > Integer.MAX_VALUE) {
      throw new IllegalStateException("the log has " + count + " rows, too many to prune in memory");
    }
    LongOpenHashSet doomed = new LongOpenHashSet();
    long pruned = 0;
    for (long row = removedPrefix; row < count; row++) {
      if (removed.get((int) row) || hidden.contains(row)) {
        continue;
      }
      long job = jobId(row);
      if (doomed.contains(job) || (ids.slot(job) < 0 && created(ids.lastRow(job)) < cutoff)) {
        doomed.add(job);
        removed.set((int) row);
        tracebacks.remove(row);
        pruned++;
      }
    }
    doomed.forEach((long job) -> ids.forgetLog(job));
    while (removedPrefix < count && removed.get((int) removedPrefix)) {
      removedPrefix++;
    }
    return pruned;
  }
}
