package dev.pgqueuer.inmemory;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.internal.Batches;
import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.Capability;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.FailedJobsQuery;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.PruneResult;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.port.ScheduleDeletion;
import dev.pgqueuer.port.ScheduleSpec;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.port.StaleQuery;
import dev.pgqueuer.port.StatisticsQuery;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory repository: one queue in this JVM, with exactly the observable behaviour of the PostgreSQL
 * repository ({@code docs/semantics.md}), proved by the conformance suite. Build with {@link #builder()} or
 * {@link #create(InstantSource)}.
 *
 * <p>State is compact and primitive: queue rows live in columnar chunks (timestamps as epoch microseconds, statuses
 * as byte codes, entrypoints and workers as int codes); every entrypoint keeps its ready jobs in dequeue key order,
 * its deferred jobs by {@code execute_after} and its picked jobs by heartbeat; a per-id index answers
 * {@code jobStatus} in O(1) for live and finished jobs; the log is columnar. Records are built only at the API
 * boundary; they and {@link dev.pgqueuer.Payload} are immutable, so nothing returned aliases internal state.
 *
 * <p>Thread-safety: every operation holds one monitor for its whole duration, so each call is atomic and calls are
 * linearised in lock order (the "commit order"). It is a monitor rather than a {@code ReentrantLock} because a
 * contended monitor spins briefly before its waiter sleeps, and the critical sections are short and never block;
 * on JDK 21-23 a virtual thread waiting for it pins its carrier for that short while (JDK 24 removed pinning on
 * monitors). {@code now} is read once per call, under the lock, truncated to microseconds and never allowed to go
 * backwards (as a database clock). Arguments are validated before the lock is taken; the results of
 * {@code enqueue} and {@code dequeue} are copied out under the lock as primitives and turned into records after it
 * is released, to keep the critical sections short. Events are queued for each subscription's dispatcher thread
 * while the lock is still held, so they are delivered in commit order, and a sleeping dispatcher is woken once the
 * lock is released; the change is applied before its event is queued, so a listener always sees it.
 * {@link #subscribe} and {@link #close} take the lock too. Capabilities: {@link Capability#DETECTS_SELF_WAIT}.
 *
 * <p>Units of work ({@link #begin()}, {@link #in}): a unit's calls run at once under the lock against the committed
 * state plus the unit's own row images; they draw ids and write their log rows (hidden) when they run, so ids and
 * log order are PostgreSQL's; commit applies the images, shows the log rows and sends the events together. Dedupe
 * keys and job rows a unit wrote are held until it ends: a call that needs one waits on the lock's monitor (claims
 * skip such rows instead, as {@code SKIP LOCKED} does), and a call that would wait for a unit its own thread opened
 * raises {@link IllegalStateException} instead of waiting forever. Rules U1-U10 of {@code docs/semantics.md}.
 *
 * <p>Memory: the log is kept whole, as on PostgreSQL (every transition is a row, about 33 bytes here, plus 13 bytes
 * per job id ever allocated); a queue that runs for a long time at a high rate grows accordingly.
 */
public final class InMemoryRepository extends RepositoryCore implements Repository {

  private final Dequeuer dequeuer = new Dequeuer();

  private InMemoryRepository(Builder b) {
    super(b.clock, b.names, b.installed);
  }

  /** A builder: system clock, default names, installed. */
  public static Builder builder() {
    return new Builder();
  }

  /** An installed repository with default names whose time comes from {@code clock}. */
  public static InMemoryRepository create(InstantSource clock) {
    return builder().clock(clock).build();
  }

  /** Builds an {@link InMemoryRepository}; not thread-safe. */
  public static final class Builder {
    private InstantSource clock = InstantSource.system();
    private SchemaNames names = SchemaNames.defaults();
    private boolean installed = true;

    private Builder() {}

    /** The time source of every timestamp (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The object names; they give the channel and the table name in events (default: PgQueuer's). */
    public Builder names(SchemaNames names) {
      this.names = Objects.requireNonNull(names, "names");
      return this;
    }

    /** Whether the queue starts installed (default {@code true}); when not, call {@link #install()} first. */
    public Builder installed(boolean installed) {
      this.installed = installed;
      return this;
    }

    /** The repository. */
    public InMemoryRepository build() {
      return new InMemoryRepository(this);
    }
  }

  // ---- QueuePort ----

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    Objects.requireNonNull(request, "request");
    long[] drawn = new long[1];
    Commands.Inserted inserted = write(s -> request.jobs().isEmpty() ? null
        : Commands.enqueue(s, request, now, events, units, drawn));
    return inserted == null ? new EnqueueResult(List.of()) : inserted.toResult();
  }

  @Override
  public List<Job> dequeue(DequeueRequest request) {
    Objects.requireNonNull(request, "request");
    return write(s -> HeldRows.claim(s, units, dequeuer, List.of(request), now)[0]).toJobs();
  }

  @Override
  public List<List<Job>> dequeueAll(List<DequeueRequest> requests) {
    List<DequeueRequest> list = Batches.dequeueRequests(requests);
    ClaimSnapshot[] claims = write(s -> HeldRows.claim(s, units, dequeuer, list, now));
    List<List<Job>> jobs = new ArrayList<>(claims.length);
    for (ClaimSnapshot claim : claims) {
      jobs.add(claim.toJobs());
    }
    return List.copyOf(jobs);
  }

  @Override
  public int logJobs(List<JobOutcome> outcomes) {
    List<JobOutcome> list = Batches.outcomes(outcomes);
    return write(s -> {
      HeldRows.waitForRows(units, list.stream().map(JobOutcome::id).toList());
      return list.isEmpty() ? 0 : Commands.logJobs(s, list, now, events);
    });
  }

  @Override
  public boolean retryJob(RetryRequest request) {
    Objects.requireNonNull(request, "request");
    return write(s -> {
      HeldRows.waitForRows(units, List.of(request.id()));
      HeldRows.waitForKeysOf(units, s, List.of(request.id()));
      return Commands.retry(s, request, now);
    });
  }

  @Override
  public int requeueJobs(Collection<JobId> ids) {
    List<JobId> list = Checks.distinctIds(ids, "ids");
    return write(s -> {
      HeldRows.waitForRows(units, list);
      HeldRows.waitForKeysOf(units, s, list);
      return Commands.requeue(s, list, now);
    });
  }

  @Override
  public int cancelJobs(Collection<JobId> ids) {
    List<JobId> list = Checks.distinctIds(ids, "ids");
    return write(s -> {
      HeldRows.waitForRows(units, list);
      return list.isEmpty() ? 0 : Commands.cancel(s, list, now, events);
    });
  }

  @Override
  public int updateHeartbeat(Collection<JobId> ids) {
    List<JobId> list = Checks.distinctIds(ids, "ids");
    return write(s -> {
      HeldRows.waitForRows(units, list);
      return Commands.heartbeat(s, list, now);
    });
  }

  @Override
  public void clearQueue(EntrypointScope scope) {
    Objects.requireNonNull(scope, "scope");
    write(s -> {
      if (scope.isAll()) {
        units.checkNone();
        Commands.truncate(s, now, events);
      } else {
        units.checkNoRows();
        Commands.clear(s, Objects.requireNonNull(scope.entrypoints()), now, events);
      }
      return null;
    });
  }

  @Override
  public List<Job> listFailedJobs(FailedJobsQuery query) {
    return write(s -> Queries.listFailed(s, records, query.limit(), query.order()));
  }

  @Override
  public List<QueueStatistics> queueSize() {
    return write(Queries::queueSize);
  }

  @Override
  public long queuedWork(Set<String> entrypoints) {
    checkNames(entrypoints);
    return write(s -> Queries.queuedWork(s, entrypoints, false, now));
  }

  @Override
  public long eligibleQueuedWork(Set<String> entrypoints) {
    checkNames(entrypoints);
    return write(s -> Queries.queuedWork(s, entrypoints, true, now));
  }

  @Override
  public Optional<Duration> nextDeferredEta(Set<String> entrypoints) {
    checkNames(entrypoints);
    return write(s -> Queries.nextDeferredEta(s, entrypoints, now));
  }

  @Override
  public Optional<Duration> nextStaleEta(StaleQuery query) {
    long timeout = Times.toMicros(query.heartbeatTimeout());
    return write(s -> Queries.nextStaleEta(s, query.entrypoints(), timeout, now));
  }

  @Override
  public Map<JobId, JobStatus> jobStatus(Collection<JobId> ids) {
    Objects.requireNonNull(ids, "ids");
    long[] sorted = new long[ids.size()];
    int n = 0;
    for (JobId id : ids) {
      if (id == null) {
        throw new NullPointerException("ids must not contain null");
      }
      if (n == sorted.length) {
        sorted = Arrays.copyOf(sorted, n * 2 + 1);
      }
      sorted[n++] = id.value();
    }
    Arrays.sort(sorted, 0, n);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (distinct == 0 || sorted[distinct - 1] != sorted[i]) {
        sorted[distinct++] = sorted[i];
      }
    }
    long[] keys = sorted;
    int count = distinct;
    return write(s -> Queries.jobStatus(s, keys, count));
  }

  @Override
  public Optional<Job> findJob(JobId id) {
    Objects.requireNonNull(id, "id");
    return write(s -> Queries.findJob(s, records, id));
  }

  @Override
  public List<Job> browseQueue(BrowseQuery query) {
    Objects.requireNonNull(query, "query");
    return write(s -> Queries.browse(s, records, query));
  }

  // ---- LogPort ----

  @Override
  public List<LogEntry> queueLog() {
    return write(s -> Queries.queueLog(s, records));
  }

  @Override
  public List<LogEntry> jobLog(JobId id) {
    Objects.requireNonNull(id, "id");
    return write(s -> Queries.jobLog(s, records, id));
  }

  @Override
  public void aggregateLogs() {
    write(s -> {
      s.statistics.aggregate(s.log, code -> s.entrypoint(code).name);
      return null;
    });
  }

  @Override
  public List<LogStatistics> logStatistics(StatisticsQuery query) {
    Objects.requireNonNull(query, "query");
    Long window = query.window() == null ? null : Times.toMicros(query.window());
    return write(s -> {
      s.statistics.aggregate(s.log, code -> s.entrypoint(code).name);
      return s.statistics.read(query.limit(), window, now, code -> s.entrypoint(code).name, records);
    });
  }

  @Override
  public PruneResult pruneLog(LogRetention retention) {
    Objects.requireNonNull(retention, "retention");
    long logAge = Times.toMicros(retention.logAge());
    Long statisticsAge = retention.statisticsAge() == null ? null : Times.toMicros(retention.statisticsAge());
    return write(s -> {
      s.statistics.aggregate(s.log, code -> s.entrypoint(code).name);
      long rows = s.log.prune(now - logAge);
      long buckets = statisticsAge == null ? 0 : s.statistics.pruneBefore(now - statisticsAge);
      return new PruneResult(rows, buckets);
    });
  }

  @Override
  public void clearStatistics(EntrypointScope scope) {
    Objects.requireNonNull(scope, "scope");
    write(s -> {
      IntOpenHashSet codes = null;
      if (!scope.isAll()) {
        codes = new IntOpenHashSet();
        for (String name : Objects.requireNonNull(scope.entrypoints())) {
          EntrypointState ep = s.findEntrypoint(name);
          if (ep != null) {
            codes.add(ep.code);
          }
        }
      }
      s.statistics.clear(codes);
      return null;
    });
  }

  // ---- SchedulePort ----

  @Override
  public int insertSchedules(List<ScheduleSpec> specs) {
    List<ScheduleSpec> list = Batches.scheduleSpecs(specs);
    return write(s -> s.schedules.insert(list, now));
  }

  @Override
  public List<Schedule> fetchDueSchedules(List<ScheduleSpec> specs) {
    List<ScheduleSpec> list = Batches.scheduleSpecs(specs);
    return write(s -> toSchedules(s.schedules.fetchDue(list, now)));
  }

  @Override
  public int markSchedulesQueued(Collection<ScheduleId> ids) {
    Set<ScheduleId> set = new LinkedHashSet<>(Checks.noNulls(ids, "ids"));
    return write(s -> s.schedules.markQueued(set, now));
  }

  @Override
  public int updateScheduleHeartbeat(Collection<ScheduleId> ids) {
    Set<ScheduleId> set = new LinkedHashSet<>(Checks.noNulls(ids, "ids"));
    return write(s -> s.schedules.beat(set, now));
  }

  @Override
  public List<Schedule> peekSchedules() {
    return write(s -> toSchedules(s.schedules.peek()));
  }

  @Override
  public int deleteSchedules(ScheduleDeletion deletion) {
    return write(s -> s.schedules.delete(deletion.ids(), deletion.entrypoints()));
  }

  @Override
  public void clearSchedules() {
    write(s -> {
      s.schedules.clear();
      return null;
    });
  }

  private List<Schedule> toSchedules(List<ScheduleStore.Row> rows) {
    List<Schedule> out = new ArrayList<>(rows.size());
    for (ScheduleStore.Row r : rows) {
      out.add(records.schedule(r));
    }
    return out;
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.DETECTS_SELF_WAIT);
  }

  @Override
  public InstantSource timeSource() {
    return clock;
  }

  /** Closes every subscription. The queue's data stays usable. Idempotent. */
  @Override
  public void close() {
    closeSubscriptions();
  }

  private static void checkNames(Set<String> entrypoints) {
    Objects.requireNonNull(entrypoints, "entrypoints");
    for (String e : entrypoints) {
      Objects.requireNonNull(e, "entrypoints must not contain null");
    }
  }
}
