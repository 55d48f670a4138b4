package dev.pgqueuer.worker.scheduler;

import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.internal.Waits;
import dev.pgqueuer.port.SchedulePort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threaded run of a {@link Scheduler}: one loop thread that sleeps until the next fire time, claims due
 * schedules and hands each to a handler thread; running schedules get a heartbeat every third of
 * {@link SchedulePort#STALE_AFTER} (by the repository's clock) and are marked queued when their handler ends.
 */
final class SchedulerLoop {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerLoop.class);
  private static final Duration MAX_SLEEP = Duration.ofSeconds(60);
  private static final Duration TICK = Duration.ofMillis(200);
  private static final Duration BEAT = SchedulePort.STALE_AFTER.dividedBy(3);

  private final Scheduler scheduler;
  private final ExecutorService executor;
  private final Thread thread;
  private final Set<ScheduleId> running = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean signalled;

  SchedulerLoop(Scheduler scheduler) {
    this.scheduler = scheduler;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "pgqueuer-scheduler-handler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.thread = new Thread(this::run, "pgqueuer-scheduler");
  }

  void start() {
    thread.start();
  }

  /** Stops claiming, waits for running handlers (which mark their schedules queued). */
  void shutdown() {
    signal();
    boolean interrupted = false;
    if (thread != Thread.currentThread()) {
      interrupted = Waits.uninterruptibly(thread::join);
    }
    interrupted |= Waits.terminate(executor,
        waited -> LOG.info("scheduler stopping: waiting for {} running schedules", running.size()));
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    Instant lastBeat = scheduler.repository().timeSource().instant();
    int failures = 0;
    while (!scheduler.isStopping()) {
      Duration sleep;
      try {
        scheduler.ensureRegistered();
        for (Schedule schedule : scheduler.claimDue()) {
          running.add(schedule.id());
          executor.execute(() -> runOne(schedule));
        }
        failures = 0;
        Instant now = scheduler.repository().timeSource().instant();
        Optional<Instant> next = scheduler.nextFireTimeAfter(now);
        sleep = next.map(t -> Duration.between(now, t)).orElse(MAX_SLEEP);
        sleep = Scheduler.min(sleep, MAX_SLEEP);
      } catch (RuntimeException e) {
        failures++;
        sleep = Duration.ofMillis(Math.min(5_000, 100L << Math.min(failures, 6)));
        LOG.warn("scheduler: claiming due schedules failed ({} in a row), retrying in {}: {}", failures, sleep,
            e.toString());
      }
      long deadline = System.nanoTime() + sleep.toNanos();
      while (!scheduler.isStopping()) {
        lastBeat = beatIfDue(lastBeat);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        await(Math.min(left, running.isEmpty() ? left : TICK.toNanos()));
      }
    }
  }

  private void runOne(Schedule schedule) {
    try {
      scheduler.fire(schedule);
    } finally {
      markQueued(schedule.id());
      running.remove(schedule.id());
    }
  }

  private void markQueued(ScheduleId id) {
    for (int attempt = 1; ; attempt++) {
      try {
        scheduler.repository().markSchedulesQueued(List.of(id));
        return;
      } catch (RuntimeException e) {
        if (attempt >= 5) {
          LOG.error("scheduler: could not mark schedule {} queued; it will be re-claimed once stale: {}", id,
              e.toString());
          return;
        }
        try {
          Thread.sleep(100L << attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private Instant beatIfDue(Instant lastBeat) {
    Instant now = scheduler.repository().timeSource().instant();
    if (running.isEmpty() || now.isBefore(lastBeat)) {
      return now;
    }
    if (Duration.between(lastBeat, now).compareTo(BEAT) < 0) {
      return lastBeat;
    }
    try {
      scheduler.repository().updateScheduleHeartbeat(new ArrayList<>(running));
      return now;
    } catch (RuntimeException e) {
      LOG.warn("scheduler: heartbeat failed, retrying: {}", e.toString());
      return lastBeat;
    }
  }

  private void await(long nanos) {
    lock.lock();
    try {
      long left = nanos;
      while (!signalled && left > 0) {
        left = wake.awaitNanos(left);
      }
      signalled = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      signalled = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
