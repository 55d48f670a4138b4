package dev.pgqueuer.worker;

import dev.pgqueuer.JobId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The jobs this worker holds: claimed and not yet recorded (waiting for a runner, running, or with a buffered
 * outcome). They are kept alive by heartbeats until their outcome is written. A job whose retry is being written
 * has already been let go ({@link #take}: once the retry is written any claim may take the job again, this worker's
 * included) but still counts as held until the write ends. Thread-safe.
 */
final class InFlight {

  private final ConcurrentHashMap<JobId, JobContext> jobs = new ConcurrentHashMap<>();
  private final Runnable onRelease;
  private final AtomicInteger taken = new AtomicInteger();

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
    release(ids, 0);
  }

  /**
   * Releases jobs whose outcome has been written, and ends {@code takenWritten} writes of {@link #take taken} jobs.
   */
  void release(Collection<JobId> ids, int takenWritten) {
    if (ids.isEmpty() && takenWritten == 0) {
      return;
    }
    for (JobId id : ids) {
      jobs.remove(id);
    }
    taken.addAndGet(-takenWritten);
    onRelease.run();
  }

  /**
   * Lets go of a job before its outcome is written, so that a claim of it after the write is admitted; it counts as
   * held until {@link #release(Collection, int)} or {@link #giveBack} ends the write.
   *
   * @return the job's context, or {@code null} when it is not held (then nothing is counted)
   */
  @Nullable JobContext take(JobId id) {
    JobContext context = jobs.remove(id);
    if (context != null) {
      taken.incrementAndGet();
    }
    return context;
  }

  /**
   * Holds a {@link #take taken} job again after its write failed.
   *
   * @return false when the job has been claimed and admitted here again meanwhile (so the failed write did happen)
   */
  boolean giveBack(JobContext context) {
    taken.decrementAndGet();
    return jobs.putIfAbsent(context.id(), context) == null;
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

  /** The number of held jobs, those whose retry is being written included. */
  int size() {
    return jobs.size() + taken.get();
  }

  /** Whether no job is held, none whose retry is being written included. */
  boolean isEmpty() {
    return jobs.isEmpty() && taken.get() == 0;
  }

  /** A snapshot of the held ids (those being written excluded: they are no longer beaten). */
  List<JobId> ids() {
    return new ArrayList<>(jobs.keySet());
  }
}
