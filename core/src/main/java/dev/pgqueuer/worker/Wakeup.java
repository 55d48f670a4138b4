package dev.pgqueuer.worker;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A sticky wake-up flag for the fetch loop: a signal given while the loop is busy is kept, so the next wait returns
 * at once and no notification is lost between a dequeue and the wait that follows it. Thread-safe.
 */
final class Wakeup {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signalled = lock.newCondition();
  private volatile boolean pending;
  private volatile boolean closed;

  /** Sets the flag and wakes the waiter. */
  void signal() {
    if (pending) {
      return;
    }
    lock.lock();
    try {
      pending = true;
      signalled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Makes every later wait return at once (shutdown); a signal that cannot be cleared. */
  void close() {
    closed = true;
    lock.lock();
    try {
      signalled.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sleeps for {@code nanos} whatever signals arrive (they stay pending), returning early only when closed.
   */
  void pause(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (!closed && left > 0) {
        left = signalled.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether a signal is pending. */
  boolean isPending() {
    return pending;
  }

  /** Clears the flag; called right before the loop looks for work. */
  void clear() {
    pending = false;
  }

  /**
   * Waits until signalled or {@code timeout} passes, then clears the flag.
   *
   * @return whether a signal arrived
   */
  boolean await(Duration timeout) throws InterruptedException {
    long nanos = Math.max(0, saturatedNanos(timeout));
    lock.lock();
    try {
      while (!pending && !closed && nanos > 0) {
        nanos = signalled.awaitNanos(nanos);
      }
      boolean was = pending;
      pending = false;
      return was;
    } finally {
      lock.unlock();
    }
  }

  /** {@code duration} in nanoseconds, saturated at the {@code long} range. */
  static long saturatedNanos(Duration duration) {
    if (duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L - 1) {
      return Long.MAX_VALUE;
    }
    if (duration.getSeconds() <= Long.MIN_VALUE / 1_000_000_000L + 1) {
      return Long.MIN_VALUE;
    }
    return duration.toNanos();
  }
}
