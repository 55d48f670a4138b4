package dev.pgqueuer.worker;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The cooperative cancellation signal of one running job. It is set when the job is canceled through
 * {@link dev.pgqueuer.port.QueuePort#cancelJobs} (the worker hears the cancellation event); handlers poll
 * {@link #isCancelled()} or block in {@link #await(Duration)}. The worker never interrupts a handler thread.
 *
 * <p>Thread-safe. Once set, the signal stays set.
 */
public final class Cancellation {

  private final CountDownLatch latch = new CountDownLatch(1);

  Cancellation() {}

  /** Whether the job has been canceled. */
  public boolean isCancelled() {
    return latch.getCount() == 0;
  }

  /**
   * Waits until the job is canceled or {@code timeout} (real time) has passed.
   *
   * @param timeout the longest wait, not negative
   * @return whether the job is canceled
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public boolean await(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    return latch.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
  }

  /** Sets the signal; idempotent. */
  void cancel() {
    latch.countDown();
  }

  @Override
  public String toString() {
    return isCancelled() ? "Cancellation[cancelled]" : "Cancellation[running]";
  }
}
