package dev.pgqueuer.conformance;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The steps most contract tests take on their {@link TestQueue}, as static methods for static import: the two fixed
 * worker ids, enqueue and dequeue shorthand, reads that fail the test on a missing job, log projections, id lists
 * and event recording. Stateless; each method is as thread-safe as the queue's repository.
 */
final class ContractSteps {

  /** The worker id of the shorthand dequeues. */
  static final WorkerId WORKER = new WorkerId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
  /** A second, distinct worker id. */
  static final WorkerId OTHER_WORKER = new WorkerId(UUID.fromString("00000000-0000-0000-0000-00000000000b"));

  private ContractSteps() {}

  /** Enqueues the jobs in one RAISE-mode call and returns their ids. */
  static List<JobId> enqueueAll(TestQueue q, NewJob... jobs) {
    return q.repository().enqueue(EnqueueRequest.of(jobs)).insertedIds();
  }

  /** A dequeue builder for {@link #WORKER}. */
  static DequeueRequest.Builder dequeueRequest() {
    return DequeueRequest.builder(WORKER);
  }

  /** Dequeues up to {@code batchSize} jobs of the entrypoints (unlimited) for {@link #WORKER}. */
  static List<Job> dequeue(TestQueue q, int batchSize, String... entrypoints) {
    DequeueRequest.Builder b = dequeueRequest().batchSize(batchSize);
    for (String entrypoint : entrypoints) {
      b.entrypoint(entrypoint);
    }
    return q.repository().dequeue(b.build());
  }

  /** Runs {@code request}. */
  static List<Job> dequeue(TestQueue q, DequeueRequest request) {
    return q.repository().dequeue(request);
  }

  /** The stored job, failing the test when it no longer exists. */
  static Job job(TestQueue q, JobId id) {
    return q.repository().findJob(id).orElseThrow(() -> new AssertionError("job " + id + " does not exist"));
  }

  /** The log of one job. */
  static List<LogEntry> log(TestQueue q, JobId id) {
    return q.repository().jobLog(id);
  }

  /** The statuses of one job's log rows, in write order. */
  static List<JobStatus> statuses(TestQueue q, JobId id) {
    List<JobStatus> out = new ArrayList<>();
    for (LogEntry e : q.repository().jobLog(id)) {
      out.add(e.status());
    }
    return out;
  }

  /** The job ids {@code values}, in the given order (shorthand for expected id lists). */
  static List<JobId> ids(long... values) {
    List<JobId> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(JobId.of(v));
    }
    return out;
  }

  /** The ids of {@code jobs}, in list order. */
  static List<JobId> idsOf(List<Job> jobs) {
    List<JobId> out = new ArrayList<>(jobs.size());
    for (Job j : jobs) {
      out.add(j.id());
    }
    return out;
  }

  /**
   * Subscribes a recorder to the queue's repository now; events sent before this call are not recorded. The
   * subscription ends when the suite closes the repository after the test.
   */
  static EventRecorder recordEvents(TestQueue q) {
    return new EventRecorder(q.repository());
  }
}
