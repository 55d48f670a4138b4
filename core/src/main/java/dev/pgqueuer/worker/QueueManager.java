package dev.pgqueuer.worker;

import dev.pgqueuer.WorkerId;
import dev.pgqueuer.internal.Waits;
import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A worker (PgQueuer's queue manager): claims the jobs of its registered entrypoints from a
 * {@link Repository}, runs their handlers and records the outcomes. It works identically on every backend.
 *
 * <pre>{@code
 * QueueManager worker = QueueManager.builder(repository)
 *     .entrypoint("email", ctx -> send(ctx.payload()))
 *     .entrypoint(Entrypoint.of("report", this::report)
 *         .withConcurrencyLimit(1)
 *         .withOnFailure(OnFailure.HOLD)
 *         .withRetryPolicy(RetryPolicy.exponential(5, Duration.ofSeconds(1), Duration.ofMinutes(5))))
 *     .build();
 * worker.start();   // ... later: worker.stop();
 * }</pre>
 *
 * <p>Three ways to run it: {@link #start()} (continuous, on background threads, until {@link #stop()}),
 * {@link #runUntilDrained()} (blocking, until no queued job is left) and {@link #step()} (synchronous, one
 * dequeue at a time on the caller's thread, for deterministic tests). A manager runs threaded at most once; a
 * stopped manager cannot be restarted. Thread-safe.
 */
public final class QueueManager implements AutoCloseable {

  private enum State { NEW, RUNNING, STOPPED }

  final Engine engine;
  private final Object lifecycle = new Object();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private State state = State.NEW;
  private @Nullable ThreadedRun run;
  private @Nullable WorkerStep step;

  private QueueManager(Engine engine) {
    this.engine = engine;
  }

  /** A builder over {@code repository}. @throws NullPointerException when it is null */
  public static Builder builder(Repository repository) {
    return new Builder(repository);
  }

  /** This worker's id ({@code queue_manager_id}): the owner of the jobs it claims. */
  public WorkerId id() {
    return engine.id;
  }

  /** The repository. */
  public Repository repository() {
    return engine.repository;
  }

  /** The registered entrypoint names. */
  public Set<String> entrypoints() {
    return engine.names;
  }

  /** The registration of {@code name}. @throws IllegalArgumentException when it is not registered */
  public Entrypoint entrypoint(String name) {
    Entrypoint e = engine.entrypoints.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no entrypoint named " + name + " is registered; registered: "
          + engine.names);
    }
    return e;
  }

  /** The settings. */
  public WorkerSettings settings() {
    return engine.settings;
  }

  /** A snapshot of the counters. */
  public WorkerStats stats() {
    return engine.stats();
  }

  /**
   * Starts claiming and running jobs on background threads until {@link #stop()}. The claiming thread is not a
   * daemon, so a started manager keeps the JVM alive until it is stopped.
   *
   * @throws IllegalStateException when the manager has already run
   * @throws RuntimeException when subscribing to the queue's events fails
   */
  public void start() {
    synchronized (lifecycle) {
      checkNew("start");
      ThreadedRun r = new ThreadedRun(engine, false);
      r.open();
      r.startLoopThread();
      run = r;
      state = State.RUNNING;
    }
  }

  /**
   * Drain mode: runs on background handler threads, claiming on the calling thread, until no job is held here and
   * no queued job (deferred ones and retries included) is left for the registered entrypoints; then stops
   * gracefully. Held ({@code failed}) jobs and jobs picked by other workers are not waited for. If the calling
   * thread is interrupted, the manager stops gracefully and the interrupt flag is restored.
   *
   * @return the counters at the end
   * @throws IllegalStateException when the manager has already run
   */
  public WorkerStats runUntilDrained() {
    ThreadedRun r;
    synchronized (lifecycle) {
      checkNew("runUntilDrained");
      r = new ThreadedRun(engine, true);
      r.open();
      run = r;
      state = State.RUNNING;
    }
    try {
      r.runLoop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      finish(r);
    }
    return stats();
  }

  /**
   * The synchronous stepper of this manager, for deterministic tests: no thread, no timer, no subscription.
   *
   * @throws IllegalStateException when the manager is running threaded or stopped
   */
  public WorkerStep step() {
    synchronized (lifecycle) {
      if (state != State.NEW) {
        throw new IllegalStateException("step() needs a manager that is not running or stopped (state " + state
            + ")");
      }
      if (step == null) {
        step = new WorkerStep(engine, this::checkSteppable);
      }
      return step;
    }
  }

  /** Makes a running manager look for work now (for example after a test moved a manual clock). */
  public void wakeUp() {
    ThreadedRun r;
    synchronized (lifecycle) {
      r = run;
    }
    if (r != null) {
      r.wake();
    }
  }

  /** Whether the manager is running threaded. */
  public boolean isRunning() {
    synchronized (lifecycle) {
      return state == State.RUNNING;
    }
  }

  /**
   * Asks a running manager to stop without waiting: it claims nothing more; handlers finish and outcomes are
   * written in the background. Safe to call from a handler. Idempotent.
   */
  public void requestStop() {
    engine.requestStop();
    ThreadedRun r;
    synchronized (lifecycle) {
      r = run;
    }
    if (r != null) {
      r.requestStop();
    }
  }

  /**
   * Stops gracefully and waits: claims nothing more, waits for every running handler, writes every outcome, closes
   * the subscription. After it returns, no job is left picked by this worker (unless the final writes failed, which
   * is logged; such jobs are re-run elsewhere after the heartbeat timeout). Idempotent; must not be called from a
   * handler of this manager (use {@link #requestStop()} there). On a manager that never ran it does nothing: the
   * manager can still be started (a container may stop what it never got to start).
   */
  public void stop() {
    ThreadedRun r;
    synchronized (lifecycle) {
      if (state == State.NEW) {
        return;
      }
      r = run;
    }
    if (r != null) {
      finish(r);
    }
    if (Waits.uninterruptibly(terminated::await)) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private void finish(ThreadedRun r) {
    r.shutdown();
    synchronized (lifecycle) {
      state = State.STOPPED;
      terminated.countDown();
    }
  }

  private void checkNew(String operation) {
    if (state != State.NEW) {
      throw new IllegalStateException(operation + "() needs a new manager; this one is " + state
          + " (a manager runs threaded once; build another one)");
    }
  }

  private void checkSteppable() {
    synchronized (lifecycle) {
      if (state != State.NEW) {
        throw new IllegalStateException("cannot step a manager that is " + state);
      }
    }
  }

  /** Builds a {@link QueueManager}; not thread-safe. */
  public static final class Builder {
    private final Repository repository;
    private final Map<String, Entrypoint> entrypoints = new LinkedHashMap<>();
    private final List<WorkerListener> listeners = new ArrayList<>();
    private WorkerId id = WorkerId.random();
    private @Nullable WorkerGroup group;
    private int batchSize = WorkerSettings.DEFAULT_BATCH_SIZE;
    private @Nullable Integer maxConcurrentTasks;
    private @Nullable Integer flushSize;
    private final WorkerSettings defaults = WorkerSettings.defaults();
    private Duration heartbeatTimeout = defaults.heartbeatTimeout();
    private Duration dequeueTimeout = defaults.dequeueTimeout();
    private Duration pollInterval = defaults.pollInterval();
    private Duration flushInterval = defaults.flushInterval();
    private Duration logAggregationInterval = defaults.logAggregationInterval();
    private @Nullable LogRetention logRetention;
    private Duration retentionInterval = WorkerSettings.DEFAULT_RETENTION_INTERVAL;

    private Builder(Repository repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
    }

    /**
     * Registers a handler with the default options (no concurrency limit, failures deleted, no retry).
     *
     * @throws IllegalArgumentException for a blank name @throws IllegalStateException when already registered
     */
    public Builder entrypoint(String name, JobHandler handler) {
      return entrypoint(Entrypoint.of(name, handler));
    }

    /** Registers an entrypoint. @throws IllegalStateException when its name is already registered */
    public Builder entrypoint(Entrypoint entrypoint) {
      Objects.requireNonNull(entrypoint, "entrypoint");
      if (entrypoints.containsKey(entrypoint.name())) {
        throw new IllegalStateException("entrypoint " + entrypoint.name() + " is already registered");
      }
      entrypoints.put(entrypoint.name(), entrypoint);
      return this;
    }

    /** Sets the fleet-wide concurrency limit of a registered entrypoint (0 = unlimited). */
    public Builder concurrencyLimit(String entrypoint, int limit) {
      return update(entrypoint, e -> e.withConcurrencyLimit(limit));
    }

    /** Sets the failure policy of a registered entrypoint. */
    public Builder onFailure(String entrypoint, OnFailure policy) {
      return update(entrypoint, e -> e.withOnFailure(policy));
    }

    /** Sets the retry policy of a registered entrypoint. */
    public Builder retryPolicy(String entrypoint, RetryPolicy policy) {
      return update(entrypoint, e -> e.withRetryPolicy(policy));
    }

    /**
     * Makes the manager a member of {@code group}: it shares the group's event subscription, and with the members
     * that claim the same entrypoints it shares new-work notifications and combines claims and outcome writes (see
     * {@link WorkerGroup}). Without a group the manager shares nothing with other managers.
     *
     * @throws NullPointerException when {@code group} is null
     */
    public Builder group(WorkerGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      return this;
    }

    /** Uses {@code id} instead of a random worker id. */
    public Builder workerId(WorkerId id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /** See {@link WorkerSettings#batchSize()}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** See {@link WorkerSettings#maxConcurrentTasks()}. */
    public Builder maxConcurrentTasks(int maxConcurrentTasks) {
      this.maxConcurrentTasks = maxConcurrentTasks;
      return this;
    }

    /** See {@link WorkerSettings#heartbeatTimeout()}. */
    public Builder heartbeatTimeout(Duration timeout) {
      this.heartbeatTimeout = Objects.requireNonNull(timeout, "heartbeatTimeout");
      return this;
    }

    /** See {@link WorkerSettings#dequeueTimeout()}. */
    public Builder dequeueTimeout(Duration timeout) {
      this.dequeueTimeout = Objects.requireNonNull(timeout, "dequeueTimeout");
      return this;
    }

    /** See {@link WorkerSettings#pollInterval()}. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Objects.requireNonNull(interval, "pollInterval");
      return this;
    }

    /** See {@link WorkerSettings#flushSize()}. */
    public Builder flushSize(int flushSize) {
      this.flushSize = flushSize;
      return this;
    }

    /** See {@link WorkerSettings#flushInterval()}. */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = Objects.requireNonNull(interval, "flushInterval");
      return this;
    }

    /** See {@link WorkerSettings#logAggregationInterval()}; zero disables. */
    public Builder logAggregationInterval(Duration interval) {
      this.logAggregationInterval = Objects.requireNonNull(interval, "logAggregationInterval");
      return this;
    }

    /**
     * Prunes the log and statistics with {@code retention} every {@code interval} (on the repository's clock); see
     * {@link WorkerSettings#logRetention()}. Several workers pruning the same queue is harmless.
     */
    public Builder logRetention(LogRetention retention, Duration interval) {
      this.logRetention = Objects.requireNonNull(retention, "retention");
      this.retentionInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Adds a listener told of the worker's progress (see {@link WorkerListener} for when and on which thread).
     * Several may be added; they are called in the order added.
     *
     * @throws NullPointerException when {@code listener} is null
     */
    public Builder listener(WorkerListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the manager.
     *
     * @throws IllegalStateException when no entrypoint is registered
     * @throws IllegalArgumentException when a setting is invalid (naming it), or when the {@link #group group} was
     *     made with another repository instance than this builder's
     */
    public QueueManager build() {
      if (entrypoints.isEmpty()) {
        throw new IllegalStateException("a QueueManager needs at least one entrypoint; register one with "
            + "entrypoint(name, handler)");
      }
      WorkerSettings settings = new WorkerSettings(batchSize,
          maxConcurrentTasks != null ? maxConcurrentTasks : WorkerSettings.defaultMaxConcurrentTasks(batchSize),
          heartbeatTimeout, dequeueTimeout, pollInterval,
          flushSize != null ? flushSize : WorkerSettings.defaultFlushSize(batchSize), flushInterval,
          logAggregationInterval, logRetention, retentionInterval);
      WorkerGroup g = group;
      if (g != null && g.repository() != repository) {
        throw new IllegalArgumentException("the WorkerGroup was made with another repository instance ("
            + g.repository() + ") than this manager's (" + repository + "); members of a group share its "
            + "repository's calls, so build them over the group's repository()");
      }
      return new QueueManager(new Engine(g != null ? g : WorkerGroup.of(repository), id, settings, entrypoints,
          listeners));
    }

    private Builder update(String entrypoint, UnaryOperator<Entrypoint> change) {
      Objects.requireNonNull(entrypoint, "entrypoint");
      Entrypoint current = entrypoints.get(entrypoint);
      if (current == null) {
        throw new IllegalArgumentException("no entrypoint named " + entrypoint + " is registered; register it "
            + "first (registered: " + entrypoints.keySet() + ")");
      }
      entrypoints.put(entrypoint, change.apply(current));
      return this;
    }
  }
}
