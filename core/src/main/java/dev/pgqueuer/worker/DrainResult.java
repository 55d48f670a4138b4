package dev.pgqueuer.worker;

import java.util.List;

/**
 * What {@link WorkerStep#drainUntilIdle()} did: the number of steps that claimed jobs and every result in order.
 * Immutable.
 *
 * @param steps the number of non-idle steps
 * @param results every claimed job's result, in the order the jobs ran
 */
public record DrainResult(int steps, List<JobResult> results) {

  /** @throws NullPointerException for a null list or element */
  public DrainResult {
    results = List.copyOf(results);
  }

  /** The number of jobs that ran. */
  public int processed() {
    return results.size();
  }

  /** The number of results with {@code disposition}. */
  public long count(JobResult.Disposition disposition) {
    return results.stream().filter(r -> r.disposition() == disposition).count();
  }
}
