package dev.pgqueuer.worker.scheduler;

import dev.pgqueuer.port.ScheduleDeletion;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.ScheduleKey;
import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs handlers on cron schedules, persisted through the repository's {@link dev.pgqueuer.port.SchedulePort} so
 * that each due time fires once however many schedulers share the queue: a firing is claimed by
 * {@code fetchDueSchedules}, which also moves {@code next_run} to the following fire time (missed times are not
 * caught up: a scheduler that was down fires once, then keeps to the cron). A claimed schedule whose scheduler
 * dies is re-claimed after {@link dev.pgqueuer.port.SchedulePort#STALE_AFTER}.
 *
 * <pre>{@code
 * Scheduler scheduler = Scheduler.builder(repository)
 *     .schedule("cleanup", "0 * * * *", ctx -> cleanup())
 *     .build();
 * scheduler.start();   // or, in a test with a ManualClock: scheduler.runDue();
 * }</pre>
 *
 * <p>Run it either threaded ({@link #start()} … {@link #stop()}) or stepwise ({@link #runDue()}), not both.
 * Thread-safe.
 */
public final class Scheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  /** One registered schedule. */
  record Registration(ScheduleKey key, CronExpression cron, ScheduleHandler handler) {}

  private enum State { NEW, RUNNING, STOPPED }

  private final Repository repository;
  private final Map<ScheduleKey, Registration> registrations;
  private final Set<String> replaceEntrypoints;
  private final Object lock = new Object();
  /** When the scheduler was built: its schedules' first fire times follow this instant, not the first run. */
  private final Instant builtAt;
  private volatile boolean stopping;
  private boolean registered;
  private State state = State.NEW;
  private @Nullable SchedulerLoop loop;

  private Scheduler(Repository repository, Map<ScheduleKey, Registration> registrations, Set<String> replace) {
    this.repository = repository;
    this.registrations = Map.copyOf(registrations);
    this.replaceEntrypoints = Set.copyOf(replace);
    this.builtAt = repository.timeSource().instant();
  }

  /** A builder over {@code repository}. */
  public static Builder builder(Repository repository) {
    return new Builder(repository);
  }

  /** The registered schedule keys (entrypoint and normalised expression). */
  public Set<ScheduleKey> keys() {
    return registrations.keySet();
  }

  /**
   * The deterministic step: registers the schedules on first use (their first fire time is the first one after the
   * scheduler was built, so a test that moves the clock before the first call loses no fire time; fire times
   * already past are due at once, one firing for all of them), claims every registered schedule that is due
   * now (by the repository's clock), runs each handler on the calling thread in schedule id order, and marks them
   * queued again before returning.
   *
   * @return the firings, in schedule id order (empty when nothing was due)
   * @throws IllegalStateException when the scheduler runs threaded or is stopped
   */
  public List<ScheduleRun> runDue() {
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("runDue() needs a scheduler that is not running or stopped (state " + state
            + ")");
      }
      ensureRegistered();
      List<Schedule> claimed = claimDue();
      List<ScheduleRun> runs = new ArrayList<>(claimed.size());
      List<ScheduleId> ids = new ArrayList<>(claimed.size());
      try {
        for (Schedule schedule : claimed) {
          ids.add(schedule.id());
          runs.add(fire(schedule));
        }
      } finally {
        if (!ids.isEmpty()) {
          repository.markSchedulesQueued(ids);
        }
      }
      return runs;
    }
  }

  /**
   * Starts the scheduler on background threads: it registers the schedules, wakes at each fire time, claims what is
   * due and runs the handlers, beating the heartbeat of running schedules.
   *
   * @throws IllegalStateException when it has already run
   */
  public void start() {
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("start() needs a new scheduler; this one is " + state);
      }
      SchedulerLoop l = new SchedulerLoop(this);
      loop = l;
      state = State.RUNNING;
      l.start();
    }
  }

  /** The earliest fire time of the registered schedules after {@code instant}, by their cron expressions. */
  public Optional<Instant> nextFireTimeAfter(Instant instant) {
    Instant best = null;
    for (Registration r : registrations.values()) {
      Optional<Instant> next = r.cron().nextAfter(instant);
      if (next.isPresent() && (best == null || next.get().isBefore(best))) {
        best = next.get();
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Stops: claims nothing more, waits for running handlers and marks their schedules queued. Idempotent.
   */
  public void stop() {
    SchedulerLoop l;
    synchronized (lock) {
      stopping = true;
      l = loop;
      state = State.STOPPED;
    }
    if (l != null) {
      l.shutdown();
    }
  }

  /** {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  Repository repository() {
    return repository;
  }

  boolean isStopping() {
    return stopping;
  }

  /** Deletes the schedules of replaced entrypoints and inserts the missing ones; once. */
  void ensureRegistered() {
    synchronized (lock) {
      if (registered) {
        return;
      }
      if (!replaceEntrypoints.isEmpty()) {
        repository.deleteSchedules(ScheduleDeletion.entrypoints(replaceEntrypoints));
      }
      repository.insertSchedules(specs(builtAt, repository.timeSource().instant()));
      registered = true;
    }
  }

  /** Claims the due (or stale) registered schedules. */
  List<Schedule> claimDue() {
    return repository.fetchDueSchedules(specs(repository.timeSource().instant()));
  }

  /** Runs the handler of a claimed schedule on the calling thread; never throws. */
  ScheduleRun fire(Schedule schedule) {
    Registration r = registrations.get(schedule.key());
    if (r == null) {
      IllegalStateException error = new IllegalStateException(
          "cannot happen: fetchDueSchedules returned unregistered schedule " + schedule.key());
      LOG.error("{}", error.getMessage());
      return new ScheduleRun(schedule, error);
    }
    try {
      r.handler().run(new ScheduleContext(schedule, repository.timeSource(), this::isStopping));
      return new ScheduleRun(schedule, null);
    } catch (Throwable t) {
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("schedule {} ({}) failed: {}", schedule.key().entrypoint(), schedule.key().expression(), t.toString());
      return new ScheduleRun(schedule, t);
    }
  }

  /** The specs at {@code now}: each schedule's next fire time after {@code now}. */
  private List<ScheduleSpec> specs(Instant now) {
    return specs(now, now);
  }

  /**
   * The specs at {@code now} of the fire times that follow {@code from}: each schedule fires at its first fire time
   * after {@code from}, at once when that is already past.
   */
  private List<ScheduleSpec> specs(Instant from, Instant now) {
    Duration elapsed = Duration.between(from, now);
    List<ScheduleSpec> specs = new ArrayList<>(registrations.size());
    for (Registration r : registrations.values()) {
      Duration delay = r.cron().delayAfter(from).minus(elapsed);
      specs.add(new ScheduleSpec(r.key(), delay.isNegative() ? Duration.ZERO : delay));
    }
    return specs;
  }

  /** Builds a {@link Scheduler}; not thread-safe. */
  public static final class Builder {
    private final Repository repository;
    private final Map<ScheduleKey, Registration> registrations = new LinkedHashMap<>();
    private final Set<String> replace = new LinkedHashSet<>();
    private ZoneId zone = ZoneOffset.UTC;

    private Builder(Repository repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
    }

    /** The time zone of the cron expressions registered after this call (default UTC). */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Registers a schedule.
     *
     * @param entrypoint the schedule's name: not blank
     * @param expression a 5-field (or 6-field, seconds first) cron expression
     * @param handler what to run
     * @throws IllegalArgumentException for a blank entrypoint or an invalid expression
     * @throws IllegalStateException when the same entrypoint and (normalised) expression are already registered
     */
    public Builder schedule(String entrypoint, String expression, ScheduleHandler handler) {
      Checks.name(entrypoint, "entrypoint");
      Objects.requireNonNull(handler, "handler");
      CronExpression cron = CronExpression.parse(expression, zone);
      ScheduleKey key = new ScheduleKey(entrypoint, cron.text());
      if (registrations.containsKey(key)) {
        throw new IllegalStateException("schedule " + entrypoint + " '" + cron.text() + "' is already registered");
      }
      registrations.put(key, new Registration(key, cron, handler));
      return this;
    }

    /**
     * Deletes every stored schedule of {@code entrypoint} when the scheduler first registers (PgQueuer's
     * {@code clean_old}), so that an expression removed from the code stops firing.
     *
     * @throws IllegalArgumentException when no schedule of {@code entrypoint} is registered in this builder
     */
    public Builder replaceExisting(String entrypoint) {
      Objects.requireNonNull(entrypoint, "entrypoint");
      boolean known = registrations.keySet().stream().anyMatch(k -> k.entrypoint().equals(entrypoint));
      if (!known) {
        throw new IllegalArgumentException("no schedule of entrypoint " + entrypoint + " is registered; register "
            + "it before replaceExisting");
      }
      replace.add(entrypoint);
      return this;
    }

    /** Builds the scheduler. @throws IllegalStateException when no schedule is registered */
    public Scheduler build() {
      if (registrations.isEmpty()) {
        throw new IllegalStateException("a Scheduler needs at least one schedule; register one with schedule(...)");
      }
      return new Scheduler(repository, registrations, replace);
    }
  }

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
