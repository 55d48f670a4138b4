package dev.pgqueuer.junit;

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
import dev.pgqueuer.port.FailedJobsQuery;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.PruneResult;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.port.ScheduleDeletion;
import dev.pgqueuer.port.ScheduleSpec;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.port.StaleQuery;
import dev.pgqueuer.port.StatisticsQuery;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The repository a test sees: the backend's repository, unchanged in behaviour, that additionally tells its
 * {@link Observer} after every successful call that changes the queue (so waiting assertions also wake on changes
 * that send no queue event, such as dequeue or retry) and after every enqueue (so the inline mode can run the new
 * jobs). Thread-safe as the backend is.
 */
final class ObservedRepository implements Repository {

  /** Told about changes; called on the thread that made the change, after it returned. */
  interface Observer {
    /** The queue changed. */
    void changed();

    /** An enqueue call returned {@code result}. */
    void enqueued(EnqueueResult result);
  }

  private final Repository target;
  private final Observer observer;
  private final String owner;
  private volatile boolean ended;

  ObservedRepository(Repository target, Observer observer, String owner) {
    this.target = target;
    this.observer = observer;
    this.owner = owner;
  }

  /** Refuses every later call: the owning test has ended. */
  void end() {
    ended = true;
  }

  private Repository live() {
    if (ended) {
      throw new IllegalStateException("this queue belonged to test " + owner + ", which has ended; a queue injected by"
          + " PgQueuerExtension must not be used after its test (was it kept in a static field, or a worker left"
          + " running?)");
    }
    return target;
  }

  /** The backend's own repository. */
  Repository target() {
    return target;
  }

  private <T> T changed(T result) {
    observer.changed();
    return result;
  }

  @Override
  public ManagedUnitOfWork begin() {
    return live().begin();
  }

  /**
   * The backend's calls of {@code uow}; the observer hears of them when a unit from {@link #begin()} commits (never
   * after a rollback), and at once for a caller's JDBC transaction, whose commit it cannot see.
   */
  @Override
  public QueueWrites in(UnitOfWork uow) {
    return new ObservedWrites(live().in(uow), uow, observer);
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    EnqueueResult result = live().enqueue(request);
    observer.changed();
    observer.enqueued(result);
    return result;
  }

  @Override
  public List<Job> dequeue(DequeueRequest request) {
    return changed(live().dequeue(request));
  }

  @Override
  public List<List<Job>> dequeueAll(List<DequeueRequest> requests) {
    return changed(live().dequeueAll(requests));
  }

  @Override
  public int logJobs(List<JobOutcome> outcomes) {
    return changed(live().logJobs(outcomes));
  }

  @Override
  public boolean retryJob(RetryRequest request) {
    return changed(live().retryJob(request));
  }

  @Override
  public int requeueJobs(Collection<JobId> ids) {
    return changed(live().requeueJobs(ids));
  }

  @Override
  public int cancelJobs(Collection<JobId> ids) {
    return changed(live().cancelJobs(ids));
  }

  @Override
  public int updateHeartbeat(Collection<JobId> ids) {
    return changed(live().updateHeartbeat(ids));
  }

  @Override
  public void clearQueue(EntrypointScope scope) {
    live().clearQueue(scope);
    observer.changed();
  }

  @Override
  public List<Job> listFailedJobs(FailedJobsQuery query) {
    return live().listFailedJobs(query);
  }

  @Override
  public List<QueueStatistics> queueSize() {
    return live().queueSize();
  }

  @Override
  public long queuedWork(Set<String> entrypoints) {
    return live().queuedWork(entrypoints);
  }

  @Override
  public long eligibleQueuedWork(Set<String> entrypoints) {
    return live().eligibleQueuedWork(entrypoints);
  }

  @Override
  public Optional<Duration> nextDeferredEta(Set<String> entrypoints) {
    return live().nextDeferredEta(entrypoints);
  }

  @Override
  public Optional<Duration> nextStaleEta(StaleQuery query) {
    return live().nextStaleEta(query);
  }

  @Override
  public Map<JobId, JobStatus> jobStatus(Collection<JobId> ids) {
    return live().jobStatus(ids);
  }

  @Override
  public Optional<Job> findJob(JobId id) {
    return live().findJob(id);
  }

  @Override
  public List<Job> browseQueue(BrowseQuery query) {
    return live().browseQueue(query);
  }

  @Override
  public List<LogEntry> queueLog() {
    return live().queueLog();
  }

  @Override
  public List<LogEntry> jobLog(JobId id) {
    return live().jobLog(id);
  }

  @Override
  public void aggregateLogs() {
    live().aggregateLogs();
  }

  @Override
  public List<LogStatistics> logStatistics(StatisticsQuery query) {
    return live().logStatistics(query);
  }

  @Override
  public PruneResult pruneLog(LogRetention retention) {
    return live().pruneLog(retention);
  }

  @Override
  public void clearStatistics(EntrypointScope scope) {
    live().clearStatistics(scope);
  }

  @Override
  public int insertSchedules(List<ScheduleSpec> specs) {
    return live().insertSchedules(specs);
  }

  @Override
  public List<Schedule> fetchDueSchedules(List<ScheduleSpec> specs) {
    return live().fetchDueSchedules(specs);
  }

  @Override
  public int markSchedulesQueued(Collection<ScheduleId> ids) {
    return live().markSchedulesQueued(ids);
  }

  @Override
  public int updateScheduleHeartbeat(Collection<ScheduleId> ids) {
    return live().updateScheduleHeartbeat(ids);
  }

  @Override
  public List<Schedule> peekSchedules() {
    return live().peekSchedules();
  }

  @Override
  public int deleteSchedules(ScheduleDeletion deletion) {
    return live().deleteSchedules(deletion);
  }

  @Override
  public void clearSchedules() {
    live().clearSchedules();
  }

  @Override
  public String channel() {
    return live().channel();
  }

  @Override
  public Subscription subscribe(QueueEventListener listener) {
    return live().subscribe(listener);
  }

  @Override
  public void notifyHealthCheck(UUID id) {
    live().notifyHealthCheck(id);
  }

  @Override
  public SchemaNames names() {
    return live().names();
  }

  @Override
  public void install() {
    live().install();
    observer.changed();
  }

  @Override
  public void upgrade() {
    live().upgrade();
  }

  @Override
  public void uninstall() {
    live().uninstall();
    observer.changed();
  }

  @Override
  public boolean isInstalled() {
    return live().isInstalled();
  }

  @Override
  public Set<Capability> capabilities() {
    return live().capabilities();
  }

  @Override
  public InstantSource timeSource() {
    return live().timeSource();
  }

  @Override
  public void close() {
    target.close();
  }

  @Override
  public String toString() {
    return target + (ended ? " (ended: belonged to " + owner + ")" : "");
  }
}
