package dev.pgqueuer.junit;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.DrainResult;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.JobResult;
import dev.pgqueuer.worker.QueueManager;
import dev.pgqueuer.worker.RetryRequested;
import dev.pgqueuer.worker.StepResult;
import dev.pgqueuer.worker.WorkerStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The one place that runs jobs for a {@link TestQueue}: a synchronous {@link QueueManager} ({@link WorkerStep}) over
 * the test's repository, so jobs go through the real worker runtime (claim, handler, retry policy, failure policy,
 * outcome writes), on the calling thread, one claim at a time. Thread-safe.
 */
final class JobDriver {

  /** The most claims of one drain before it is declared runaway (a job retrying itself without delay). */
  static final int MAX_STEPS = 1_000_000;

  private final Repository repository;
  private final ManualClock clock;
  /** Drawn when the first worker is built: a random UUID costs a SecureRandom read, and most tests run no job. */
  private @Nullable WorkerId workerId;
  private final Map<String, Entrypoint> entrypoints = new LinkedHashMap<>();
  private @Nullable QueueManager stepper;

  JobDriver(Repository repository, ManualClock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** Registers (or replaces) an entrypoint. */
  synchronized void register(Entrypoint entrypoint) {
    entrypoints.put(entrypoint.name(), entrypoint);
    closeStepper();
  }

  /** The registered entrypoint names, in registration order. */
  synchronized Set<String> names() {
    return Set.copyOf(entrypoints.keySet());
  }

  synchronized @Nullable Entrypoint registered(String name) {
    return entrypoints.get(name);
  }

  /** Runs the queue per {@code options}; see {@link DrainOptions}. */
  DrainResult drain(DrainOptions options) {
    if (!options.recursive()) {
      return claimDueOnce(options);
    }
    WorkerStep step = stepper().step();
    Set<String> names = names();
    List<JobResult> results = new ArrayList<>();
    int steps = 0;
    while (true) {
      while (options.limit() == 0 || results.size() < options.limit()) {
        StepResult r = step.runOnce();
        if (r.isIdle()) {
          break;
        }
        if (++steps > MAX_STEPS) {
          throw new IllegalStateException("the queue was still not idle after " + MAX_STEPS + " claims ("
              + results.size() + " jobs run); is a job retrying itself without delay?");
        }
        results.addAll(r.results());
        rethrowIfAsked(r.results(), options);
      }
      Instant upTo = options.upTo();
      boolean limitReached = options.limit() > 0 && results.size() >= options.limit();
      if (limitReached || upTo == null || !clock.instant().isBefore(upTo)) {
        return new DrainResult(steps, results);
      }
      Instant target = upTo;
      Optional<Duration> eta = repository.nextDeferredEta(names);
      if (eta.isPresent()) {
        Instant next = clock.instant().plus(eta.get());
        if (next.isBefore(target)) {
          target = next;
        }
      }
      clock.set(target);
    }
  }

  /** Non-recursive drain: claims every job due now in one dequeue and runs each once. */
  private DrainResult claimDueOnce(DrainOptions options) {
    Map<String, Entrypoint> snapshot = snapshot();
    long due = repository.eligibleQueuedWork(snapshot.keySet());
    if (options.limit() > 0) {
      due = Math.min(due, options.limit());
    }
    if (due == 0) {
      return new DrainResult(0, List.of());
    }
    int batch = (int) Math.min(due, 1_000_000);
    try (QueueManager manager = build(snapshot.values(), batch)) {
      StepResult r = manager.step().runOnce();
      rethrowIfAsked(r.results(), options);
      return new DrainResult(r.isIdle() ? 0 : 1, r.results());
    }
  }

  /**
   * Claims and runs the one due job of {@code entrypoint}'s entrypoint, which must be {@code expected}.
   *
   * @throws IllegalStateException when the claim returned nothing or another job
   */
  JobResult runOnly(JobId expected, Entrypoint entrypoint) {
    try (QueueManager manager = build(List.of(entrypoint), 1)) {
      StepResult r = manager.step().runOnce();
      if (r.claimed() != 1 || !r.ids().get(0).equals(expected)) {
        throw new IllegalStateException("perform expected to claim job " + expected + " of entrypoint "
            + entrypoint.name() + " but claimed " + r.ids() + " (is its concurrency limit reached?)");
      }
      return r.results().get(0);
    }
  }

  /**
   * Fails when a job of {@code results} ended failed (its handler threw and no retry followed: {@code EXCEPTION}
   * or {@code FAILED}), naming the first one and its cause.
   *
   * @throws JobFailedException for the first failed job
   */
  static void failOnFailedJobs(List<JobResult> results) {
    JobResult first = null;
    int failed = 0;
    for (JobResult r : results) {
      if (r.disposition() == JobResult.Disposition.EXCEPTION || r.disposition() == JobResult.Disposition.FAILED) {
        failed++;
        if (first == null) {
          first = r;
        }
      }
    }
    if (first != null) {
      throw new JobFailedException(first, failed);
    }
  }

  /**
   * Fails when queued jobs are left whose entrypoint has no handler here: a drain can never run them.
   *
   * @throws IllegalStateException naming the entrypoints and how many jobs each has
   */
  void failOnUnhandledJobs() {
    Set<String> handled = names();
    Map<String, Long> unhandled = new TreeMap<>();
    for (QueueStatistics s : repository.queueSize()) {
      if (s.status() == JobStatus.QUEUED && !handled.contains(s.entrypoint())) {
        unhandled.merge(s.entrypoint(), s.count(), Long::sum);
      }
    }
    if (!unhandled.isEmpty()) {
      throw new IllegalStateException("the drain left queued jobs that no registered handler can run " + unhandled
          + " (entrypoint=jobs); register their handlers with queue.handle(entrypoint, handler), or call "
          + "queue.allowUnhandledJobs() if the test leaves them on purpose");
    }
  }

  private static void rethrowIfAsked(List<JobResult> results, DrainOptions options) {
    if (!options.rethrow()) {
      return;
    }
    for (JobResult r : results) {
      Throwable error = r.error();
      if (error == null || error instanceof RetryRequested) {
        continue;
      }
      if (error instanceof RuntimeException) {
        throw (RuntimeException) error;
      }
      if (error instanceof Error) {
        throw (Error) error;
      }
      throw new JobFailedException(r);
    }
  }

  private synchronized Map<String, Entrypoint> snapshot() {
    requireEntrypoints();
    return new LinkedHashMap<>(entrypoints);
  }

  private synchronized QueueManager stepper() {
    requireEntrypoints();
    if (stepper == null) {
      stepper = build(entrypoints.values(), 1);
    }
    return stepper;
  }

  private void requireEntrypoints() {
    if (entrypoints.isEmpty()) {
      throw new IllegalStateException("no handler is registered: call TestQueue.handle(entrypoint, handler) before "
          + "draining or running jobs inline");
    }
  }

  private QueueManager build(Collection<Entrypoint> registrations, int batchSize) {
    QueueManager.Builder builder = QueueManager.builder(repository).workerId(workerId()).batchSize(batchSize);
    registrations.forEach(builder::entrypoint);
    return builder.build();
  }

  private synchronized WorkerId workerId() {
    if (workerId == null) {
      workerId = WorkerId.random();
    }
    return workerId;
  }

  private void closeStepper() {
    if (stepper != null) {
      stepper.close();
      stepper = null;
    }
  }

  /** Releases the worker (no threads are running; this only marks it stopped). */
  synchronized void close() {
    closeStepper();
  }
}
