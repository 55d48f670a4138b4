package dev.pgqueuer.worker;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link WorkerStats}. Thread-safe. */
final class Counters {

  final LongAdder claimed = new LongAdder();
  final LongAdder successful = new LongAdder();
  final LongAdder exceptions = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder canceled = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder flushes = new LongAdder();
  final LongAdder writeFailures = new LongAdder();
  final LongAdder heartbeats = new LongAdder();

  void count(JobResult.Disposition disposition) {
    switch (disposition) {
      case SUCCESSFUL:
        successful.increment();
        break;
      case CANCELED:
        canceled.increment();
        break;
      case RETRIED:
        retried.increment();
        break;
      case EXCEPTION:
        exceptions.increment();
        break;
      case FAILED:
        failed.increment();
        break;
      default:
        throw new IllegalStateException("cannot happen: unhandled disposition " + disposition);
    }
  }

  WorkerStats snapshot(int inFlight) {
    return new WorkerStats(claimed.sum(), successful.sum(), exceptions.sum(), failed.sum(), canceled.sum(),
        retried.sum(), inFlight, flushes.sum(), writeFailures.sum(), heartbeats.sum());
  }
}
