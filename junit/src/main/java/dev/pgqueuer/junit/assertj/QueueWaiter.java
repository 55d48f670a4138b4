package dev.pgqueuer.junit.assertj;

import dev.pgqueuer.Subscription;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Re-evaluates a check whenever the queue may have changed, until it passes or the timeout elapses: woken by the
 * repository's notification events ({@link Repository#subscribe}) and, for a {@link TestQueue}, by every change made
 * through the test's repository (dequeue and retry send no event). Never sleeps to poll. Subscribes before the first
 * evaluation, so no change between the two is missed; the check runs once more at the deadline.
 */
final class QueueWaiter {

  private final Object lock = new Object();
  private long version;

  private QueueWaiter() {}

  /**
   * Waits for {@code check} to return {@code null} (pass).
   *
   * @return {@code null} when the check passed in time, else its last failure message
   */
  static @Nullable String await(
      Repository repository, @Nullable TestQueue queue, Duration timeout, Supplier<@Nullable String> check) {
    return new QueueWaiter().run(repository, queue, timeout, check);
  }

  private @Nullable String run(
      Repository repository, @Nullable TestQueue queue, Duration timeout, Supplier<@Nullable String> check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Subscription events = repository.subscribe(event -> signal());
    Subscription changes = queue == null ? () -> {} : queue.onChange(this::signal);
    try {
      while (true) {
        long seen;
        synchronized (lock) {
          seen = version;
        }
        String failure = check.get();
        if (failure == null) {
          return null;
        }
        if (!waitForChange(seen, deadline)) {
          return check.get();
        }
      }
    } finally {
      changes.close();
      events.close();
    }
  }

  /** Waits until the version moves past {@code seen}; false when the deadline passed first. */
  private boolean waitForChange(long seen, long deadline) {
    synchronized (lock) {
      while (version == seen) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        try {
          lock.wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for the queue", e);
        }
      }
      return true;
    }
  }

  private void signal() {
    synchronized (lock) {
      version++;
      lock.notifyAll();
    }
  }
}
