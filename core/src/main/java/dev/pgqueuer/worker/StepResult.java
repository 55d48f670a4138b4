package dev.pgqueuer.worker;

import dev.pgqueuer.JobId;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link WorkerStep#runOnce()} did: the jobs it claimed, in claim order, and what became of each. Every
 * outcome has been written to the repository when the step returns. Immutable.
 *
 * @param results one entry per claimed job, in claim (key) order
 */
public record StepResult(List<JobResult> results) {

  /** @throws NullPointerException for a null list or element */
  public StepResult {
    results = List.copyOf(results);
  }

  /** Whether the step claimed nothing. */
  public boolean isIdle() {
    return results.isEmpty();
  }

  /** The number of claimed jobs. */
  public int claimed() {
    return results.size();
  }

  /** The claimed ids, in claim order. */
  public List<JobId> ids() {
    List<JobId> ids = new ArrayList<>(results.size());
    for (JobResult r : results) {
      ids.add(r.id());
    }
    return ids;
  }

  /** The number of results with {@code disposition}. */
  public long count(JobResult.Disposition disposition) {
    return results.stream().filter(r -> r.disposition() == disposition).count();
  }
}
