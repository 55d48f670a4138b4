package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.OTHER_WORKER;
import static dev.pgqueuer.conformance.ContractSteps.WORKER;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.idsOf;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.log;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.RetryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stale re-picks (T3, Q4, Q6) and heartbeats (O8). A picked job is stale once its heartbeat is at least the
 * request's heartbeat timeout old.
 */
public interface StaleContract extends ContractSupport {

  @Test
  default void jobIsStaleExactlyAtTheHeartbeatTimeout(TestQueue q) {
    // GIVEN a job picked at t0
    Instant t0 = q.now();
    q.enqueue("e");
    dequeue(q, request(WORKER, 1, "e"));
    // WHEN the clock is exactly t0 + timeout
    Instant stale = q.advance(timeout());
    List<Job> got = dequeue(q, request(OTHER_WORKER, 1, "e"));
    // THEN
    assertThat(stale).isEqualTo(t0.plus(timeout()));
    assertThat(idsOf(got)).isEqualTo(ids(1));
  }

  @Test
  default void jobIsNotStaleOneMicrosecondBeforeTheHeartbeatTimeout(TestQueue q) {
    // GIVEN
    q.enqueue("e");
    dequeue(q, request(WORKER, 1, "e"));
    // WHEN
    q.advance(timeout().minus(micro()));
    List<Job> got = dequeue(q, request(OTHER_WORKER, 1, "e"));
    // THEN
    assertThat(got).isEmpty();
    assertThat(job(q, JobId.of(1)).worker()).isEqualTo(WORKER);
  }

  @Test
  default void anotherWorkerRePicksAStaleJobAndBecomesItsOwner(TestQueue q) {
    // GIVEN
    Instant t0 = q.now();
    q.enqueue("e");
    dequeue(q, request(WORKER, 1, "e"));
    Instant later = q.advance(timeout().plusSeconds(5));
    // WHEN
    List<Job> got = dequeue(q, request(OTHER_WORKER, 1, "e"));
    // THEN
    assertThat(got).hasSize(1);
    Job job = got.get(0);
    assertThat(job.status()).isEqualTo(JobStatus.PICKED);
    assertThat(job.worker()).isEqualTo(OTHER_WORKER);
    assertThat(job.updated()).isEqualTo(later);
    assertThat(job.heartbeat()).isEqualTo(later);
    assertThat(job.created()).isEqualTo(t0);
    assertThat(job(q, JobId.of(1))).isEqualTo(job);
  }

  @Test
  default void ownerCanRePickItsOwnStaleJob(TestQueue q) {
    // GIVEN
    q.enqueue("e");
    dequeue(q, request(WORKER, 1, "e"));
    Instant later = q.advance(timeout());
    // WHEN
    List<Job> got = dequeue(q, request(WORKER, 1, "e"));
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(1));
    assertThat(got.get(0).worker()).isEqualTo(WORKER);
    assertThat(got.get(0).heartbeat()).isEqualTo(later);
  }

  @Test
  default void rePickKeepsAttemptsAndExecuteAfter(TestQueue q) {
    // GIVEN a job with one retry behind it, picked and gone stale
    JobId id = q.enqueue("e");
    dequeue(q, request(WORKER, 1, "e"));
    q.repository().retryJob(RetryRequest.of(id, Duration.ofSeconds(2)));
    Instant executeAfter = q.now().plusSeconds(2);
    q.advance(Duration.ofSeconds(2));
    dequeue(q, request(WORKER, 1, "e"));
    q.advance(timeout());
    // WHEN
    List<Job> got = dequeue(q, request(OTHER_WORKER, 1, "e"));
    // THEN
    assertThat(got).hasSize(1);
    assertThat(got.get(0).attempts()).isEqualTo(1);
    assertThat(got.get(0).executeAfter()).isEqualTo(executeAfter);
  }

  @Test
  default void rePickWritesASecondPickedLogRow(TestQueue q) {
    // GIVEN
    JobId id = q.enqueue(NewJob.of("e").withPriority(2));
    dequeue(q, request(WORKER, 1, "e"));
    Instant later = q.advance(timeout());
    // WHEN
    dequeue(q, request(OTHER_WORKER, 1, "e"));
    // THEN
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.PICKED);
    assertThat(log(q, id).get(2)).isEqualTo(new LogEntry(later, id, JobStatus.PICKED, 2, "e", null, false));
  }

  @Test
  default void staleJobBypassesTheConcurrencyLimit(TestQueue q) {
    // GIVEN e's only slot is held by a stale job, and a fresh job waits
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    dequeue(q, limitedRequest(WORKER, "e", 1));
    q.advance(timeout());
    // WHEN
    List<Job> got = dequeue(q, limitedRequest(OTHER_WORKER, "e", 1));
    // THEN the stale job moves to the other worker; the fresh one stays queued
    assertThat(idsOf(got)).isEqualTo(ids(1));
    assertThat(job(q, JobId.of(2)).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void staleJobsBeyondTheLimitAreAllRecovered(TestQueue q) {
    // GIVEN three jobs picked without a limit go stale
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"), NewJob.of("e"), NewJob.of("e"));
    dequeue(q, request(WORKER, 3, "e"));
    q.advance(timeout());
    // WHEN a limit-1 dequeue asks for ten
    List<Job> got = dequeue(q, limitedRequest(OTHER_WORKER, "e", 1));
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(1, 2, 3));
  }

  @Test
  default void staleHighPriorityJobBeatsFreshLowPriorityWork(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withPriority(1), NewJob.of("e").withPriority(9));
    dequeue(q, request(WORKER, 1, "e"));
    q.advance(timeout());
    // WHEN
    List<Job> first = dequeue(q, request(OTHER_WORKER, 1, "e"));
    List<Job> second = dequeue(q, request(OTHER_WORKER, 1, "e"));
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(2));
    assertThat(idsOf(second)).isEqualTo(ids(1));
  }

  @Test
  default void freshHighPriorityWorkBeatsStaleLowPriorityJob(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withPriority(1));
    dequeue(q, request(WORKER, 1, "e"));
    q.enqueue(NewJob.of("e").withPriority(9));
    q.advance(timeout());
    // WHEN
    List<Job> both = dequeue(q, request(OTHER_WORKER, 5, "e"));
    // THEN
    assertThat(idsOf(both)).isEqualTo(ids(2, 1));
  }

  @Test
  default void staleJobOfAnUnrequestedEntrypointIsNotRePicked(TestQueue q) {
    // GIVEN
    q.enqueue("s");
    dequeue(q, request(WORKER, 1, "s"));
    q.advance(timeout());
    // WHEN
    List<Job> got = dequeue(q, request(OTHER_WORKER, 5, "e"));
    // THEN
    assertThat(got).isEmpty();
    assertThat(job(q, JobId.of(1)).worker()).isEqualTo(WORKER);
  }

  @Test
  default void heartbeatUpdatePostponesStaleness(TestQueue q) {
    // GIVEN a job picked at t0 that beats at t0 + 8 s
    q.enqueue("e");
    dequeue(q, request(WORKER, 1, "e"));
    q.advance(Duration.ofSeconds(8));
    assertThat(q.repository().updateHeartbeat(List.of(JobId.of(1)))).isEqualTo(1);
    // WHEN / THEN at t0 + 18 s - 1 µs it is fresh, at t0 + 18 s it is stale
    q.advance(timeout().minus(micro()));
    assertThat(dequeue(q, request(OTHER_WORKER, 1, "e"))).isEmpty();
    q.advance(micro());
    assertThat(idsOf(dequeue(q, request(OTHER_WORKER, 1, "e")))).isEqualTo(ids(1));
  }

  @Test
  default void zeroHeartbeatTimeoutMakesAPickedJobRePickableAtOnce(TestQueue q) {
    // GIVEN
    q.enqueue("e");
    dequeue(q, request(WORKER, 1, "e"));
    // WHEN in the same instant
    List<Job> got = dequeue(q, DequeueRequest.builder(OTHER_WORKER).entrypoint("e")
        .heartbeatTimeout(Duration.ZERO).build());
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(1));
    assertThat(got.get(0).worker()).isEqualTo(OTHER_WORKER);
  }

  @Test
  default void updateHeartbeatSetsHeartbeatToNowAndLeavesUpdatedAlone(TestQueue q) {
    // GIVEN
    JobId id = q.enqueue("e");
    Instant picked = q.advance(Duration.ofSeconds(1));
    dequeue(q, request(WORKER, 1, "e"));
    Job before = job(q, id);
    Instant beat = q.advance(Duration.ofSeconds(3).plusNanos(7_000));
    // WHEN
    int count = q.repository().updateHeartbeat(List.of(id));
    // THEN
    assertThat(count).isEqualTo(1);
    Job after = job(q, id);
    assertThat(after.heartbeat()).isEqualTo(beat);
    assertThat(after.updated()).isEqualTo(picked);
    assertThat(after).isEqualTo(new Job(before.id(), before.priority(), before.created(), before.updated(), beat,
        before.executeAfter(), before.status(), before.entrypoint(), before.payload(), before.attempts(),
        before.worker(), before.headers(), before.dedupeKey()));
  }

  @Test
  default void updateHeartbeatWorksOnQueuedAndHeldJobs(TestQueue q) {
    // GIVEN a queued job and a held job
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    q.repository().logJobs(List.of(JobOutcome.held(JobId.of(2), null)));
    Instant beat = q.advance(Duration.ofSeconds(2));
    // WHEN
    int count = q.repository().updateHeartbeat(List.of(JobId.of(1), JobId.of(2)));
    // THEN
    assertThat(count).isEqualTo(2);
    assertThat(job(q, JobId.of(1)).heartbeat()).isEqualTo(beat);
    assertThat(job(q, JobId.of(1)).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job(q, JobId.of(2)).heartbeat()).isEqualTo(beat);
    assertThat(job(q, JobId.of(2)).status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  default void updateHeartbeatIgnoresOwnership(TestQueue q) {
    // GIVEN a job owned by the other worker
    q.enqueue("e");
    dequeue(q, request(OTHER_WORKER, 1, "e"));
    Instant beat = q.advance(Duration.ofSeconds(4));
    // WHEN
    q.repository().updateHeartbeat(List.of(JobId.of(1)));
    // THEN
    assertThat(job(q, JobId.of(1)).heartbeat()).isEqualTo(beat);
    assertThat(job(q, JobId.of(1)).worker()).isEqualTo(OTHER_WORKER);
  }

  @Test
  default void updateHeartbeatCountsEachExistingJobOnce(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    // WHEN
    int count = q.repository().updateHeartbeat(List.of(JobId.of(2), JobId.of(99), JobId.of(2), JobId.of(1)));
    // THEN
    assertThat(count).isEqualTo(2);
    assertThat(q.repository().updateHeartbeat(List.of())).isZero();
    assertThat(q.repository().updateHeartbeat(List.of(JobId.of(42)))).isZero();
  }

  @Test
  default void updateHeartbeatWritesNoLogAndSendsNoEvent(TestQueue q) {
    // GIVEN
    q.enqueue("e");
    dequeue(q, request(WORKER, 1, "e"));
    EventRecorder events = recordEvents(q);
    // WHEN
    q.repository().updateHeartbeat(List.of(JobId.of(1)));
    // THEN
    assertThat(q.repository().queueLog()).hasSize(2);
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void staleRePicksAreCappedByTheBatchSizeInKeyOrder(TestQueue q) {
    // GIVEN three picked jobs go stale
    enqueueAll(q, NewJob.of("e"), NewJob.of("e").withPriority(3), NewJob.of("e"));
    dequeue(q, request(WORKER, 3, "e"));
    q.advance(timeout());
    // WHEN
    List<Job> got = dequeue(q, request(OTHER_WORKER, 2, "e"));
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2, 1));
    assertThat(job(q, JobId.of(3)).worker()).isEqualTo(WORKER);
  }

  @Test
  default void heartbeatOfAStaleJobMakesItFreshAgain(TestQueue q) {
    // GIVEN a picked job past its timeout
    q.enqueue("e");
    dequeue(q, request(WORKER, 1, "e"));
    q.advance(timeout().plusSeconds(3));
    // WHEN its owner beats
    q.repository().updateHeartbeat(List.of(JobId.of(1)));
    // THEN nobody can re-pick it until another full timeout has passed
    assertThat(dequeue(q, request(OTHER_WORKER, 1, "e"))).isEmpty();
    q.advance(timeout().minus(micro()));
    assertThat(dequeue(q, request(OTHER_WORKER, 1, "e"))).isEmpty();
    q.advance(micro());
    assertThat(idsOf(dequeue(q, request(OTHER_WORKER, 1, "e")))).isEqualTo(ids(1));
  }

  @Test
  default void rePickedJobIsFreshForItsNewOwner(TestQueue q) {
    // GIVEN a job re-picked by the other worker
    q.enqueue("e");
    dequeue(q, request(WORKER, 1, "e"));
    q.advance(timeout());
    dequeue(q, request(OTHER_WORKER, 1, "e"));
    // WHEN the first owner asks again just before the new heartbeat times out, then exactly at it
    q.advance(timeout().minus(micro()));
    List<Job> early = dequeue(q, request(WORKER, 1, "e"));
    q.advance(micro());
    List<Job> onTime = dequeue(q, request(WORKER, 1, "e"));
    // THEN
    assertThat(early).isEmpty();
    assertThat(idsOf(onTime)).isEqualTo(ids(1));
    assertThat(statuses(q, JobId.of(1))).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.PICKED,
        JobStatus.PICKED);
  }

  private static DequeueRequest request(WorkerId worker, int batchSize, String entrypoint) {
    return DequeueRequest.builder(worker).batchSize(batchSize).entrypoint(entrypoint).heartbeatTimeout(timeout())
        .build();
  }

  private static DequeueRequest limitedRequest(WorkerId worker, String entrypoint, int limit) {
    return DequeueRequest.builder(worker).batchSize(10).entrypoint(entrypoint, limit).heartbeatTimeout(timeout())
        .build();
  }

  /** The heartbeat timeout every request of this contract uses. */
  private static Duration timeout() {
    return Duration.ofSeconds(10);
  }

  private static Duration micro() {
    return Duration.ofNanos(1_000);
  }
}
