package dev.pgqueuer.port;

import dev.pgqueuer.JobId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of an enqueue. Most callers want {@link #insertedIds()} (the new jobs' ids) or {@link #single()};
 * {@link #rows()} tells, row by row, which jobs a {@link OnConflict#SKIP} call skipped. Immutable.
 *
 * @param rows one entry per input job, in input order: the new job's id, or empty where the job was skipped as a
 *     duplicate ({@link OnConflict#SKIP})
 */
public record EnqueueResult(List<Optional<JobId>> rows) {

  /** @throws NullPointerException for a null list or element */
  public EnqueueResult {
    rows = List.copyOf(rows);
  }

  /** The ids of the inserted jobs, in input order (skipped rows left out). */
  public List<JobId> insertedIds() {
    List<JobId> out = new ArrayList<>(rows.size());
    for (Optional<JobId> id : rows) {
      id.ifPresent(out::add);
    }
    return out;
  }

  /**
   * The id of the only job of a one-job request.
   *
   * @throws IllegalStateException when the request had more or fewer jobs, or the job was skipped
   */
  public JobId single() {
    if (rows.size() != 1 || rows.get(0).isEmpty()) {
      throw new IllegalStateException("expected exactly one inserted job, got " + rows);
    }
    return rows.get(0).get();
  }
}
