package dev.pgqueuer.conformance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.WorkerListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Shared helpers of the worker contracts: bounded waits on latches and worker events, job reads, log projections. */
final class WorkerFixtures {

  /** How long a contract waits for something asynchronous before failing. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private WorkerFixtures() {}

  /** Waits for the latch, failing the test after {@link #WAIT}. */
  static void await(CountDownLatch latch, String what) {
    try {
      assertThat(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as(what).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
  }

  /** A worker listener that lets a test wait on the heartbeats the worker writes. Thread-safe. */
  static final class Heartbeats implements WorkerListener {
    private final Semaphore written = new Semaphore(0);

    @Override
    public void heartbeatWritten(List<JobId> jobs) {
      written.release();
    }

    /**
     * Waits until {@code condition} holds, re-checking it each time the worker reports a heartbeat written, failing
     * after {@link #WAIT}.
     */
    void awaitUntil(BooleanSupplier condition, String what) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      try {
        while (!condition.getAsBoolean()) {
          if (!written.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /** The stored job, failing the test when it no longer exists. */
  static Job job(TestQueue q, JobId id) {
    return q.repository().findJob(id).orElseThrow(() -> new AssertionError("job " + id + " does not exist"));
  }

  /** The statuses of the job's log rows, in write order. */
  static List<JobStatus> statuses(Repository repo, JobId id) {
    List<JobStatus> out = new ArrayList<>();
    for (LogEntry e : repo.jobLog(id)) {
      out.add(e.status());
    }
    return out;
  }
}
