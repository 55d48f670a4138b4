package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.OTHER_WORKER;
import static dev.pgqueuer.conformance.ContractSteps.WORKER;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.idsOf;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.Payload;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.RetryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a claim writes: the picked row (Q6), the {@code picked} log rows in key order (Q1, R4) and no event (Q7).
 */
public interface DequeueClaimContract extends ContractSupport {

  @Test
  default void claimSetsStatusWorkerUpdatedAndHeartbeatAndKeepsTheRest(TestQueue q) {
    // GIVEN
    Instant enqueued = q.now();
    q.enqueue(NewJob.of("e").withPayload("p").withPriority(4).withDelay(Duration.ofSeconds(-3))
        .withDedupeKey("k").withHeaders(Map.of("h", "v")));
    Instant picked = q.advance(Duration.ofSeconds(7).plusNanos(5_000));
    // WHEN
    List<Job> got = dequeue(q, 1, "e");
    // THEN
    Job expected = new Job(JobId.of(1), 4, enqueued, picked, picked, enqueued.minusSeconds(3), JobStatus.PICKED, "e",
        Payload.ofUtf8("p"), 0, WORKER, Map.of("h", "v"), "k");
    assertThat(got).containsExactly(expected);
    assertThat(job(q, JobId.of(1))).isEqualTo(expected);
  }

  @Test
  default void claimRecordsTheClaimingWorker(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    // WHEN
    dequeue(q, 1, "e");
    dequeue(q, DequeueRequest.builder(OTHER_WORKER).entrypoint("e").build());
    // THEN
    assertThat(job(q, JobId.of(1)).worker()).isEqualTo(WORKER);
    assertThat(job(q, JobId.of(2)).worker()).isEqualTo(OTHER_WORKER);
  }

  @Test
  default void claimKeepsAttemptsAndExecuteAfterOfARetriedJob(TestQueue q) {
    // GIVEN a job retried twice, eligible again
    Instant t0 = q.now();
    JobId id = q.enqueue("e");
    dequeue(q, 1, "e");
    q.repository().retryJob(RetryRequest.of(id, Duration.ZERO));
    dequeue(q, 1, "e");
    Instant retried = q.advance(Duration.ofSeconds(1));
    q.repository().retryJob(RetryRequest.of(id, Duration.ofSeconds(4)));
    Instant pickTime = q.advance(Duration.ofSeconds(4));
    // WHEN
    List<Job> got = dequeue(q, 1, "e");
    // THEN
    assertThat(got).hasSize(1);
    Job job = got.get(0);
    assertThat(job.attempts()).isEqualTo(2);
    assertThat(job.executeAfter()).isEqualTo(retried.plusSeconds(4));
    assertThat(job.created()).isEqualTo(t0);
    assertThat(job.updated()).isEqualTo(pickTime);
    assertThat(job.heartbeat()).isEqualTo(pickTime);
  }

  @Test
  default void claimWritesPickedLogRowsInKeyOrder(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("a").withPriority(1), NewJob.of("b").withPriority(7), NewJob.of("a").withPriority(7),
        NewJob.of("b").withPriority(3));
    Instant now = q.advance(Duration.ofMillis(250));
    // WHEN
    dequeue(q, 10, "a", "b");
    // THEN
    List<LogEntry> log = q.repository().queueLog();
    assertThat(log.subList(4, log.size())).containsExactly(
        new LogEntry(now, JobId.of(2), JobStatus.PICKED, 7, "b", null, false),
        new LogEntry(now, JobId.of(3), JobStatus.PICKED, 7, "a", null, false),
        new LogEntry(now, JobId.of(4), JobStatus.PICKED, 3, "b", null, false),
        new LogEntry(now, JobId.of(1), JobStatus.PICKED, 1, "a", null, false));
  }

  @Test
  default void dequeueReturnsJobsInKeyOrderMatchingTheLog(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("x").withPriority(2), NewJob.of("y").withPriority(2), NewJob.of("x").withPriority(8));
    // WHEN
    List<Job> got = dequeue(q, 3, "x", "y");
    // THEN
    List<JobId> logged = q.repository().queueLog().stream()
        .filter(e -> e.status() == JobStatus.PICKED).map(LogEntry::jobId).toList();
    assertThat(idsOf(got)).isEqualTo(ids(3, 1, 2)).isEqualTo(logged);
  }

  @Test
  default void emptyDequeueWritesNoLogRow(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDelay(Duration.ofSeconds(5)));
    // WHEN
    dequeue(q, 5, "e");
    // THEN
    assertThat(q.repository().queueLog()).hasSize(1);
  }

  @Test
  default void dequeueSendsNoEvent(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    EventRecorder events = recordEvents(q);
    // WHEN
    List<Job> got = dequeue(q, 5, "e");
    // THEN
    assertThat(got).hasSize(2);
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void claimLeavesOtherJobsUntouched(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withPriority(1), NewJob.of("e"), NewJob.of("f"));
    Job second = job(q, JobId.of(2));
    Job third = job(q, JobId.of(3));
    q.advance(Duration.ofSeconds(1));
    // WHEN
    dequeue(q, 1, "e", "f");
    // THEN
    assertThat(job(q, JobId.of(2))).isEqualTo(second);
    assertThat(job(q, JobId.of(3))).isEqualTo(third);
  }
}
