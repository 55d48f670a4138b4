package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractFixtures.after;
import static dev.pgqueuer.conformance.ContractFixtures.cancellationEvent;
import static dev.pgqueuer.conformance.ContractFixtures.held;
import static dev.pgqueuer.conformance.ContractFixtures.idRange;
import static dev.pgqueuer.conformance.ContractFixtures.successful;
import static dev.pgqueuer.conformance.ContractFixtures.tableEvent;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.log;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule O6 of {@code docs/semantics.md} ({@code cancelJobs}): any status is deleted with one {@code canceled} log
 * row in job id order, ids are de-duplicated, the {@code delete} event comes before the cancellation events (D35),
 * which name every given id in order in chunks of at most 300 (D36), and a worker's later completion writes
 * nothing (D19, D20).
 */
public interface CancellationContract extends ContractSupport {

  @Test
  default void cancelDeletesQueuedPickedHeldAndDeferredJobsWithOneCanceledRowEachInJobIdOrder(TestQueue q) {
    // GIVEN a queued, a picked, a held and a deferred job
    JobId queued = q.enqueue(NewJob.of("a").withPriority(1));
    JobId picked = q.enqueue(NewJob.of("b").withPriority(2));
    dequeue(q, 1, "b");
    JobId holding = q.enqueue(NewJob.of("c").withPriority(3));
    q.repository().logJobs(held(holding));
    JobId deferred = q.enqueue(NewJob.of("d").withPriority(4).withDelay(Duration.ofHours(1)));
    int before = q.repository().queueLog().size();
    Instant at = q.advance(Duration.ofSeconds(1));
    // WHEN they are canceled in the order 4, 2, 3, 1
    int canceled = q.repository().cancelJobs(List.of(deferred, picked, holding, queued));
    // THEN all rows are gone, with one canceled row each in job id order, written at the call's now
    assertThat(canceled).isEqualTo(4);
    assertThat(List.of(queued, picked, holding, deferred))
        .allSatisfy(id -> assertThat(q.repository().findJob(id)).isEmpty());
    assertThat(after(q.repository().queueLog(), before)).containsExactly(
        new LogEntry(at, queued, JobStatus.CANCELED, 1, "a", null, false),
        new LogEntry(at, picked, JobStatus.CANCELED, 2, "b", null, false),
        new LogEntry(at, holding, JobStatus.CANCELED, 3, "c", null, false),
        new LogEntry(at, deferred, JobStatus.CANCELED, 4, "d", null, false));
  }

  @Test
  default void canceledJobsAreNeverDequeuedAgain(TestQueue q) {
    // GIVEN a deferred job, a picked job and a queued job; the first two are canceled
    JobId deferred = q.enqueue(NewJob.of("ep").withDelay(Duration.ofSeconds(10)).withPriority(9));
    JobId picked = q.enqueue(NewJob.of("ep").withPriority(5));
    dequeue(q, 1, "ep");
    JobId survivor = q.enqueue("ep");
    q.repository().cancelJobs(List.of(deferred, picked));
    // WHEN the deferral and the heartbeat timeout have long passed and everything is dequeued
    q.advance(Duration.ofMinutes(5));
    List<Job> claimed = dequeue(q, 10, "ep");
    // THEN only the surviving job is claimed
    assertThat(claimed).extracting(Job::id).containsExactly(survivor);
  }

  @Test
  default void cancelIgnoresUnknownIdsButNamesThemInTheEvent(TestQueue q) {
    // GIVEN one job and a recorder
    JobId id = q.enqueue("ep");
    EventRecorder events = recordEvents(q);
    Instant at = q.advance(Duration.ofMillis(250));
    // WHEN the unknown id 9 and the job are canceled
    int canceled = q.repository().cancelJobs(ids(9, id.value()));
    // THEN one job counted, one canceled row, and the events are delete then cancellation of [9, 1]
    assertThat(canceled).isEqualTo(1);
    assertThat(log(q, JobId.of(9))).isEmpty();
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.CANCELED);
    assertThat(events.settle()).containsExactly(
        tableEvent(q.repository(), TableOperation.DELETE, at),
        cancellationEvent(q.repository(), at, ids(9, 1)));
  }

  @Test
  default void cancelDeduplicatesIdsKeepingTheFirstOccurrence(TestQueue q) {
    // GIVEN two jobs and a recorder
    enqueueAll(q, NewJob.of("ep"), NewJob.of("ep"));
    EventRecorder events = recordEvents(q);
    // WHEN 2, 1, 2, 1 are canceled
    int canceled = q.repository().cancelJobs(ids(2, 1, 2, 1));
    // THEN each is canceled once and the event names 2, 1
    assertThat(canceled).isEqualTo(2);
    assertThat(q.repository().queueLog()).filteredOn(e -> e.status() == JobStatus.CANCELED)
        .extracting(LogEntry::jobId).containsExactly(JobId.of(1), JobId.of(2));
    assertThat(events.settle()).containsExactly(
        tableEvent(q.repository(), TableOperation.DELETE, q.now()),
        cancellationEvent(q.repository(), q.now(), ids(2, 1)));
  }

  @Test
  default void cancellationOfMoreThan300IdsIsSplitIntoEventsOfAtMost300InTheGivenOrder(TestQueue q) {
    // GIVEN three jobs and a recorder
    enqueueAll(q, NewJob.of("ep"), NewJob.of("ep"), NewJob.of("ep"));
    EventRecorder events = recordEvents(q);
    List<JobId> given = idRange(1, 650);
    Collections.reverse(given);
    // WHEN 650 ids (650 down to 1) are canceled
    int canceled = q.repository().cancelJobs(given);
    // THEN delete, then cancellations of 650..351, 350..51 and 50..1
    assertThat(canceled).isEqualTo(3);
    assertThat(events.settle()).containsExactly(
        tableEvent(q.repository(), TableOperation.DELETE, q.now()),
        cancellationEvent(q.repository(), q.now(), given.subList(0, 300)),
        cancellationEvent(q.repository(), q.now(), given.subList(300, 600)),
        cancellationEvent(q.repository(), q.now(), given.subList(600, 650)));
  }

  @Test
  default void cancellationOf300IdsFitsOneEventAnd301NeedTwo(TestQueue q) {
    // GIVEN a recorder
    EventRecorder events = recordEvents(q);
    // WHEN 300 ids are canceled, then 301 others
    q.repository().cancelJobs(idRange(1, 300));
    q.repository().cancelJobs(idRange(1001, 1301));
    // THEN the first call sent one cancellation event, the second two (300 + 1)
    assertThat(events.settle()).containsExactly(
        tableEvent(q.repository(), TableOperation.DELETE, q.now()),
        cancellationEvent(q.repository(), q.now(), idRange(1, 300)),
        tableEvent(q.repository(), TableOperation.DELETE, q.now()),
        cancellationEvent(q.repository(), q.now(), idRange(1001, 1300)),
        cancellationEvent(q.repository(), q.now(), ids(1301)));
  }

  @Test
  default void workerCompletionAfterCancellationWritesNothing(TestQueue q) {
    // GIVEN a running job canceled while it runs
    JobId id = q.enqueue("ep");
    dequeue(q, 1, "ep");
    q.repository().cancelJobs(List.of(id));
    q.advance(Duration.ofSeconds(1));
    // WHEN the worker later records the job as successful, then as canceled
    int success = q.repository().logJobs(successful(id));
    int canceledAgain = q.repository().logJobs(List.of(new JobOutcome(id, JobStatus.CANCELED, null)));
    // THEN nothing was written: exactly one canceled row, and canceled stays the final status (D19, D20)
    assertThat(success).isZero();
    assertThat(canceledAgain).isZero();
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.CANCELED);
    assertThat(q.repository().jobStatus(List.of(id))).containsExactly(Map.entry(id, JobStatus.CANCELED));
  }

  @Test
  default void cancelOfNoIdsDoesNothing(TestQueue q) {
    // GIVEN a job and a recorder
    JobId id = q.enqueue("ep");
    List<LogEntry> before = q.repository().queueLog();
    EventRecorder events = recordEvents(q);
    // WHEN nothing is canceled
    int canceled = q.repository().cancelJobs(List.of());
    // THEN no row, no log row, no event
    assertThat(canceled).isZero();
    assertThat(job(q, id).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(q.repository().queueLog()).isEqualTo(before);
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void cancelOfOnlyUnknownIdsStillSendsDeleteAndCancellation(TestQueue q) {
    // GIVEN an empty queue and a recorder
    EventRecorder events = recordEvents(q);
    // WHEN unknown ids are canceled
    int canceled = q.repository().cancelJobs(ids(5, 3));
    // THEN nothing counted or logged, but both events name the ids
    assertThat(canceled).isZero();
    assertThat(q.repository().queueLog()).isEmpty();
    List<QueueEvent> expected = new ArrayList<>();
    expected.add(tableEvent(q.repository(), TableOperation.DELETE, q.now()));
    expected.add(cancellationEvent(q.repository(), q.now(), ids(5, 3)));
    assertThat(events.settle()).isEqualTo(expected);
  }

  @Test
  default void cancelReleasesTheDedupeKey(TestQueue q) {
    // GIVEN a picked job with key "k", canceled
    JobId id = q.enqueue(NewJob.of("ep").withDedupeKey("k"));
    dequeue(q, 1, "ep");
    q.repository().cancelJobs(List.of(id));
    // WHEN a new job with key "k" is enqueued
    JobId next = q.enqueue(NewJob.of("ep").withDedupeKey("k"));
    // THEN it is accepted
    assertThat(next).isEqualTo(JobId.of(2));
    assertThat(job(q, next).dedupeKey()).isEqualTo("k");
  }
}
