package dev.pgqueuer.worker;

import dev.pgqueuer.port.StaleQuery;
import dev.pgqueuer.Job;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.TableChangedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claiming loop of a running {@link QueueManager}: dequeue while jobs come, hand each to the executor, then
 * wait for a notification, a freed slot or the next deferred job instead of polling blindly. The loops of one
 * {@link WorkerGroup} that claim the same entrypoints form a {@link WakeGroup}: a new-work notification wakes one
 * of them (a manager built without a group is alone in a group of its own). In drain mode it ends once nothing is
 * held here and no queued job (deferred ones included) is left for its entrypoints.
 */
final class FetchLoop implements WakeGroup.Member {

  private static final Logger LOG = LoggerFactory.getLogger(FetchLoop.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final long MIN_RACE_BACKOFF_NANOS = 500_000L;
  private static final long MAX_RACE_BACKOFF_NANOS = 20_000_000L;

  private final Engine engine;
  private final Dispatcher dispatcher;
  private final boolean drain;
  private final Wakeup wakeup = new Wakeup();
  private volatile boolean blocked;
  private volatile boolean awaitingRelease;
  private volatile boolean awaitingAnyRelease;
  private volatile boolean wokenByGroup;
  private boolean wokenBySignal;
  private int fullBatches;
  private long raceBackoffNanos;
  private long probedAtNanos = System.nanoTime() - Long.MAX_VALUE / 4;
  private Optional<Duration> probedEta = Optional.empty();
  private volatile boolean backingOff;
  private Optional<Duration> probedStale = Optional.empty();
  private long probedEligible;

  FetchLoop(Engine engine, Dispatcher dispatcher, boolean drain) {
    this.engine = engine;
    this.dispatcher = dispatcher;
    this.drain = drain;
    int enough = engine.settings.batchSize();
    int max = engine.settings.maxConcurrentTasks();
    engine.onRelease(written -> {
      if (awaitingRelease) {
        boolean wake = awaitingAnyRelease ? written || engine.inFlight.isEmpty() : max - engine.running() >= enough;
        if (wake) {
          wakeup.signal();
        }
      }
    });
  }

  /** Wakes the loop ({@link QueueManager#wakeUp()}). */
  void wake() {
    wakeup.signal();
  }

  /** Wakes the loop for new work announced to its {@link WakeGroup}. */
  @Override
  public void wakeFromGroup() {
    wokenByGroup = true;
    wakeup.signal();
  }

  /** Makes the loop notice a stop request at once, whatever it is doing. */
  void stop() {
    wakeup.close();
  }

  /**
   * Handles a notification: any change wakes the loop while it waits on limits held elsewhere. New work wakes loops
   * through their {@link WakeGroup}, which listens to the events itself.
   */
  void onEvent(QueueEvent event) {
    if (backingOff || (blocked && event instanceof TableChangedEvent)) {
      // any event during a backoff means the database answers again: look now instead of at the backoff's end
      wakeup.signal();
    }
  }

  /** Runs until the engine stops (or, in drain mode, until drained). */
  void run() throws InterruptedException {
    WakeGroup g = engine.group.join(engine.names);
    engine.callThrough(g);
    try {
      loop(g);
    } finally {
      engine.group.leave(engine.names, this, wokenByGroup);
    }
  }

  private void loop(WakeGroup g) throws InterruptedException {
    WorkerSettings settings = engine.settings;
    int failures = 0;
    while (!engine.isStopping()) {
      int free = settings.maxConcurrentTasks() - engine.running();
      if (free < settings.batchSize()) {
        awaitRelease(settings.dequeueTimeout(), false);
        continue;
      }
      if (raceBackoffNanos > 0) {
        // The last notification found nothing left (another worker was faster): let the faster one take the next
        // batch too and look a little later, so that a fleet woken by every insert does not stampede the queue.
        wakeup.pause(raceBackoffNanos);
      }
      boolean expectingWork = wokenBySignal || wakeup.isPending();
      wakeup.clear();
      if (wokenByGroup) {
        wokenByGroup = false;
      }
      int want = Math.min(settings.batchSize(), free);
      try {
        // After a full batch this loop claims again at once when a whole batch still fits.
        List<Job> jobs = engine.claim(want, free - want >= settings.batchSize());
        dispatch(jobs);
        failures = 0;
        raceBackoffNanos = jobs.isEmpty() && expectingWork
            ? Math.min(MAX_RACE_BACKOFF_NANOS, Math.max(MIN_RACE_BACKOFF_NANOS, raceBackoffNanos * 2))
            : 0;
        wokenBySignal = false;
        if (jobs.size() == want) {
          // More may be waiting: when this loop is not going to look again at once, one more idle loop of the
          // group looks. With no room for another batch, that is news for the group (kept when no loop is idle
          // yet); after a second full batch with room, a hand-off (this loop's next claim hands off again).
          fullBatches++;
          if (settings.maxConcurrentTasks() - engine.running() < settings.batchSize()) {
            g.newWork();
          } else if (fullBatches >= 2) {
            g.handOff();
          }
          continue;
        }
        fullBatches = 0;
        if (wakeup.isPending()) {
          continue;
        }
        if (drain && !engine.inFlight.isEmpty()) {
          awaitRelease(settings.dequeueTimeout(), true);
          continue;
        }
        if (drain && engine.repository.queuedWork(engine.names) == 0) {
          return;
        }
        Duration wait = idleWait(settings);
        if (!g.goIdle(this)) {
          wokenBySignal = true;
          continue;
        }
        try {
          wokenBySignal = wakeup.await(wait);
        } finally {
          g.leaveIdle(this);
        }
      } catch (RuntimeException e) {
        failures++;
        engine.counters.writeFailures.increment();
        backingOff = true;
        Duration backoff = engine.claimBackoff.apply(failures);
        LOG.warn("worker {}: looking for jobs failed ({} in a row), retrying in {} or at the next event: {}",
            engine.id, failures, backoff, e.toString());
        try {
          wakeup.await(backoff);
        } finally {
          backingOff = false;
        }
      }
    }
  }

  private void dispatch(List<Job> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    List<JobContext> admitted = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      JobContext context = engine.admit(job);
      if (context != null) {
        admitted.add(context);
      }
    }
    dispatcher.submit(admitted);
  }

  /**
   * Waits for capacity: until a full batch fits again ({@code anyRelease} false), or, in drain mode, until held
   * outcomes are written (which is when retries become visible) or nothing is held any more.
   */
  private void awaitRelease(Duration timeout, boolean anyRelease) throws InterruptedException {
    awaitingAnyRelease = anyRelease;
    awaitingRelease = true;
    try {
      int free = engine.settings.maxConcurrentTasks() - engine.running();
      boolean worthWaiting = anyRelease ? !engine.inFlight.isEmpty() : free < engine.settings.batchSize();
      if (worthWaiting && !engine.isStopping()) {
        wakeup.await(timeout);
      }
    } finally {
      awaitingRelease = false;
    }
  }

  /**
   * How long to wait for a notification: until the next deferred job is due or the next picked job turns stale
   * (its worker may have crashed), or the poll interval when eligible work exists that this worker could not claim
   * (limits held elsewhere), else the dequeue timeout. The probes ({@code nextDeferredEta} before
   * {@code eligibleQueuedWork}, so a job that becomes due between them still counts as eligible) are made at
   * most once per poll interval: a busy worker woken by every insert reuses the last answer (aged by the time
   * since), and then waits no longer than until that answer expires, so a deferred job is never noticed more than
   * one poll interval late.
   */
  private Duration idleWait(WorkerSettings settings) {
    long now = System.nanoTime();
    long poll = Wakeup.saturatedNanos(settings.pollInterval());
    boolean fresh = now - probedAtNanos < poll;
    if (!fresh) {
      probedEta = engine.repository.nextDeferredEta(engine.names);
      probedStale = engine.repository.nextStaleEta(new StaleQuery(engine.names, settings.heartbeatTimeout()));
      probedEligible = engine.repository.eligibleQueuedWork(engine.names);
      probedAtNanos = now;
    }
    long age = now - probedAtNanos;
    blocked = probedEligible > 0;
    long wait = Wakeup.saturatedNanos(settings.dequeueTimeout());
    if (probedEta.isPresent()) {
      wait = Math.min(wait, Math.max(0, Wakeup.saturatedNanos(probedEta.get()) - age));
    }
    if (probedStale.isPresent()) {
      // a picked job turns stale then (its worker may have died): look again to re-pick it; a job that is stale
      // already but could not be claimed (a concurrency limit) is looked at once per poll interval
      wait = Math.min(wait, Math.max(poll, Wakeup.saturatedNanos(probedStale.get()) - age));
    }
    if (blocked) {
      wait = Math.min(wait, poll);
    }
    if (fresh) {
      wait = Math.min(wait, Math.max(0, poll - age));
    }
    return Duration.ofNanos(wait);
  }

  /** The default wait after the n-th failed claim in a row: 50 ms, doubling, at most 5 s. */
  static Duration backoff(int failures) {
    Duration d = Duration.ofMillis(50L << Math.min(failures - 1, 10));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }
}
