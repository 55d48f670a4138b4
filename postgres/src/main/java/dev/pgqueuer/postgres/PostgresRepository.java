package dev.pgqueuer.postgres;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.QueueEventListener;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.Capability;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.port.ScheduleSpec;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.port.SortOrder;
import dev.pgqueuer.port.StatisticsQuery;
import dev.pgqueuer.tx.ConnectionUnitOfWork;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL repository: every rule of {@code docs/semantics.md} on a PgQueuer-compatible schema, over a
 * {@link DataSource} (use a pool such as HikariCP) with PgJDBC. Build with {@link #builder(DataSource)}.
 *
 * <p><b>Calls.</b> Each port call is one transaction on a borrowed connection (a few statements sent in one round
 * trip where a call needs them). Claims use {@code FOR UPDATE SKIP LOCKED} in one statement that also writes the
 * {@code picked} log rows; dequeues of entrypoints with a concurrency limit take a transaction-scoped advisory lock
 * per limited entrypoint first, so limits hold fleet-wide under concurrent dequeues (rule Q3). The claim's plan is
 * pinned for its transaction ({@code SET LOCAL}: no sorts, bitmap or sequential scans, no JIT) so that it always
 * walks the {@code (entrypoint, priority DESC, id)} index in key order, also when statistics are stale; its batch
 * size is a literal, never a bind parameter. A call chosen as a deadlock victim had no effect and runs again.
 *
 * <p><b>Time.</b> With {@link Builder#clock(InstantSource)} every call reads {@code now} once from the time source,
 * truncates it to microseconds and binds it, so PostgreSQL and the in-memory backend see identical timestamps (the
 * parity suite uses a {@link dev.pgqueuer.ManualClock}). With {@link Builder#databaseClock()} (the default) the SQL
 * uses the transaction start of the server instead: every worker shares the database's clock, so client clock skew
 * cannot cause early picks or false stale re-picks, but time cannot be frozen or moved by tests. Durations are sent
 * as microseconds and all arithmetic is on {@code timestamptz}, so the session time zone never matters.
 *
 * <p><b>Ids.</b> Each enqueue draws one id per input row, in input order, before inserting anything, so a call
 * consumes exactly n ids whether rows are inserted, skipped or the call fails with
 * {@link dev.pgqueuer.DuplicateJobException} (rule I1).
 *
 * <p><b>Events.</b> The schema's statement-level trigger announces INSERT, DELETE and TRUNCATE on
 * {@link SchemaNames#channel()}, with {@code sent_at} = the call's {@code now} (handed to the trigger in a
 * transaction-local setting). Cancellation and health-check events are sent with {@code pg_notify} in the calling
 * transaction. Subscriptions share one dedicated {@code LISTEN} connection per repository (its
 * {@code application_name} is {@code "pgqueuer listen <channel>"}), opened on the first {@link #subscribe} and
 * re-opened if it dies; each subscription delivers on its own thread, in commit order.
 *
 * <p><b>Units of work.</b> {@link #in} runs queue calls in the caller's transaction on a
 * {@link dev.pgqueuer.tx.ConnectionUnitOfWork} (the caller's own connection, or a unit from {@link #begin()}); it
 * never commits, rolls back or closes that connection. Each call sends its statements between a savepoint and its
 * release in one round trip, so it costs what a plain call costs, and a failed call is rolled back to the savepoint
 * and leaves the transaction usable. Events are PostgreSQL's own, delivered at commit. Rules U1-U10 of
 * {@code docs/semantics.md}.
 *
 * <p><b>Errors.</b> Bad input: {@link IllegalArgumentException} / {@link NullPointerException} before any effect.
 * Missing schema objects: {@link dev.pgqueuer.SchemaStateException}. Dedupe clashes:
 * {@link dev.pgqueuer.DuplicateJobException}. Anything else: {@link dev.pgqueuer.RepositoryException} with the
 * SQLState.
 *
 * <p>Thread-safe. {@link #close()} stops subscriptions and the listener; it does not close the data source.
 */
public final class PostgresRepository implements Repository {

  private final PgContext ctx;
  private final PostgresSchema schema;
  private final QueueOps queue;
  private final ClaimOps claims;
  private final ReadOps reads;
  private final ScheduleOps schedules;
  private final PgListener listener;
  private final @Nullable Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PostgresRepository(Builder b) {
    SqlNames sql = new SqlNames(b.names);
    this.ctx = new PgContext(new Jdbc(b.dataSource), sql, b.clock);
    this.schema = PostgresSchema.of(b.dataSource, b.names, b.durability);
    this.queue = new QueueOps(ctx);
    this.claims = new ClaimOps(ctx);
    this.reads = new ReadOps(ctx);
    this.schedules = new ScheduleOps(ctx);
    this.listener = new PgListener(b.listenerDataSource == null ? b.dataSource : b.listenerDataSource, ctx.jdbc,
        b.names.channel());
    this.onClose = b.onClose;
  }

  /** A builder over {@code dataSource}: default names, the database clock, durable tables. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The schema manager this repository's {@link #install()} and probes use. */
  public PostgresSchema schema() {
    return schema;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.SHARED_ACROSS_INSTANCES);
  }

  @Override
  public InstantSource timeSource() {
    return ctx.timeSource();
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    return queue.enqueue(request);
  }

  /** A transaction on a connection borrowed from the data source; also a {@link ConnectionUnitOfWork}. */
  @Override
  public ManagedUnitOfWork begin() {
    return PgUnitOfWork.begin(ctx.jdbc.dataSource());
  }

  /**
   * The queue calls of {@code uow}, which must be a {@link ConnectionUnitOfWork} (the caller's connection, or a
   * unit from {@link #begin()}): each call runs in its transaction, bracketed by a savepoint in the same round trip.
   */
  @Override
  public QueueWrites in(UnitOfWork uow) {
    Objects.requireNonNull(uow, "uow");
    if (!(uow instanceof ConnectionUnitOfWork)) {
      throw new IllegalArgumentException("the PostgreSQL repository joins JDBC transactions only (a "
          + "ConnectionUnitOfWork such as UnitOfWork.jdbc(connection)), not " + uow.getClass().getName());
    }
    return new JoinedWrites(queue, reads, Session.of((ConnectionUnitOfWork) uow));
  }

  @Override
  public List<Job> dequeue(DequeueRequest request) {
    return claims.dequeue(request);
  }

  @Override
  public List<List<Job>> dequeueAll(List<DequeueRequest> requests) {
    return claims.dequeueAll(requests);
  }

  @Override
  public int logJobs(List<JobOutcome> outcomes) {
    return queue.logJobs(outcomes);
  }

  @Override
  public boolean retryJob(RetryRequest request) {
    return queue.retryJob(request);
  }

  @Override
  public int requeueJobs(Collection<JobId> ids) {
    return queue.requeueJobs(ids);
  }

  @Override
  public int cancelJobs(Collection<JobId> ids) {
    return queue.cancelJobs(ids);
  }

  @Override
  public int updateHeartbeat(Collection<JobId> ids) {
    return queue.updateHeartbeat(ids);
  }

  @Override
  public void clearQueue(EntrypointScope scope) {
    queue.clearQueue(scope);
  }

  @Override
  public List<Job> listFailedJobs(int limit, SortOrder order) {
    return reads.listFailedJobs(limit, order);
  }

  @Override
  public List<Job> browseQueue(BrowseQuery query) {
    return reads.browseQueue(query);
  }

  @Override
  public List<QueueStatistics> queueSize() {
    return reads.queueSize();
  }

  @Override
  public long queuedWork(Set<String> entrypoints) {
    return reads.queuedWork(entrypoints);
  }

  @Override
  public long eligibleQueuedWork(Set<String> entrypoints) {
    return reads.eligibleQueuedWork(entrypoints);
  }

  @Override
  public Optional<Duration> nextDeferredEta(Set<String> entrypoints) {
    return reads.nextDeferredEta(entrypoints);
  }

  @Override
  public Optional<Duration> nextStaleEta(Set<String> entrypoints, Duration heartbeatTimeout) {
    return reads.nextStaleEta(entrypoints, heartbeatTimeout);
  }

  @Override
  public Map<JobId, JobStatus> jobStatus(Collection<JobId> ids) {
    return reads.jobStatus(ids);
  }

  @Override
  public Optional<Job> findJob(JobId id) {
    return reads.findJob(id);
  }

  @Override
  public List<LogEntry> queueLog() {
    return reads.queueLog();
  }

  @Override
  public List<LogEntry> jobLog(JobId id) {
    return reads.jobLog(id);
  }

  @Override
  public void aggregateLogs() {
    reads.aggregateLogs();
  }

  @Override
  public List<LogStatistics> logStatistics(StatisticsQuery query) {
    return reads.logStatistics(query);
  }

  @Override
  public void clearStatistics(EntrypointScope scope) {
    reads.clearStatistics(scope);
  }

  @Override
  public int insertSchedules(List<ScheduleSpec> specs) {
    return schedules.insertSchedules(specs);
  }

  @Override
  public List<Schedule> fetchDueSchedules(List<ScheduleSpec> specs) {
    return schedules.fetchDueSchedules(specs);
  }

  @Override
  public int markSchedulesQueued(Collection<ScheduleId> ids) {
    return schedules.markSchedulesQueued(ids);
  }

  @Override
  public int updateScheduleHeartbeat(Collection<ScheduleId> ids) {
    return schedules.updateScheduleHeartbeat(ids);
  }

  @Override
  public List<Schedule> peekSchedules() {
    return schedules.peekSchedules();
  }

  @Override
  public int deleteSchedules(Set<ScheduleId> ids, Set<String> entrypoints) {
    return schedules.deleteSchedules(ids, entrypoints);
  }

  @Override
  public void clearSchedules() {
    schedules.clearSchedules();
  }

  @Override
  public String channel() {
    return ctx.channel();
  }

  @Override
  public Subscription subscribe(QueueEventListener listener) {
    return this.listener.subscribe(listener);
  }

  @Override
  public void notifyHealthCheck(UUID id) {
    queue.notifyHealthCheck(id);
  }

  @Override
  public SchemaNames names() {
    return schema.names();
  }

  @Override
  public void install() {
    schema.install();
  }

  @Override
  public void upgrade() {
    schema.upgrade();
  }

  @Override
  public void uninstall() {
    schema.uninstall();
  }

  @Override
  public boolean isInstalled() {
    return schema.isInstalled();
  }

  @Override
  public boolean hasTable(String table) {
    return schema.hasTable(table);
  }

  @Override
  public boolean hasColumn(String table, String column) {
    return schema.hasColumn(table, column);
  }

  @Override
  public boolean hasIndex(String index) {
    return schema.hasIndex(index);
  }

  @Override
  public boolean hasFunction(String function) {
    return schema.hasFunction(function);
  }

  @Override
  public boolean hasTrigger(String trigger) {
    return schema.hasTrigger(trigger);
  }

  @Override
  public boolean hasEnumLabel(String label) {
    return schema.hasEnumLabel(label);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        listener.close();
      } finally {
        if (onClose != null) {
          onClose.run();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "PostgresRepository[" + ctx.sql.qualified(names().queueTable()) + ", channel " + channel()
        + (ctx.injectedClock() ? ", injected clock" : ", database clock") + "]";
  }

  /** Configures a {@link PostgresRepository}; not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private SchemaNames names = SchemaNames.defaults();
    private @Nullable InstantSource clock;
    private Durability durability = Durability.DURABLE;
    private @Nullable DataSource listenerDataSource;
    private @Nullable Runnable onClose;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The object names and channel (default {@link SchemaNames#defaults()}). */
    public Builder names(SchemaNames names) {
      this.names = Objects.requireNonNull(names, "names");
      return this;
    }

    /**
     * Takes {@code now} from {@code clock} (read once per call, truncated to microseconds, bound as a parameter).
     * Required for tests with a {@link dev.pgqueuer.ManualClock}; in production every worker's clock must agree.
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Takes {@code now} from the server (the transaction start), shared by every worker; the default. Such a
     * repository cannot be driven by a manual clock.
     */
    public Builder databaseClock() {
      this.clock = null;
      return this;
    }

    /** The table durability used by {@link PostgresRepository#install()} (default {@link Durability#DURABLE}). */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /**
     * Where the dedicated {@code LISTEN} connection comes from (default: the main data source). Pass a non-pooled
     * source to keep the connection out of the pool; it is held for the repository's lifetime once subscribed.
     */
    public Builder listenerDataSource(DataSource listenerDataSource) {
      this.listenerDataSource = Objects.requireNonNull(listenerDataSource, "listenerDataSource");
      return this;
    }

    /** Runs {@code action} once when the repository is closed, after its listener stopped (e.g. to drop a test schema). */
    public Builder onClose(Runnable action) {
      this.onClose = Objects.requireNonNull(action, "action");
      return this;
    }

    /** The repository. It does not touch the database until used. */
    public PostgresRepository build() {
      return new PostgresRepository(this);
    }
  }
}
