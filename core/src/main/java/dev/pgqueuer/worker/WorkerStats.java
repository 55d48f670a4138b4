package dev.pgqueuer.worker;

/**
 * Counters of one {@link QueueManager} since it was built (threaded and step runs together). A snapshot; counters
 * are read one after the other, so they may be a little out of step with each other while the worker runs.
 *
 * @param claimed jobs claimed by dequeue
 * @param successful jobs recorded successful
 * @param exceptions jobs that failed for good and were deleted
 * @param failed jobs that failed for good and are held
 * @param canceled jobs recorded canceled
 * @param retried jobs re-queued
 * @param inFlight jobs claimed and not yet recorded (waiting for a thread, running, or with their outcome buffered)
 * @param flushes successful outcome writes
 * @param writeFailures failed repository writes (flushes, heartbeats, dequeues), each retried
 * @param heartbeats heartbeat calls
 */
public record WorkerStats(
    long claimed,
    long successful,
    long exceptions,
    long failed,
    long canceled,
    long retried,
    int inFlight,
    long flushes,
    long writeFailures,
    long heartbeats) {

  /** Jobs whose outcome is recorded: successful + exceptions + failed + canceled + retried. */
  public long completed() {
    return successful + exceptions + failed + canceled + retried;
  }
}
