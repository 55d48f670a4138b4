package dev.pgqueuer.worker;

import dev.pgqueuer.CancellationEvent;
import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and the repository calls shared by the threaded runtime and the synchronous {@link WorkerStep}: claim,
 * admit, run, buffer, flush, beat. Thread-safe.
 */
final class Engine {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  private static final long MAX_BACKOFF_NANOS = 2_000_000_000L;

  final Repository repository;
  /** The group the fetch loop joins: the one given to the builder, or one of this manager's own. */
  final WorkerGroup group;
  final WorkerId id;
  final WorkerSettings settings;
  final InstantSource clock;
  final Map<String, Entrypoint> entrypoints;
  final Set<String> names;
  final Counters counters = new Counters();
  final OutcomeBuffer buffer;
  final InFlight inFlight;
  private final Listeners listeners;
  private final Map<String, Integer> limits;
  private final JobRunner runner;
  private final RecentCancellations recentCancellations = new RecentCancellations(10_000);
  private volatile ReleaseListener releaseListener = written -> { };
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean stopping;
  private final ReentrantLock flushLock = new ReentrantLock();
  // The repository's own calls, or those of the WakeGroup the fetch loop joined (combined with its other members').
  private volatile Claimer claimer;
  private volatile Function<List<JobOutcome>, Integer> outcomeWriter;
  private volatile long retryAt = System.nanoTime();
  /** The wait after the n-th failed claim in a row (tests shorten or lengthen it). */
  volatile IntFunction<Duration> claimBackoff = FetchLoop::backoff;
  private int flushFailures;

  /** An engine alone in a group of its own. */
  Engine(Repository repository, WorkerId id, WorkerSettings settings, Map<String, Entrypoint> entrypoints,
      List<WorkerListener> listeners) {
    this(WorkerGroup.of(repository), id, settings, entrypoints, listeners);
  }

  Engine(WorkerGroup group, WorkerId id, WorkerSettings settings, Map<String, Entrypoint> entrypoints,
      List<WorkerListener> listeners) {
    Repository repository = group.repository();
    this.group = group;
    this.repository = repository;
    this.claimer = (request, againWhenFull) -> repository.dequeue(request);
    this.outcomeWriter = repository::logJobs;
    this.id = id;
    this.settings = settings;
    this.clock = repository.timeSource();
    this.entrypoints = Map.copyOf(entrypoints);
    this.names = Set.copyOf(entrypoints.keySet());
    Map<String, Integer> l = new LinkedHashMap<>();
    entrypoints.forEach((name, e) -> l.put(name, e.concurrencyLimit()));
    this.limits = Map.copyOf(l);
    this.buffer = new OutcomeBuffer(settings.flushSize(), Wakeup.saturatedNanos(settings.flushInterval()));
    this.inFlight = new InFlight(() -> releaseListener.released(true));
    this.runner = new JobRunner(this.entrypoints, id, clock);
    this.listeners = new Listeners(id, listeners);
  }

  /** Told when capacity may have been freed: a handler finished, or buffered outcomes were written. */
  interface ReleaseListener {
    /** @param written whether outcomes were written (else a handler finished) */
    void released(boolean written);
  }

  /** How claims reach the repository: directly, or through a {@link WakeGroup}. */
  @FunctionalInterface
  private interface Claimer {
    List<Job> claim(DequeueRequest request, boolean againWhenFull);
  }

  void onRelease(ReleaseListener listener) {
    this.releaseListener = listener;
  }

  /** The jobs admitted and not finished yet (queued for a runner or running): what counts against the slots. */
  int running() {
    return running.get();
  }

  boolean isStopping() {
    return stopping;
  }

  void requestStop() {
    stopping = true;
  }

  /** Claims and outcome writes go through {@code group} from now on, combined with its other members'. */
  void callThrough(WakeGroup group) {
    this.claimer = group::claim;
    this.outcomeWriter = group::writeOutcomes;
  }

  /**
   * Claims up to {@code batch} jobs of the registered entrypoints (callers pass at most the free slots); tells the
   * listeners. {@code againWhenFull}: the caller claims again at once when this claim fills {@code batch} (its
   * group's next claim then waits a little for it).
   */
  List<Job> claim(int batch, boolean againWhenFull) {
    // No worker budget in the request: both callers ask for at most the free slots (maxConcurrentTasks minus the
    // jobs admitted and not finished), which is the same cap, and counting this worker's picked jobs costs the
    // repository a scan per claim (on PostgreSQL it reads every entry of a partial index).
    DequeueRequest request = new DequeueRequest(batch, limits, id, null, settings.heartbeatTimeout());
    List<Job> jobs = claimer.claim(request, againWhenFull);
    counters.claimed.add(jobs.size());
    listeners.jobsClaimed(jobs);
    return jobs;
  }

  /**
   * Registers a claimed job and creates its context.
   *
   * @return the context, or {@code null} when the job is already held here (our own stale job re-picked: the first
   *     run goes on and records the outcome once)
   */
  @Nullable JobContext admit(Job job) {
    return admit(job, new Cancellation());
  }

  /**
   * Admits a job claimed by a step: its cancellation asks the repository, since a step has no subscription to
   * tell it of a cancellation made while the job runs.
   */
  @Nullable JobContext admitStepping(Job job) {
    List<JobId> ids = List.of(job.id());
    return admit(job, new Cancellation(() -> repository.jobStatus(ids).get(job.id()) == JobStatus.CANCELED));
  }

  private @Nullable JobContext admit(Job job, Cancellation cancellation) {
    JobContext context = new JobContext(job, id, clock, cancellation, this::isStopping, repository);
    if (!inFlight.add(context)) {
      LOG.warn("job {} ({}) was re-picked while still running here (its heartbeat went stale); not running it twice",
          job.id(), job.entrypoint());
      return null;
    }
    running.incrementAndGet();
    if (recentCancellations.contains(job.id())) {
      context.cancellation().cancel();
    }
    return context;
  }

  /**
   * Runs the handler of an admitted job on the calling thread and buffers its outcome. The thread whose outcome
   * fills the buffer writes it at once (unless another flush is running or writes are backing off after a
   * failure), which saves a hand-off to the writer thread.
   */
  JobResult execute(JobContext context) {
    JobRunner.Finished finished;
    try {
      finished = runner.run(context);
    } catch (RuntimeException | Error e) {
      running.decrementAndGet();
      throw e;
    }
    counters.count(finished.result().disposition());
    listeners.jobFinished(finished.result(), finished.handlerNanos());
    int size = buffer.add(finished.write());
    running.decrementAndGet();
    releaseListener.released(false);
    if (buffer.isFull(size) && System.nanoTime() - retryAt >= 0 && flushLock.tryLock()) {
      try {
        flushLocked();
      } finally {
        flushLock.unlock();
      }
    }
    return finished.result();
  }

  /**
   * Gives up a held job whose run failed inside the worker (not in its handler): it is no longer beaten, so it
   * becomes stale and is re-run after the heartbeat timeout.
   */
  void abandon(JobContext context, Throwable error) {
    LOG.error("worker {}: running job {} ({}) failed inside the worker; releasing it so that it is re-run after the "
        + "heartbeat timeout", id, context.id(), context.entrypoint(), error);
    inFlight.release(List.of(context.id()));
  }

  /** Applies a cancellation event to the jobs held here. */
  void onEvent(QueueEvent event) {
    if (event instanceof CancellationEvent) {
      for (JobId canceled : ((CancellationEvent) event).ids()) {
        recentCancellations.add(canceled);
        inFlight.cancel(canceled);
      }
    }
  }

  /**
   * Refreshes the heartbeat of every held job, then tells the listeners.
   *
   * @throws RuntimeException when the repository call fails
   */
  void heartbeat() {
    List<JobId> ids = inFlight.ids();
    if (!ids.isEmpty()) {
      repository.updateHeartbeat(ids);
      counters.heartbeats.increment();
      listeners.heartbeatWritten(ids);
    }
  }

  /**
   * Writes every buffered outcome: one {@code logJobs} call for the outcomes, one {@code retryJob} per retry. What
   * could not be written goes back to the buffer, marked uncertain. The listeners are told about what was written.
   *
   * @return {@code null} when everything was written, else the failure
   */
  @Nullable RuntimeException flush() {
    flushLock.lock();
    try {
      return flushLocked();
    } finally {
      flushLock.unlock();
    }
  }

  /** Whether writes are backing off after a failure (the writer thread retries them later). */
  boolean backingOff() {
    return System.nanoTime() - retryAt < 0;
  }

  private @Nullable RuntimeException flushLocked() {
    RuntimeException failure = writeAll();
    if (failure == null) {
      flushFailures = 0;
    } else {
      flushFailures++;
      long backoff = Math.min(MAX_BACKOFF_NANOS, 50_000_000L << Math.min(flushFailures - 1, 10));
      retryAt = System.nanoTime() + backoff;
      LOG.warn("worker {}: writing outcomes failed ({} in a row), retrying in {} ms: {}", id, flushFailures,
          backoff / 1_000_000, failure.toString());
    }
    return failure;
  }

  private @Nullable RuntimeException writeAll() {
    List<PendingWrite> batch = buffer.takeAll();
    if (batch.isEmpty()) {
      return null;
    }
    List<JobId> done = new ArrayList<>(batch.size());
    List<PendingWrite> retries = new ArrayList<>();
    Map<JobId, JobOutcome> outcomes = new LinkedHashMap<>();
    long started = System.nanoTime();
    try {
      for (PendingWrite write : batch) {
        if (write instanceof PendingWrite.Log) {
          if (!write.uncertain() || stillOurs(write.id())) {
            outcomes.put(write.id(), ((PendingWrite.Log) write).outcome());
          }
        } else {
          retries.add(write);
        }
      }
      if (!outcomes.isEmpty()) {
        outcomeWriter.apply(new ArrayList<>(outcomes.values()));
      }
    } catch (RuntimeException e) {
      buffer.putBack(batch);
      counters.writeFailures.increment();
      return e;
    }
    for (PendingWrite write : batch) {
      if (write instanceof PendingWrite.Log) {
        done.add(write.id());
      }
    }
    List<JobId> retried = new ArrayList<>(retries.size());
    int takenWritten = 0;
    for (int i = 0; i < retries.size(); i++) {
      PendingWrite.Retry retry = (PendingWrite.Retry) retries.get(i);
      // Let go of the job before its retry is written: once written it is queued again and a claim may take it at
      // once, this worker's included, which admit would refuse while the finished run still held it here.
      JobContext held = inFlight.take(retry.id());
      try {
        if (!retry.uncertain() || stillOurs(retry.id())) {
          repository.retryJob(retry.request());
        }
      } catch (RuntimeException e) {
        List<PendingWrite> unwritten = new ArrayList<>(retries.subList(i, retries.size()));
        if (held != null && !inFlight.giveBack(held)) {
          // Claimed and admitted here again meanwhile: the failed call was committed after all.
          unwritten.remove(0);
          retried.add(retry.id());
        }
        buffer.putBack(unwritten);
        return failedWrite(e, done, retried, takenWritten);
      }
      retried.add(retry.id());
      if (held != null) {
        takenWritten++;
      }
    }
    long writeNanos = System.nanoTime() - started;
    inFlight.release(done, takenWritten);
    counters.flushes.increment();
    done.addAll(retried);
    listeners.outcomesFlushed(done.size(), writeNanos);
    listeners.outcomesWritten(done);
    return null;
  }

  private RuntimeException failedWrite(RuntimeException e, List<JobId> logged, List<JobId> retried, int taken) {
    inFlight.release(logged, taken);
    counters.writeFailures.increment();
    List<JobId> written = new ArrayList<>(logged);
    written.addAll(retried);
    listeners.outcomesWritten(written);
    return e;
  }

  /** Whether the job is still picked by this worker (so an uncertain write must still be applied). */
  private boolean stillOurs(JobId job) {
    Optional<Job> row = repository.findJob(job);
    return row.isPresent() && row.get().status() == JobStatus.PICKED && id.equals(row.get().worker());
  }

  WorkerStats stats() {
    return counters.snapshot(inFlight.size());
  }
}
