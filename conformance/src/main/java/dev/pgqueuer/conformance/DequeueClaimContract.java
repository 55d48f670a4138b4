package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractQueue.ids;
import static dev.pgqueuer.conformance.ContractQueue.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.Payload;
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
  default void claimSetsStatusWorkerUpdatedAndHeartbeatAndKeepsTheRest(ContractQueue q) {
    // GIVEN
    Instant enqueued = q.now();
    q.enqueue(NewJob.of("e").withPayload("p").withPriority(4).withDelay(Duration.ofSeconds(-3))
        .withDedupeKey("k").withHeaders(Map.of("h", "v")));
    Instant picked = q.advance(Duration.ofSeconds(7).plusNanos(5_000));
    // WHEN
    List<Job> got = q.dequeue(1, "e");
    // THEN
    Job expected = new Job(JobId.of(1), 4, enqueued, picked, picked, enqueued.minusSeconds(3), JobStatus.PICKED, "e",
        Payload.ofUtf8("p"), 0, q.worker(), Map.of("h", "v"), "k");
    assertThat(got).containsExactly(expected);
    assertThat(q.job(JobId.of(1))).isEqualTo(expected);
  }

  @Test
  default void claimRecordsTheClaimingWorker(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"));
    // WHEN
    q.dequeue(1, "e");
    q.dequeue(DequeueRequest.builder(q.otherWorker()).entrypoint("e").build());
    // THEN
    assertThat(q.job(JobId.of(1)).worker()).isEqualTo(q.worker());
    assertThat(q.job(JobId.of(2)).worker()).isEqualTo(q.otherWorker());
  }

  @Test
  default void claimKeepsAttemptsAndExecuteAfterOfARetriedJob(ContractQueue q) {
    // GIVEN a job retried twice, eligible again
    Instant t0 = q.now();
    JobId id = q.enqueue("e");
    q.dequeue(1, "e");
    q.repo().retryJob(RetryRequest.of(id, Duration.ZERO));
    q.dequeue(1, "e");
    Instant retried = q.advance(Duration.ofSeconds(1));
    q.repo().retryJob(RetryRequest.of(id, Duration.ofSeconds(4)));
    Instant pickTime = q.advance(Duration.ofSeconds(4));
    // WHEN
    List<Job> got = q.dequeue(1, "e");
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
  default void claimWritesPickedLogRowsInKeyOrder(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("a").withPriority(1), NewJob.of("b").withPriority(7), NewJob.of("a").withPriority(7),
        NewJob.of("b").withPriority(3));
    Instant now = q.advance(Duration.ofMillis(250));
    // WHEN
    q.dequeue(10, "a", "b");
    // THEN
    List<LogEntry> log = q.repo().queueLog();
    assertThat(log.subList(4, log.size())).containsExactly(
        new LogEntry(now, JobId.of(2), JobStatus.PICKED, 7, "b", null, false),
        new LogEntry(now, JobId.of(3), JobStatus.PICKED, 7, "a", null, false),
        new LogEntry(now, JobId.of(4), JobStatus.PICKED, 3, "b", null, false),
        new LogEntry(now, JobId.of(1), JobStatus.PICKED, 1, "a", null, false));
  }

  @Test
  default void dequeueReturnsJobsInKeyOrderMatchingTheLog(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("x").withPriority(2), NewJob.of("y").withPriority(2), NewJob.of("x").withPriority(8));
    // WHEN
    List<Job> got = q.dequeue(3, "x", "y");
    // THEN
    List<JobId> logged = q.repo().queueLog().stream()
        .filter(e -> e.status() == JobStatus.PICKED).map(LogEntry::jobId).toList();
    assertThat(idsOf(got)).isEqualTo(ids(3, 1, 2)).isEqualTo(logged);
  }

  @Test
  default void emptyDequeueWritesNoLogRow(ContractQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDelay(Duration.ofSeconds(5)));
    // WHEN
    q.dequeue(5, "e");
    // THEN
    assertThat(q.repo().queueLog()).hasSize(1);
  }

  @Test
  default void dequeueSendsNoEvent(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"));
    EventRecorder events = q.recordEvents();
    // WHEN
    List<Job> got = q.dequeue(5, "e");
    // THEN
    assertThat(got).hasSize(2);
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void claimLeavesOtherJobsUntouched(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e").withPriority(1), NewJob.of("e"), NewJob.of("f"));
    Job second = q.job(JobId.of(2));
    Job third = q.job(JobId.of(3));
    q.advance(Duration.ofSeconds(1));
    // WHEN
    q.dequeue(1, "e", "f");
    // THEN
    assertThat(q.job(JobId.of(2))).isEqualTo(second);
    assertThat(q.job(JobId.of(3))).isEqualTo(third);
  }
}
