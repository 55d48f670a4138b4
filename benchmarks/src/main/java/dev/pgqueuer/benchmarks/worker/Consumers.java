package dev.pgqueuer.benchmarks.worker;

/** What drains the queue in worker-drain: the worker fleet, or the repository called directly. */
interface Consumers extends AutoCloseable {

  void start();

  /** Jobs whose handler returned (or, called directly, that were claimed). */
  long handled();

  /** Jobs claimed whose outcome is not written yet. */
  long held();

  long writeFailures();

  /** Stops the consumers (the worker fleet) or waits for them to finish (direct). */
  @Override
  void close();
}
