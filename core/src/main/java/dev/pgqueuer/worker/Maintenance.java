package dev.pgqueuer.worker;

import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.PruneResult;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread of a running {@link QueueManager}: flushes buffered outcomes (on size or linger, retrying
 * failed flushes with backoff), beats the heartbeat of held jobs every quarter of the heartbeat timeout (measured
 * on the repository's clock, so a manual clock moved by a test triggers beats too), folds the log into
 * statistics periodically, and prunes the log when a retention is set (also on the repository's clock). After {@link #finish()} it writes what is left, with a few attempts, and ends.
 */
final class Maintenance implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
  private static final long MAX_TICK_NANOS = 100_000_000L;
  private static final int FINAL_FLUSH_ATTEMPTS = 5;

  private final Engine engine;
  private final long tickNanos;
  private final Duration heartbeatInterval;
  private final Instant createdAt;
  private volatile boolean finishing;

  /**
   * Created by the thread that starts the worker, so that heartbeats count from the start as that thread sees the
   * clock: a test that starts a worker and then advances a manual clock by the heartbeat interval gets a beat,
   * however late the writer thread itself starts.
   */
  Maintenance(Engine engine) {
    this.engine = engine;
    this.createdAt = engine.clock.instant();
    this.heartbeatInterval = engine.settings.heartbeatInterval();
    long linger = Wakeup.saturatedNanos(engine.settings.flushInterval());
    this.tickNanos = Math.max(1_000_000L,
        Math.min(MAX_TICK_NANOS, Math.min(linger, Wakeup.saturatedNanos(heartbeatInterval))));
  }

  /** Asks the thread to write what is left and end; called once no handler runs any more. */
  void finish() {
    finishing = true;
    engine.buffer.poke();
  }

  @Override
  public void run() {
    Instant lastBeat = createdAt;
    Instant lastPrune = createdAt;
    long aggregationNanos = Wakeup.saturatedNanos(engine.settings.logAggregationInterval());
    long nextAggregation = System.nanoTime() + jittered(aggregationNanos);
    long claimedAtAggregation = 0;
    while (!finishing) {
      boolean due;
      try {
        if (engine.backingOff()) {
          LockSupport.parkNanos(tickNanos);
          due = false;
        } else {
          due = engine.buffer.awaitDue(tickNanos);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      long now = System.nanoTime();
      if ((due || engine.isStopping()) && !engine.backingOff()) {
        engine.flush();
      }
      lastBeat = beatIfDue(lastBeat);
      lastPrune = pruneIfDue(lastPrune);
      if (aggregationNanos > 0 && now - nextAggregation >= 0) {
        nextAggregation = now + jittered(aggregationNanos);
        long claimed = engine.counters.claimed.sum();
        if (claimed != claimedAtAggregation) {
          try {
            engine.repository.aggregateLogs();
            claimedAtAggregation = claimed;
          } catch (RuntimeException e) {
            LOG.warn("worker {}: aggregating the log failed, retrying later: {}", engine.id, e.toString());
          }
        }
      }
    }
    finalFlush();
  }

  private Instant beatIfDue(Instant lastBeat) {
    Instant now = engine.clock.instant();
    if (now.isBefore(lastBeat)) {
      return now;
    }
    if (Duration.between(lastBeat, now).compareTo(heartbeatInterval) < 0) {
      return lastBeat;
    }
    try {
      engine.heartbeat();
      return now;
    } catch (RuntimeException e) {
      engine.counters.writeFailures.increment();
      LOG.warn("worker {}: heartbeat failed, retrying: {}", engine.id, e.toString());
      return lastBeat;
    }
  }

  private Instant pruneIfDue(Instant lastPrune) {
    LogRetention retention = engine.settings.logRetention();
    if (retention == null) {
      return lastPrune;
    }
    Instant now = engine.clock.instant();
    if (now.isBefore(lastPrune)) {
      return now;
    }
    if (Duration.between(lastPrune, now).compareTo(engine.settings.retentionInterval()) < 0) {
      return lastPrune;
    }
    try {
      PruneResult result = engine.repository.pruneLog(retention);
      LOG.debug("worker {}: pruned {} log rows and {} statistics buckets", engine.id, result.logRows(),
          result.statisticsBuckets());
      return now;
    } catch (RuntimeException e) {
      LOG.warn("worker {}: pruning the log failed, retrying later: {}", engine.id, e.toString());
      return now;
    }
  }

  private void finalFlush() {
    for (int attempt = 1; attempt <= FINAL_FLUSH_ATTEMPTS; attempt++) {
      RuntimeException failure = engine.flush();
      if (failure == null && engine.buffer.size() == 0) {
        return;
      }
      if (failure != null) {
        LOG.warn("worker {}: final write of outcomes failed (attempt {} of {}): {}", engine.id, attempt,
            FINAL_FLUSH_ATTEMPTS, failure.toString());
        LockSupport.parkNanos(100_000_000L << (attempt - 1));
      }
    }
    LOG.error("worker {}: could not write the outcomes of jobs {}; they stay picked and will be re-run by another "
        + "worker after the heartbeat timeout", engine.id, engine.inFlight.ids());
  }

  private static long jittered(long nanos) {
    if (nanos <= 0) {
      return Long.MAX_VALUE / 4;
    }
    return (long) (nanos * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
  }
}
