package dev.pgqueuer.junit;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.worker.DrainResult;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.JobHandler;
import dev.pgqueuer.worker.JobResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One test's queue and the means to drive it: the {@link #repository()} (hand it to the code under test), the
 * {@link #clock()} that drives it, handler registration, and ways to run jobs through the real worker runtime
 * synchronously: {@link #perform} one job, {@link #drain} the queue (optionally travelling in time), or run every
 * enqueued job at once ({@link #inline()}). Jobs never run unless the test asks: the default mode records only.
 *
 * <pre>{@code
 * queue.handle("welcome-mail", ctx -> outbox.send(ctx.payload().toUtf8()));
 * signup.register("ada@example.com");              // enqueues through queue.repository()
 * queue.drain();                                    // runs it now, on this thread
 * queue.drain(DrainOptions.defaults().upTo(queue.now().plus(Duration.ofDays(3))));  // and the reminder
 * }</pre>
 *
 * <p><b>Failing loudly.</b> A job that fails while the test runs it (its handler threw and no retry followed) fails
 * the {@link #perform} or {@link #drain} with {@link JobFailedException}, naming the job and the cause, after every
 * outcome is recorded; a drain that leaves queued jobs no registered handler can run fails with
 * {@link IllegalStateException} naming their entrypoints. Tests that expect either say so with
 * {@link #allowFailures()} and {@link #allowUnhandledJobs()}.
 *
 * <p>Created by {@link PgQueuerExtension} per test method, and closed after it, or by {@link #of} over a repository
 * the caller provides. Every mode and registration is scoped to this object (never global or thread-local).
 * Thread-safe: the code under test may enqueue from any thread; drains are serialised claim by claim.
 */
public final class TestQueue {

  private final @Nullable Backend backend;
  private final ManualClock clock;
  private final Repository backendRepository;
  private final ObservedRepository repository;
  private final JobDriver driver;
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
  private final Set<Thread> driving = ConcurrentHashMap.newKeySet();
  private volatile boolean inline;
  private volatile boolean failuresAllowed;
  private volatile boolean unhandledAllowed;

  TestQueue(@Nullable Backend backend, Repository backendRepository, ManualClock clock, String owner) {
    this.backend = backend;
    this.clock = clock;
    this.backendRepository = backendRepository;
    this.repository = new ObservedRepository(backendRepository, new ObservedRepository.Observer() {
      @Override
      public void changed() {
        for (Runnable listener : changeListeners) {
          listener.run();
        }
      }

      @Override
      public void enqueued(EnqueueResult result) {
        runInlineIfOn();
      }
    }, owner);
    this.driver = new JobDriver(repository, clock);
  }

  /**
   * A queue over {@code repository}, which the caller provides (a conformance binding, say): it then behaves as the
   * queues {@link PgQueuerExtension} creates, in the default mode. The caller keeps ownership: this queue never
   * closes the repository, and must not be used once the caller has closed it.
   *
   * @param repository a fresh repository whose every timestamp comes from {@code clock}
   * @param clock the clock the test drives
   * @return a new queue; {@link #backend()} names the repository's backend when it is the library's in-memory or
   *     PostgreSQL repository
   * @throws NullPointerException when an argument is {@code null}
   */
  public static TestQueue of(Repository repository, ManualClock clock) {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(clock, "clock");
    Repository own = repository instanceof ObservedRepository observed ? observed.target() : repository;
    Backend backend = own instanceof InMemoryRepository ? Backend.IN_MEMORY
        : own instanceof PostgresRepository ? Backend.POSTGRES : null;
    return new TestQueue(backend, repository, clock, repository.getClass().getSimpleName());
  }

  /**
   * The backend this queue runs on.
   *
   * @throws IllegalStateException when the queue was created by {@link #of} over a repository that is neither of the
   *     library's backends
   */
  public Backend backend() {
    if (backend == null) {
      throw new IllegalStateException("this queue runs on " + backendRepository.getClass().getName()
          + ", which is neither of the library's backends");
    }
    return backend;
  }

  /**
   * The repository of this test's queue: give it to the code under test. It behaves exactly like the backend's
   * repository; additionally, changes made through it wake waiting assertions and, in {@link #inline()} mode, run the
   * jobs it enqueues.
   */
  public Repository repository() {
    return repository;
  }

  /** The manual clock driving the queue; it only moves when the test moves it. */
  public ManualClock clock() {
    return clock;
  }

  /** The clock's current instant. */
  public Instant now() {
    return clock.instant();
  }

  /** Moves the clock forward by {@code step}. Runs nothing (use {@link #drain(DrainOptions)} with upTo for that). */
  public Instant advance(Duration step) {
    return clock.advance(step);
  }

  // ---- enqueue shorthands ----

  /** Enqueues one job for {@code entrypoint} without payload and returns its id. */
  public JobId enqueue(String entrypoint) {
    return enqueue(NewJob.of(entrypoint));
  }

  /** Enqueues one job for {@code entrypoint} with a UTF-8 payload and returns its id. */
  public JobId enqueue(String entrypoint, String payload) {
    return enqueue(NewJob.of(entrypoint).withPayload(payload));
  }

  /**
   * Enqueues one job (dedupe conflicts raise) and returns its id.
   *
   * @throws dev.pgqueuer.DuplicateJobException when its dedupe key is held by an active job
   */
  public JobId enqueue(NewJob job) {
    return repository.enqueue(EnqueueRequest.of(job)).single();
  }

  // ---- reads ----

  /** Every queue row (queued, picked and held), in id order. */
  public List<Job> jobs() {
    List<Job> rows = new ArrayList<>(repository.browseQueue(BrowseQuery.all()));
    rows.sort(Comparator.comparing(Job::id));
    return rows;
  }

  /** The enqueued jobs (status queued, due or deferred), in id (enqueue) order. */
  public List<Job> enqueued() {
    return enqueued(JobMatcher.any());
  }

  /** The enqueued jobs that match {@code matcher}, in id order. */
  public List<Job> enqueued(JobMatcher matcher) {
    Objects.requireNonNull(matcher, "matcher");
    List<Job> out = new ArrayList<>();
    for (Job job : jobs()) {
      if (job.status() == JobStatus.QUEUED && matcher.test(job)) {
        out.add(job);
      }
    }
    return out;
  }

  /** The job's row (while it has one) and its log. */
  public JobHistory history(JobId id) {
    return JobHistory.of(repository, id);
  }

  // ---- handlers and running ----

  /** Registers (or replaces) the handler of {@code entrypoint}: no concurrency limit, no retry, failures deleted. */
  public TestQueue handle(String entrypoint, JobHandler handler) {
    return handle(Entrypoint.of(entrypoint, handler));
  }

  /** Registers (or replaces) an entrypoint with its options (retry policy, failure policy, concurrency limit). */
  public TestQueue handle(Entrypoint entrypoint) {
    driver.register(Objects.requireNonNull(entrypoint, "entrypoint"));
    return this;
  }

  /**
   * Enqueues {@code job} and runs it now through its registered entrypoint (handler, retry and failure policy), on
   * this thread, even in inline mode exactly once.
   *
   * @return what became of the job (a retried attempt's error is in {@link JobResult#error()})
   * @throws JobFailedException when the job failed, unless {@link #allowFailures()} was called
   * @throws IllegalArgumentException when the job has a positive delay (drain with {@code upTo} instead)
   * @throws IllegalStateException when no handler is registered for its entrypoint, or another job of the
   *     entrypoint is due (it would be claimed first; drain instead)
   */
  public JobResult perform(NewJob job) {
    Objects.requireNonNull(job, "job");
    Entrypoint registered = driver.registered(job.entrypoint());
    if (registered == null) {
      throw new IllegalStateException("no handler is registered for entrypoint " + job.entrypoint()
          + "; call handle(\"" + job.entrypoint() + "\", handler) first or pass the handler to perform");
    }
    return perform(job, registered);
  }

  /** Enqueues {@code job} and runs it now through {@code handler} (defaults: no retry, failures deleted). */
  public JobResult perform(NewJob job, JobHandler handler) {
    Objects.requireNonNull(job, "job");
    return perform(job, Entrypoint.of(job.entrypoint(), handler));
  }

  /**
   * Enqueues {@code job} and runs it now through {@code entrypoint}, whose name must be the job's entrypoint.
   *
   * @throws IllegalArgumentException for a positive delay or a different entrypoint name
   * @throws IllegalStateException when another job of the entrypoint is due
   */
  public JobResult perform(NewJob job, Entrypoint entrypoint) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(entrypoint, "entrypoint");
    if (!job.entrypoint().equals(entrypoint.name())) {
      throw new IllegalArgumentException("the job's entrypoint " + job.entrypoint() + " differs from the handler's "
          + entrypoint.name());
    }
    if (job.delay().compareTo(Duration.ZERO) > 0) {
      throw new IllegalArgumentException("perform runs a job now, but this one has delay " + job.delay()
          + "; enqueue it and drain(DrainOptions.defaults().upTo(...)) to run it when it is due");
    }
    long due = repository.eligibleQueuedWork(Set.of(job.entrypoint()));
    if (due > 0) {
      throw new IllegalStateException("perform would not claim the new job: " + due + " other job(s) of entrypoint "
          + job.entrypoint() + " are due and come first; drain() instead");
    }
    JobId id = backendRepository.enqueue(EnqueueRequest.of(job)).single();
    notifyChanged();
    JobResult result = driving(() -> driver.runOnly(id, entrypoint));
    if (!failuresAllowed) {
      JobDriver.failOnFailedJobs(List.of(result));
    }
    return result;
  }

  /** Runs every job of the registered entrypoints that is due now, recursively; see {@link #drain(DrainOptions)}. */
  public DrainResult drain() {
    return drain(DrainOptions.defaults());
  }

  /**
   * Runs the queue synchronously on this thread per {@code options} (time travel, limit, recursion, rethrow).
   *
   * @return every job run, in order, with its result
   * @throws JobFailedException after the drain, when a job failed (unless {@link #allowFailures()} was called)
   * @throws IllegalStateException when no handler is registered, or when the drain left queued jobs that no
   *     registered handler can run (unless {@link #allowUnhandledJobs()} was called)
   * @throws RuntimeException the first handler error, when {@link DrainOptions#rethrow()} is set
   */
  public DrainResult drain(DrainOptions options) {
    Objects.requireNonNull(options, "options");
    DrainResult result = driving(() -> driver.drain(options));
    if (!failuresAllowed) {
      JobDriver.failOnFailedJobs(result.results());
    }
    if (!unhandledAllowed) {
      driver.failOnUnhandledJobs();
    }
    return result;
  }

  /**
   * Lets jobs fail: {@link #perform} and {@link #drain} then return failed jobs' results instead of throwing
   * {@link JobFailedException}. For tests that expect failures. Scoped to this test queue.
   *
   * @return this queue
   */
  public TestQueue allowFailures() {
    failuresAllowed = true;
    return this;
  }

  /**
   * Lets a {@link #drain} leave queued jobs whose entrypoint has no registered handler (jobs the code under test
   * hands to another service, say) instead of failing. Scoped to this test queue.
   *
   * @return this queue
   */
  public TestQueue allowUnhandledJobs() {
    unhandledAllowed = true;
    return this;
  }

  /**
   * Switches to inline mode: from now on, every enqueue through {@link #repository()} runs the due jobs of the
   * registered entrypoints before it returns (jobs enqueued by those jobs too), on the enqueuing thread, and throws
   * the first handler error to the enqueuer (see {@link DrainOptions#rethrow()}). Deferred jobs still wait for the
   * clock. Scoped to this test queue.
   *
   * @throws IllegalStateException when no handler is registered yet
   */
  public TestQueue inline() {
    if (driver.names().isEmpty()) {
      throw new IllegalStateException("inline mode runs registered handlers; call handle(entrypoint, handler) first");
    }
    inline = true;
    return this;
  }

  /** Switches back to the default mode: enqueued jobs are recorded, and run only when the test drains. */
  public TestQueue manual() {
    inline = false;
    return this;
  }

  /** Whether inline mode is on. */
  public boolean isInline() {
    return inline;
  }

  /**
   * Calls {@code listener} after every change made through {@link #repository()} (enqueue, dequeue, outcomes,
   * retry, requeue, cancel, heartbeat, clear), on the thread that made it, until the subscription is closed.
   * Waiting assertions use it to wake on changes that send no queue event.
   */
  public Subscription onChange(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    changeListeners.add(listener);
    return () -> changeListeners.remove(listener);
  }

  private void runInlineIfOn() {
    if (inline && !driving.contains(Thread.currentThread())) {
      // (a handler that enqueues while this thread drives jobs is left to the running drain, which picks it up)
      driving(() -> driver.drain(DrainOptions.defaults().rethrow(true)));
    }
  }

  /** Runs {@code work} marking this thread as driving jobs, so that enqueues by handlers start no nested run. */
  private <T> T driving(Supplier<T> work) {
    Thread current = Thread.currentThread();
    boolean outermost = driving.add(current);
    try {
      return work.get();
    } finally {
      if (outermost) {
        driving.remove(current);
      }
    }
  }

  private void notifyChanged() {
    for (Runnable listener : changeListeners) {
      listener.run();
    }
  }

  /**
   * Ends the queue with its test: stops inline mode, releases the worker, and makes {@link #repository()} refuse
   * further calls; the fixture closes the backend's repository itself.
   */
  void close() {
    inline = false;
    repository.end();
    changeListeners.clear();
    driver.close();
  }

  @Override
  public String toString() {
    String on = backend != null ? backend.label() : backendRepository.getClass().getSimpleName();
    return "TestQueue[" + on + ", " + clock + "]";
  }
}
