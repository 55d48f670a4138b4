package dev.pgqueuer.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A measurement window: a start instant and a deadline, read with {@link System#nanoTime()}. Not thread-safe; one
 * per thread or shared read-only after {@link #start}.
 */
public final class Timer {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final long durationNanos;
  private long start;
  private long cpuStart;

  /** @param seconds the window length */
  public Timer(double seconds) {
    this.durationNanos = (long) (seconds * 1e9);
  }

  /** Starts the window now. @return this */
  public Timer start() {
    start = System.nanoTime();
    cpuStart = THREADS.getCurrentThreadCpuTime();
    return this;
  }

  /**
   * CPU seconds the calling thread (the one that called {@link #start}) used since the start; on a machine shared
   * with other work this shows the cost independently of how much CPU the thread was given.
   */
  public double cpuSeconds() {
    return (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
  }

  /** Whether the window is over. */
  public boolean done() {
    return System.nanoTime() - start >= durationNanos;
  }

  /** Seconds since the start. */
  public double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
