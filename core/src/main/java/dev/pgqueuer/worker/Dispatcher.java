package dev.pgqueuer.worker;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs admitted jobs on the handler executor with as few thread hand-offs as the handlers allow. Jobs wait in one
 * queue; runner tasks on the executor take them one after the other. How many runners run depends on how long
 * handlers take (an average of recent runs):
 *
 * <ul>
 *   <li>slow handlers (average at least {@value #SLOW_HANDLER_MICROS} µs): one runner per job, up to the limit, as
 *       with a task per job;</li>
 *   <li>fast handlers: one runner, plus a watchdog that adds a runner per waiting job when jobs have waited more
 *       than {@value #STARVATION_MICROS} µs while no job finished (every runner is stuck in a slow handler), so a
 *       batch of quick jobs costs one hand-off instead of one per job, and a job stuck behind an unexpectedly slow
 *       one still starts within a few milliseconds.</li>
 * </ul>

 *
 * <p>Thread-safe.
 */
final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  static final long SLOW_HANDLER_MICROS = 200;
  static final long STARVATION_MICROS = 2_000;

  private record Queued(JobContext context, long queuedNanos) {}

  private final Engine engine;
  private final Executor executor;
  private final int maxRunners;
  private final ConcurrentLinkedQueue<Queued> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger runners = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread watchdog;
  private volatile long averageNanos;
  private volatile long lastCompletionNanos = System.nanoTime();
  private volatile boolean closed;
  private volatile boolean draining;
  private volatile boolean watchdogIdle;

  Dispatcher(Engine engine, Executor executor, int maxRunners, String name) {
    this.engine = engine;
    this.executor = executor;
    this.maxRunners = maxRunners;
    this.watchdog = new Thread(this::watch, name);
    this.watchdog.setDaemon(true);
    this.watchdog.start();
  }

  /** Queues admitted jobs and makes sure runners will take them. */
  void submit(List<JobContext> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    for (JobContext context : jobs) {
      ready.add(new Queued(context, now));
    }
    if (averageNanos >= SLOW_HANDLER_MICROS * 1_000) {
      for (int i = 0; i < jobs.size() && startRunner(); i++) {
        // one runner per job while handlers are slow
      }
    } else if (runners.get() == 0) {
      startRunner();
    }
    if (watchdogIdle) {
      signal();
    }
  }

  /** Whether no job waits or runs here. */
  boolean isIdle() {
    return runners.get() == 0 && ready.isEmpty();
  }

  /** Waits until every queued job has run, then stops the watchdog. */
  void drainAndClose() throws InterruptedException {
    draining = true;
    lock.lock();
    try {
      while (!isIdle()) {
        changed.await(100, TimeUnit.MILLISECONDS);
      }
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean startRunner() {
    if (!countRunner()) {
      return false;
    }
    try {
      executor.execute(this::run);
      return true;
    } catch (RuntimeException | Error e) {
      // Rejected (the executor is shut down) or out of threads: no runner was started, so it must not count, or
      // drainAndClose would wait for it for ever. The queued jobs stay for a later runner or the watchdog.
      runners.decrementAndGet();
      signal();
      LOG.error("worker {}: could not start a handler runner", engine.id, e);
      return false;
    }
  }

  private void run() {
    try {
      while (true) {
        Queued next = ready.poll();
        if (next == null) {
          runners.decrementAndGet();
          // A job added after the poll by a submitter that still saw this runner must not be stranded.
          if (ready.isEmpty() || !countRunner()) {
            if (draining) {
              signal();
            }
            return;
          }
          continue;
        }
        long start = System.nanoTime();
        try {
          engine.execute(next.context());
        } catch (RuntimeException | Error e) {
          // Not the handler (its failures are outcomes) but the worker itself failed on this job: stop holding it,
          // so that its heartbeat lapses and any worker re-runs it after the heartbeat timeout.
          engine.abandon(next.context(), e);
          if (e instanceof VirtualMachineError) {
            throw e;
          }
        }
        long end = System.nanoTime();
        lastCompletionNanos = end;
        averageNanos += (end - start - averageNanos) >> 4;
      }
    } catch (RuntimeException | Error e) {
      runners.decrementAndGet();
      signal();
      LOG.error("worker {}: a handler runner died", engine.id, e);
      if (!ready.isEmpty()) {
        startRunner();
      }
      throw e;
    }
  }

  /** Counts one more runner, unless {@code maxRunners} already run. */
  private boolean countRunner() {
    while (true) {
      int r = runners.get();
      if (r >= maxRunners) {
        return false;
      }
      if (runners.compareAndSet(r, r + 1)) {
        return true;
      }
    }
  }

  /** Adds runners for jobs that waited too long behind slow ones. */
  private void watch() {
    long starvation = STARVATION_MICROS * 1_000;
    while (true) {
      lock.lock();
      try {
        watchdogIdle = true;
        while (!closed && ready.isEmpty()) {
          changed.await();
        }
        watchdogIdle = false;
        if (closed) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      LockSupport.parkNanos(starvation);
      long now = System.nanoTime();
      if (now - lastCompletionNanos < starvation) {
        continue;
      }
      int starving = 0;
      for (Queued q : ready) {
        if (now - q.queuedNanos() < starvation || starving >= maxRunners) {
          break;
        }
        starving++;
      }
      for (int i = 0; i < starving && startRunner(); i++) {
        // one runner per starving job
      }
    }
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
