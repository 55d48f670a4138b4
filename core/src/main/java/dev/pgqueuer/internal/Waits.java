package dev.pgqueuer.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Waits that a graceful shutdown must see through: they run to the end whatever interrupts arrive, and tell the
 * caller whether one came, so that it restores the thread's interrupt status once the whole shutdown is done.
 * Stateless and thread-safe.
 */
public final class Waits {

  /** How often {@link #terminate} reports that it is still waiting. */
  public static final long REPORT_SECONDS = 10;

  /** A blocking wait that may be interrupted. */
  @FunctionalInterface
  public interface Blocking {
    /** Blocks until done. @throws InterruptedException when interrupted before that */
    void await() throws InterruptedException;
  }

  private Waits() {}

  /**
   * Runs {@code wait} until it completes, starting it again after each interrupt.
   *
   * @return whether the thread was interrupted meanwhile (the status is cleared; restore it when done)
   */
  public static boolean uninterruptibly(Blocking wait) {
    boolean interrupted = false;
    while (true) {
      try {
        wait.await();
        return interrupted;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }

  /**
   * Shuts {@code executor} down and waits, through interrupts, until its tasks have ended, calling
   * {@code stillWaiting} with the seconds waited so far every {@value #REPORT_SECONDS} s.
   *
   * @return whether the thread was interrupted meanwhile (the status is cleared; restore it when done)
   */
  public static boolean terminate(ExecutorService executor, LongConsumer stillWaiting) {
    executor.shutdown();
    boolean interrupted = false;
    long waited = 0;
    while (true) {
      try {
        if (executor.awaitTermination(REPORT_SECONDS, TimeUnit.SECONDS)) {
          return interrupted;
        }
        waited += REPORT_SECONDS;
        stillWaiting.accept(waited);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }
}
