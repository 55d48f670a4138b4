package dev.pgqueuer.benchmarks;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines on standard error, so that standard output keeps only the final JSON line. Throttled to about one
 * line per second. Thread-safe.
 */
public final class Progress {

  private final String scenario;
  private final PrintStream err = System.err;
  private long lastNanos;

  /** @param scenario the name printed in front of every line */
  public Progress(String scenario) {
    this.scenario = scenario;
  }

  /** Prints a line now. */
  public synchronized void say(String format, Object... args) {
    err.println("[" + scenario + "] " + String.format(Locale.ROOT, format, args));
    err.flush();
    lastNanos = System.nanoTime();
  }

  /** Prints a line unless one was printed less than a second ago. */
  public synchronized void tick(String format, Object... args) {
    if (System.nanoTime() - lastNanos >= 1_000_000_000L) {
      say(format, args);
    }
  }
}
