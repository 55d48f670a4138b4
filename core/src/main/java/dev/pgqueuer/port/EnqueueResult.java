package dev.pgqueuer.port;

import dev.pgqueuer.JobId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of an enqueue: one entry per input job, in input order; empty where the job was skipped as a
 * duplicate ({@link OnConflict#SKIP}).
 *
 * @param ids one entry per input
 */
public record EnqueueResult(List<Optional<JobId>> ids) {

  /** @throws NullPointerException for a null list or element */
  public EnqueueResult {
    ids = List.copyOf(ids);
  }

  /** The ids of the inserted jobs, in input order. */
  public List<JobId> insertedIds() {
    List<JobId> out = new ArrayList<>(ids.size());
    for (Optional<JobId> id : ids) {
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
    if (ids.size() != 1 || ids.get(0).isEmpty()) {
      throw new IllegalStateException("expected exactly one inserted job, got " + ids);
    }
    return ids.get(0).get();
  }
}
