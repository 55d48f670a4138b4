package dev.pgqueuer.internal;

import dev.pgqueuer.JobId;
import dev.pgqueuer.ScheduleKey;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.ScheduleSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The checks every backend runs first on the list arguments of the port, so that both reject the same lists with the
 * same exception before any effect. Not part of the public API. Stateless and thread-safe.
 */
public final class Batches {

  /** Up to this size, duplicates are found by pairwise comparison, without allocating a set. */
  private static final int SMALL_BATCH = 16;

  private Batches() {}

  /**
   * A null-free immutable copy of {@code requests}, for {@code dequeueAll}.
   *
   * @throws NullPointerException when the list or an element is null
   */
  public static List<DequeueRequest> dequeueRequests(List<DequeueRequest> requests) {
    return Checks.noNulls(requests, "requests");
  }

  /**
   * Whether {@code b} claims under the same conditions as {@code a}: the same entrypoints and limits, the same
   * positive heartbeat timeout and, on both, no worker budget. Such requests, served in turn, can be served as one
   * claim of their summed batch sizes whose jobs are handed out in key order. (With a zero timeout a job is stale as
   * soon as it is picked, so the second of two claims could re-pick what the first just took.)
   */
  public static boolean claimAlike(DequeueRequest a, DequeueRequest b) {
    return a.workerLimit() == null && b.workerLimit() == null && !a.heartbeatTimeout().isZero()
        && a.entrypoints().equals(b.entrypoints()) && a.heartbeatTimeout().equals(b.heartbeatTimeout());
  }

  /**
   * Validates a batch for {@code logJobs}: no null element, no id twice.
   *
   * @return an immutable copy
   * @throws NullPointerException when the list or an element is null
   * @throws IllegalArgumentException when an id appears twice
   */
  public static List<JobOutcome> outcomes(List<JobOutcome> outcomes) {
    List<JobOutcome> copy = Checks.noNulls(outcomes, "outcomes");
    int n = copy.size();
    if (n <= SMALL_BATCH) {
      // A worker's batch: pairwise comparison, no allocation (same first duplicate as the set below).
      for (int i = 1; i < n; i++) {
        long id = copy.get(i).id().value();
        for (int j = 0; j < i; j++) {
          if (copy.get(j).id().value() == id) {
            throw new IllegalArgumentException("outcomes names job " + copy.get(i).id() + " twice");
          }
        }
      }
      return copy;
    }
    Set<JobId> seen = new HashSet<>(n * 2);
    for (JobOutcome o : copy) {
      if (!seen.add(o.id())) {
        throw new IllegalArgumentException("outcomes names job " + o.id() + " twice");
      }
    }
    return copy;
  }

  /**
   * Validates a batch of schedule specs: no null element, no key twice.
   *
   * @return an immutable copy
   * @throws NullPointerException when the list or an element is null
   * @throws IllegalArgumentException when a key appears twice
   */
  public static List<ScheduleSpec> scheduleSpecs(List<ScheduleSpec> specs) {
    List<ScheduleSpec> copy = Checks.noNulls(specs, "specs");
    Set<ScheduleKey> seen = new HashSet<>();
    for (ScheduleSpec s : copy) {
      if (!seen.add(s.key())) {
        throw new IllegalArgumentException("specs names schedule " + s.key() + " twice");
      }
    }
    return copy;
  }
}
