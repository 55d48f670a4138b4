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
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.port.ScheduleSpec;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.port.SortOrder;
import dev.pgqueuer.port.StatisticsQuery;
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

  ObservedRepository(Repository target, Observer observer) {
    this.target = target;
    this.observer = observer;
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
  public EnqueueResult enqueue(EnqueueRequest request) {
    EnqueueResult result = target.enqueue(request);
    observer.changed();
    observer.enqueued(result);
    return result;
  }

  @Override
  public List<Job> dequeue(DequeueRequest request) {
    return changed(target.dequeue(request));
  }

  @Override
  public int logJobs(List<JobOutcome> outcomes) {
    return changed(target.logJobs(outcomes));
  }

  @Override
  public boolean retryJob(RetryRequest request) {
    return changed(target.retryJob(request));
  }

  @Override
  public int requeueJobs(Collection<JobId> ids) {
    return changed(target.requeueJobs(ids));
  }

  @Override
  public int cancelJobs(Collection<JobId> ids) {
    return changed(target.cancelJobs(ids));
  }

  @Override
  public int updateHeartbeat(Collection<JobId> ids) {
    return changed(target.updateHeartbeat(ids));
  }

  @Override
  public void clearQueue(EntrypointScope scope) {
    target.clearQueue(scope);
    observer.changed();
  }

  @Override
  public List<Job> listFailedJobs(int limit, SortOrder order) {
    return target.listFailedJobs(limit, order);
  }

  @Override
  public List<QueueStatistics> queueSize() {
    return target.queueSize();
  }

  @Override
  public long queuedWork(Set<String> entrypoints) {
    return target.queuedWork(entrypoints);
  }

  @Override
  public long eligibleQueuedWork(Set<String> entrypoints) {
    return target.eligibleQueuedWork(entrypoints);
  }

  @Override
  public Optional<Duration> nextDeferredEta(Set<String> entrypoints) {
    return target.nextDeferredEta(entrypoints);
  }

  @Override
  public Map<JobId, JobStatus> jobStatus(Collection<JobId> ids) {
    return target.jobStatus(ids);
  }

  @Override
  public Optional<Job> findJob(JobId id) {
    return target.findJob(id);
  }

  @Override
  public List<Job> browseQueue(BrowseQuery query) {
    return target.browseQueue(query);
  }

  @Override
  public List<LogEntry> queueLog() {
    return target.queueLog();
  }

  @Override
  public List<LogEntry> jobLog(JobId id) {
    return target.jobLog(id);
  }

  @Override
  public void aggregateLogs() {
    target.aggregateLogs();
  }

  @Override
  public List<LogStatistics> logStatistics(StatisticsQuery query) {
    return target.logStatistics(query);
  }

  @Override
  public void clearStatistics(EntrypointScope scope) {
    target.clearStatistics(scope);
  }

  @Override
  public int insertSchedules(List<ScheduleSpec> specs) {
    return target.insertSchedules(specs);
  }

  @Override
  public List<Schedule> fetchDueSchedules(List<ScheduleSpec> specs) {
    return target.fetchDueSchedules(specs);
  }

  @Override
  public int markSchedulesQueued(Collection<ScheduleId> ids) {
    return target.markSchedulesQueued(ids);
  }

  @Override
  public int updateScheduleHeartbeat(Collection<ScheduleId> ids) {
    return target.updateScheduleHeartbeat(ids);
  }

  @Override
  public List<Schedule> peekSchedules() {
    return target.peekSchedules();
  }

  @Override
  public int deleteSchedules(Set<ScheduleId> ids, Set<String> entrypoints) {
    return target.deleteSchedules(ids, entrypoints);
  }

  @Override
  public void clearSchedules() {
    target.clearSchedules();
  }

  @Override
  public String channel() {
    return target.channel();
  }

  @Override
  public Subscription subscribe(QueueEventListener listener) {
    return target.subscribe(listener);
  }

  @Override
  public void notifyHealthCheck(UUID id) {
    target.notifyHealthCheck(id);
  }

  @Override
  public SchemaNames names() {
    return target.names();
  }

  @Override
  public void install() {
    target.install();
    observer.changed();
  }

  @Override
  public void upgrade() {
    target.upgrade();
  }

  @Override
  public void uninstall() {
    target.uninstall();
    observer.changed();
  }

  @Override
  public boolean isInstalled() {
    return target.isInstalled();
  }

  @Override
  public boolean hasTable(String table) {
    return target.hasTable(table);
  }

  @Override
  public boolean hasColumn(String table, String column) {
    return target.hasColumn(table, column);
  }

  @Override
  public boolean hasIndex(String index) {
    return target.hasIndex(index);
  }

  @Override
  public boolean hasFunction(String function) {
    return target.hasFunction(function);
  }

  @Override
  public boolean hasTrigger(String trigger) {
    return target.hasTrigger(trigger);
  }

  @Override
  public boolean hasEnumLabel(String label) {
    return target.hasEnumLabel(label);
  }

  @Override
  public Set<Capability> capabilities() {
    return target.capabilities();
  }

  @Override
  public InstantSource timeSource() {
    return target.timeSource();
  }

  @Override
  public void close() {
    target.close();
  }

  @Override
  public String toString() {
    return target.toString();
  }
}
