package dev.pgqueuer.worker;

import dev.pgqueuer.JobId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this worker holds: claimed and not yet recorded (waiting for a runner, running, or with a buffered
 * outcome). They are kept alive by heartbeats until their outcome is written. Thread-safe.
 */
final class InFlight {

  private final ConcurrentHashMap<JobId, JobContext> jobs = new ConcurrentHashMap<>();
  private final Runnable onRelease;

  /** @param onRelease called after jobs have been released (slots freed) */
  InFlight(Runnable onRelease) {
    this.onRelease = onRelease;
  }

  /** Registers a claimed job. @return false when the job is already held here (a stale re-pick of our own job) */
  boolean add(JobContext context) {
    return jobs.putIfAbsent(context.id(), context) == null;
  }

  /** Releases jobs whose outcome has been written. */
  void release(Collection<JobId> ids) {
    if (ids.isEmpty()) {
      return;
    }
    for (JobId id : ids) {
      jobs.remove(id);
    }
    onRelease.run();
  }

  /** Sets the cancellation signal of the job, if it is held here. @return whether it was */
  boolean cancel(JobId id) {
    JobContext context = jobs.get(id);
    if (context == null) {
      return false;
    }
    context.cancellation().cancel();
    return true;
  }

  /** The number of held jobs. */
  int size() {
    return jobs.size();
  }

  /** Whether no job is held. */
  boolean isEmpty() {
    return jobs.isEmpty();
  }

  /** A snapshot of the held ids. */
  List<JobId> ids() {
    return new ArrayList<>(jobs.keySet());
  }
}
