package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractQueue.ids;
import static dev.pgqueuer.conformance.ContractQueue.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.WorkerId;
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
  default void jobIsStaleExactlyAtTheHeartbeatTimeout(ContractQueue q) {
    // GIVEN a job picked at t0
    Instant t0 = q.now();
    q.enqueue("e");
    q.dequeue(request(q.worker(), 1, "e"));
    // WHEN the clock is exactly t0 + timeout
    Instant stale = q.advance(timeout());
    List<Job> got = q.dequeue(request(q.otherWorker(), 1, "e"));
    // THEN
    assertThat(stale).isEqualTo(t0.plus(timeout()));
    assertThat(idsOf(got)).isEqualTo(ids(1));
  }

  @Test
  default void jobIsNotStaleOneMicrosecondBeforeTheHeartbeatTimeout(ContractQueue q) {
    // GIVEN
    q.enqueue("e");
    q.dequeue(request(q.worker(), 1, "e"));
    // WHEN
    q.advance(timeout().minus(micro()));
    List<Job> got = q.dequeue(request(q.otherWorker(), 1, "e"));
    // THEN
    assertThat(got).isEmpty();
    assertThat(q.job(JobId.of(1)).worker()).isEqualTo(q.worker());
  }

  @Test
  default void anotherWorkerRePicksAStaleJobAndBecomesItsOwner(ContractQueue q) {
    // GIVEN
    Instant t0 = q.now();
    q.enqueue("e");
    q.dequeue(request(q.worker(), 1, "e"));
    Instant later = q.advance(timeout().plusSeconds(5));
    // WHEN
    List<Job> got = q.dequeue(request(q.otherWorker(), 1, "e"));
    // THEN
    assertThat(got).hasSize(1);
    Job job = got.get(0);
    assertThat(job.status()).isEqualTo(JobStatus.PICKED);
    assertThat(job.worker()).isEqualTo(q.otherWorker());
    assertThat(job.updated()).isEqualTo(later);
    assertThat(job.heartbeat()).isEqualTo(later);
    assertThat(job.created()).isEqualTo(t0);
    assertThat(q.job(JobId.of(1))).isEqualTo(job);
  }

  @Test
  default void ownerCanRePickItsOwnStaleJob(ContractQueue q) {
    // GIVEN
    q.enqueue("e");
    q.dequeue(request(q.worker(), 1, "e"));
    Instant later = q.advance(timeout());
    // WHEN
    List<Job> got = q.dequeue(request(q.worker(), 1, "e"));
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(1));
    assertThat(got.get(0).worker()).isEqualTo(q.worker());
    assertThat(got.get(0).heartbeat()).isEqualTo(later);
  }

  @Test
  default void rePickKeepsAttemptsAndExecuteAfter(ContractQueue q) {
    // GIVEN a job with one retry behind it, picked and gone stale
    JobId id = q.enqueue("e");
    q.dequeue(request(q.worker(), 1, "e"));
    q.repo().retryJob(RetryRequest.of(id, Duration.ofSeconds(2)));
    Instant executeAfter = q.now().plusSeconds(2);
    q.advance(Duration.ofSeconds(2));
    q.dequeue(request(q.worker(), 1, "e"));
    q.advance(timeout());
    // WHEN
    List<Job> got = q.dequeue(request(q.otherWorker(), 1, "e"));
    // THEN
    assertThat(got).hasSize(1);
    assertThat(got.get(0).attempts()).isEqualTo(1);
    assertThat(got.get(0).executeAfter()).isEqualTo(executeAfter);
  }

  @Test
  default void rePickWritesASecondPickedLogRow(ContractQueue q) {
    // GIVEN
    JobId id = q.enqueue(NewJob.of("e").withPriority(2));
    q.dequeue(request(q.worker(), 1, "e"));
    Instant later = q.advance(timeout());
    // WHEN
    q.dequeue(request(q.otherWorker(), 1, "e"));
    // THEN
    assertThat(q.statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.PICKED);
    assertThat(q.log(id).get(2)).isEqualTo(new LogEntry(later, id, JobStatus.PICKED, 2, "e", null, false));
  }

  @Test
  default void staleJobBypassesTheConcurrencyLimit(ContractQueue q) {
    // GIVEN e's only slot is held by a stale job, and a fresh job waits
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"));
    q.dequeue(limitedRequest(q.worker(), "e", 1));
    q.advance(timeout());
    // WHEN
    List<Job> got = q.dequeue(limitedRequest(q.otherWorker(), "e", 1));
    // THEN the stale job moves to the other worker; the fresh one stays queued
    assertThat(idsOf(got)).isEqualTo(ids(1));
    assertThat(q.job(JobId.of(2)).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void staleJobsBeyondTheLimitAreAllRecovered(ContractQueue q) {
    // GIVEN three jobs picked without a limit go stale
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"), NewJob.of("e"), NewJob.of("e"));
    q.dequeue(request(q.worker(), 3, "e"));
    q.advance(timeout());
    // WHEN a limit-1 dequeue asks for ten
    List<Job> got = q.dequeue(limitedRequest(q.otherWorker(), "e", 1));
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(1, 2, 3));
  }

  @Test
  default void staleHighPriorityJobBeatsFreshLowPriorityWork(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e").withPriority(1), NewJob.of("e").withPriority(9));
    q.dequeue(request(q.worker(), 1, "e"));
    q.advance(timeout());
    // WHEN
    List<Job> first = q.dequeue(request(q.otherWorker(), 1, "e"));
    List<Job> second = q.dequeue(request(q.otherWorker(), 1, "e"));
    // THEN
    assertThat(idsOf(first)).isEqualTo(ids(2));
    assertThat(idsOf(second)).isEqualTo(ids(1));
  }

  @Test
  default void freshHighPriorityWorkBeatsStaleLowPriorityJob(ContractQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withPriority(1));
    q.dequeue(request(q.worker(), 1, "e"));
    q.enqueue(NewJob.of("e").withPriority(9));
    q.advance(timeout());
    // WHEN
    List<Job> both = q.dequeue(request(q.otherWorker(), 5, "e"));
    // THEN
    assertThat(idsOf(both)).isEqualTo(ids(2, 1));
  }

  @Test
  default void staleJobOfAnUnrequestedEntrypointIsNotRePicked(ContractQueue q) {
    // GIVEN
    q.enqueue("s");
    q.dequeue(request(q.worker(), 1, "s"));
    q.advance(timeout());
    // WHEN
    List<Job> got = q.dequeue(request(q.otherWorker(), 5, "e"));
    // THEN
    assertThat(got).isEmpty();
    assertThat(q.job(JobId.of(1)).worker()).isEqualTo(q.worker());
  }

  @Test
  default void heartbeatUpdatePostponesStaleness(ContractQueue q) {
    // GIVEN a job picked at t0 that beats at t0 + 8 s
    q.enqueue("e");
    q.dequeue(request(q.worker(), 1, "e"));
    q.advance(Duration.ofSeconds(8));
    assertThat(q.repo().updateHeartbeat(List.of(JobId.of(1)))).isEqualTo(1);
    // WHEN / THEN at t0 + 18 s - 1 µs it is fresh, at t0 + 18 s it is stale
    q.advance(timeout().minus(micro()));
    assertThat(q.dequeue(request(q.otherWorker(), 1, "e"))).isEmpty();
    q.advance(micro());
    assertThat(idsOf(q.dequeue(request(q.otherWorker(), 1, "e")))).isEqualTo(ids(1));
  }

  @Test
  default void zeroHeartbeatTimeoutMakesAPickedJobRePickableAtOnce(ContractQueue q) {
    // GIVEN
    q.enqueue("e");
    q.dequeue(request(q.worker(), 1, "e"));
    // WHEN in the same instant
    List<Job> got = q.dequeue(DequeueRequest.builder(q.otherWorker()).entrypoint("e")
        .heartbeatTimeout(Duration.ZERO).build());
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(1));
    assertThat(got.get(0).worker()).isEqualTo(q.otherWorker());
  }

  @Test
  default void updateHeartbeatSetsHeartbeatToNowAndLeavesUpdatedAlone(ContractQueue q) {
    // GIVEN
    JobId id = q.enqueue("e");
    Instant picked = q.advance(Duration.ofSeconds(1));
    q.dequeue(request(q.worker(), 1, "e"));
    Job before = q.job(id);
    Instant beat = q.advance(Duration.ofSeconds(3).plusNanos(7_000));
    // WHEN
    int count = q.repo().updateHeartbeat(List.of(id));
    // THEN
    assertThat(count).isEqualTo(1);
    Job after = q.job(id);
    assertThat(after.heartbeat()).isEqualTo(beat);
    assertThat(after.updated()).isEqualTo(picked);
    assertThat(after).isEqualTo(new Job(before.id(), before.priority(), before.created(), before.updated(), beat,
        before.executeAfter(), before.status(), before.entrypoint(), before.payload(), before.attempts(),
        before.worker(), before.headers(), before.dedupeKey()));
  }

  @Test
  default void updateHeartbeatWorksOnQueuedAndHeldJobs(ContractQueue q) {
    // GIVEN a queued job and a held job
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"));
    q.repo().logJobs(List.of(JobOutcome.held(JobId.of(2), null)));
    Instant beat = q.advance(Duration.ofSeconds(2));
    // WHEN
    int count = q.repo().updateHeartbeat(List.of(JobId.of(1), JobId.of(2)));
    // THEN
    assertThat(count).isEqualTo(2);
    assertThat(q.job(JobId.of(1)).heartbeat()).isEqualTo(beat);
    assertThat(q.job(JobId.of(1)).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(q.job(JobId.of(2)).heartbeat()).isEqualTo(beat);
    assertThat(q.job(JobId.of(2)).status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  default void updateHeartbeatIgnoresOwnership(ContractQueue q) {
    // GIVEN a job owned by the other worker
    q.enqueue("e");
    q.dequeue(request(q.otherWorker(), 1, "e"));
    Instant beat = q.advance(Duration.ofSeconds(4));
    // WHEN
    q.repo().updateHeartbeat(List.of(JobId.of(1)));
    // THEN
    assertThat(q.job(JobId.of(1)).heartbeat()).isEqualTo(beat);
    assertThat(q.job(JobId.of(1)).worker()).isEqualTo(q.otherWorker());
  }

  @Test
  default void updateHeartbeatCountsEachExistingJobOnce(ContractQueue q) {
    // GIVEN
    q.enqueueAll(NewJob.of("e"), NewJob.of("e"));
    // WHEN
    int count = q.repo().updateHeartbeat(List.of(JobId.of(2), JobId.of(99), JobId.of(2), JobId.of(1)));
    // THEN
    assertThat(count).isEqualTo(2);
    assertThat(q.repo().updateHeartbeat(List.of())).isZero();
    assertThat(q.repo().updateHeartbeat(List.of(JobId.of(42)))).isZero();
  }

  @Test
  default void updateHeartbeatWritesNoLogAndSendsNoEvent(ContractQueue q) {
    // GIVEN
    q.enqueue("e");
    q.dequeue(request(q.worker(), 1, "e"));
    EventRecorder events = q.recordEvents();
    // WHEN
    q.repo().updateHeartbeat(List.of(JobId.of(1)));
    // THEN
    assertThat(q.repo().queueLog()).hasSize(2);
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void staleRePicksAreCappedByTheBatchSizeInKeyOrder(ContractQueue q) {
    // GIVEN three picked jobs go stale
    q.enqueueAll(NewJob.of("e"), NewJob.of("e").withPriority(3), NewJob.of("e"));
    q.dequeue(request(q.worker(), 3, "e"));
    q.advance(timeout());
    // WHEN
    List<Job> got = q.dequeue(request(q.otherWorker(), 2, "e"));
    // THEN
    assertThat(idsOf(got)).isEqualTo(ids(2, 1));
    assertThat(q.job(JobId.of(3)).worker()).isEqualTo(q.worker());
  }

  @Test
  default void heartbeatOfAStaleJobMakesItFreshAgain(ContractQueue q) {
    // GIVEN a picked job past its timeout
    q.enqueue("e");
    q.dequeue(request(q.worker(), 1, "e"));
    q.advance(timeout().plusSeconds(3));
    // WHEN its owner beats
    q.repo().updateHeartbeat(List.of(JobId.of(1)));
    // THEN nobody can re-pick it until another full timeout has passed
    assertThat(q.dequeue(request(q.otherWorker(), 1, "e"))).isEmpty();
    q.advance(timeout().minus(micro()));
    assertThat(q.dequeue(request(q.otherWorker(), 1, "e"))).isEmpty();
    q.advance(micro());
    assertThat(idsOf(q.dequeue(request(q.otherWorker(), 1, "e")))).isEqualTo(ids(1));
  }

  @Test
  default void rePickedJobIsFreshForItsNewOwner(ContractQueue q) {
    // GIVEN a job re-picked by the other worker
    q.enqueue("e");
    q.dequeue(request(q.worker(), 1, "e"));
    q.advance(timeout());
    q.dequeue(request(q.otherWorker(), 1, "e"));
    // WHEN the first owner asks again just before the new heartbeat times out, then exactly at it
    q.advance(timeout().minus(micro()));
    List<Job> early = q.dequeue(request(q.worker(), 1, "e"));
    q.advance(micro());
    List<Job> onTime = q.dequeue(request(q.worker(), 1, "e"));
    // THEN
    assertThat(early).isEmpty();
    assertThat(idsOf(onTime)).isEqualTo(ids(1));
    assertThat(q.statuses(JobId.of(1))).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.PICKED,
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
