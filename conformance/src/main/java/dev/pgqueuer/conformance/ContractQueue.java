package dev.pgqueuer.conformance;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.Capability;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * One test's queue: the repository under test, the manual clock that drives it, two worker ids, and shorthand for
 * the steps most contract tests take. Not thread-safe except where it delegates to the repository.
 */
public final class ContractQueue implements AutoCloseable {

  private final Repository repository;
  private final ManualClock clock;
  private final String testName;
  private final WorkerId worker = new WorkerId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
  private final WorkerId otherWorker = new WorkerId(UUID.fromString("00000000-0000-0000-0000-00000000000b"));
  private final List<EventRecorder> recorders = new ArrayList<>();

  ContractQueue(Repository repository, ManualClock clock, String testName) {
    this.repository = repository;
    this.clock = clock;
    this.testName = testName;
  }

  /** The repository under test. */
  public Repository repo() {
    return repository;
  }

  /** The manual clock driving the repository. */
  public ManualClock clock() {
    return clock;
  }

  /** The clock's current instant. */
  public Instant now() {
    return clock.instant();
  }

  /** Advances the clock. */
  public Instant advance(Duration step) {
    return clock.advance(step);
  }

  /** The default worker id used by the shorthand dequeues. */
  public WorkerId worker() {
    return worker;
  }

  /** A second, distinct worker id. */
  public WorkerId otherWorker() {
    return otherWorker;
  }

  /** Skips the calling test (reported as skipped, with the reason) when the backend lacks {@code capability}. */
  public void requires(Capability capability) {
    Assumptions.assumeTrue(repository.capabilities().contains(capability),
        () -> "backend lacks capability " + capability + " (see docs/semantics.md, Capabilities)");
  }

  /** Enqueues one job for {@code entrypoint} with defaults and returns its id. */
  public JobId enqueue(String entrypoint) {
    return enqueue(NewJob.of(entrypoint));
  }

  /** Enqueues one job and returns its id. */
  public JobId enqueue(NewJob job) {
    return repository.enqueue(EnqueueRequest.of(job)).single();
  }

  /** Enqueues the jobs in one RAISE-mode call and returns their ids. */
  public List<JobId> enqueueAll(NewJob... jobs) {
    return repository.enqueue(EnqueueRequest.of(jobs)).insertedIds();
  }

  /** A dequeue builder for the default worker. */
  public DequeueRequest.Builder dequeueRequest() {
    return DequeueRequest.builder(worker);
  }

  /** Dequeues up to {@code batchSize} jobs of the entrypoints (unlimited) for the default worker. */
  public List<Job> dequeue(int batchSize, String... entrypoints) {
    DequeueRequest.Builder b = dequeueRequest().batchSize(batchSize);
    Arrays.stream(entrypoints).forEach(b::entrypoint);
    return repository.dequeue(b.build());
  }

  /** Runs {@code request}. */
  public List<Job> dequeue(DequeueRequest request) {
    return repository.dequeue(request);
  }

  /** The stored job, failing the test when it no longer exists. */
  public Job job(JobId id) {
    return repository.findJob(id).orElseThrow(() -> new AssertionError("job " + id + " does not exist"));
  }

  /** The log of one job. */
  public List<LogEntry> log(JobId id) {
    return repository.jobLog(id);
  }

  /** The statuses of one job's log rows, in write order. */
  public List<JobStatus> statuses(JobId id) {
    List<JobStatus> out = new ArrayList<>();
    for (LogEntry e : repository.jobLog(id)) {
      out.add(e.status());
    }
    return out;
  }

  /** The job ids {@code values}, in the given order (shorthand for expected id lists). */
  public static List<JobId> ids(long... values) {
    List<JobId> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(JobId.of(v));
    }
    return out;
  }

  /** The ids of {@code jobs}, in list order. */
  public static List<JobId> idsOf(List<Job> jobs) {
    List<JobId> out = new ArrayList<>(jobs.size());
    for (Job j : jobs) {
      out.add(j.id());
    }
    return out;
  }

  /** Subscribes a recorder now; events sent before this call are not recorded. Closed with the queue. */
  public EventRecorder recordEvents() {
    EventRecorder recorder = new EventRecorder(repository);
    recorders.add(recorder);
    return recorder;
  }

  @Override
  public void close() {
    try {
      recorders.forEach(EventRecorder::close);
    } finally {
      repository.close();
    }
  }

  @Override
  public String toString() {
    return "ContractQueue[" + testName + " on " + repository.getClass().getSimpleName() + "]";
  }
}
