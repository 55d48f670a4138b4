package dev.pgqueuer.worker;

import dev.pgqueuer.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link QueueManager} synchronously on the calling thread, for deterministic tests: no thread, no timer, no
 * subscription, no heartbeat (handlers run to completion before the step returns). Each step writes every outcome
 * before it returns. The manager's {@link WorkerListener}s are told of claims and written outcomes on the stepping
 * thread, before the step returns. Obtain it with {@link QueueManager#step()}. Thread-safe (steps are serialised).
 *
 * <p>Typical use with a {@link dev.pgqueuer.ManualClock}: enqueue, {@link #drainUntilIdle()}, assert; advance the
 * clock past a retry delay; drain again.
 */
public final class WorkerStep {

  /** The default step cap of {@link #drainUntilIdle()}. */
  public static final int DEFAULT_MAX_STEPS = 1_000_000;

  private final Engine engine;
  private final Runnable check;

  WorkerStep(Engine engine, Runnable check) {
    this.engine = engine;
    this.check = check;
  }

  /**
   * One iteration: one dequeue of up to {@code batchSize} jobs (at most the free slots of
   * {@code maxConcurrentTasks}, within the concurrency limits), each handler run in claim order on this thread,
   * then every outcome written.
   *
   * @return what was claimed and what became of each job; {@link StepResult#isIdle()} when nothing was eligible
   * @throws IllegalStateException when the manager is running threaded or stopped
   * @throws RuntimeException when a repository call fails (unwritten outcomes stay buffered and are written by
   *     the next step)
   */
  public synchronized StepResult runOnce() {
    check.run();
    flushOrThrow();
    int free = engine.settings.maxConcurrentTasks() - engine.running();
    if (free <= 0) {
      return new StepResult(List.of());
    }
    List<Job> jobs = engine.claim(Math.min(engine.settings.batchSize(), free), false);
    List<JobResult> results = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      JobContext context = engine.admitStepping(job);
      if (context != null) {
        results.add(engine.execute(context));
      }
    }
    flushOrThrow();
    return new StepResult(results);
  }

  /**
   * Runs {@link #runOnce()} until a step claims nothing: every job that is eligible now (at the clock's current
   * instant) has run, including retries that became due immediately. Deferred jobs and retries with a delay stay
   * queued until the clock is moved.
   *
   * @throws IllegalStateException after {@value #DEFAULT_MAX_STEPS} steps (a job that retries itself forever)
   */
  public DrainResult drainUntilIdle() {
    return drainUntilIdle(DEFAULT_MAX_STEPS);
  }

  /**
   * {@link #drainUntilIdle()} with a step cap.
   *
   * @param maxSteps the most non-idle steps, at least 1
   * @throws IllegalStateException when still not idle after {@code maxSteps} steps
   */
  public synchronized DrainResult drainUntilIdle(int maxSteps) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
    }
    List<JobResult> all = new ArrayList<>();
    for (int steps = 0; steps < maxSteps; steps++) {
      StepResult step = runOnce();
      if (step.isIdle()) {
        return new DrainResult(steps, all);
      }
      all.addAll(step.results());
    }
    throw new IllegalStateException("the queue was still not idle after " + maxSteps + " steps ("
        + all.size() + " jobs run); is a job retrying itself without delay?");
  }

  /** A snapshot of the manager's counters. */
  public WorkerStats stats() {
    return engine.stats();
  }

  private void flushOrThrow() {
    RuntimeException failure = engine.flush();
    if (failure != null) {
      throw failure;
    }
  }
}
