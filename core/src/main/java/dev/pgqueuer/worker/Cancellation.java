package dev.pgqueuer.worker;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The cooperative cancellation signal of one running job. It is set when the job is canceled through
 * {@link dev.pgqueuer.port.QueuePort#cancelJobs} (the worker hears the cancellation event); handlers poll
 * {@link #isCancelled()} or block in {@link #await(Duration)}. The worker never interrupts a handler thread.
 *
 * <p>Thread-safe. Once set, the signal stays set.
 */
public final class Cancellation {

  private static final AtomicReferenceFieldUpdater<Cancellation, CountDownLatch> LATCH =
      AtomicReferenceFieldUpdater.newUpdater(Cancellation.class, CountDownLatch.class, "latch");

  private volatile boolean cancelled;
  /** In step mode, where no event arrives: asks the repository whether the job was canceled. */
  private final @Nullable BooleanSupplier probe;
  /** Created by the first waiter only, so that the common case (nobody waits) allocates nothing. */
  private volatile @Nullable CountDownLatch latch;

  Cancellation() {
    this(null);
  }

  Cancellation(@Nullable BooleanSupplier probe) {
    this.probe = probe;
  }

  /**
   * Whether the job has been canceled. In step mode ({@code QueueManager.step()}), where no event arrives, this asks
   * the repository (one round trip on PostgreSQL), so that a job canceled while its handler runs (by the handler
   * itself, or by code it calls) reads as canceled as it does in threaded mode.
   */
  public boolean isCancelled() {
    if (!cancelled && probe != null && probe.getAsBoolean()) {
      cancel();
    }
    return cancelled;
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
    if (isCancelled()) {
      return true;
    }
    CountDownLatch l = latch;
    if (l == null) {
      LATCH.compareAndSet(this, null, new CountDownLatch(1));
      l = latch;
    }
    if (cancelled) {
      return true;
    }
    return l.await(Math.max(0, Wakeup.saturatedNanos(timeout)), TimeUnit.NANOSECONDS) || cancelled;
  }

  /** Sets the signal; idempotent. */
  void cancel() {
    cancelled = true;
    CountDownLatch l = latch;
    if (l != null) {
      l.countDown();
    }
  }

  @Override
  public String toString() {
    return isCancelled() ? "Cancellation[cancelled]" : "Cancellation[running]";
  }
}
