package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.idsOf;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.log;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Units of work, one thread (docs/semantics.md, section "Units of work", rules U1–U8): visibility inside and
 * outside, atomicity of jobs and log rows, events after commit only, ids, dedupe inside the unit, time, failed
 * calls, and the unit's life cycle. Every test uses {@code begin()}, the same API on both backends.
 */
public interface UnitOfWorkContract extends ContractSupport {

  @Test
  default void jobEnqueuedInAnOpenUnitIsInvisibleOutsideItAndVisibleInsideIt(TestQueue q) {
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      // WHEN
      JobId id = q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))).single();
      // THEN outside: no row, no log, no count, no claim
      assertThat(q.repository().findJob(id)).isEmpty();
      assertThat(q.repository().browseQueue(BrowseQuery.all())).isEmpty();
      assertThat(q.repository().queueSize()).isEmpty();
      assertThat(q.repository().queuedWork(Set.of("e"))).isZero();
      assertThat(q.repository().jobStatus(List.of(id))).isEmpty();
      assertThat(q.repository().queueLog()).isEmpty();
      assertThat(dequeue(q, 10, "e")).isEmpty();
      // and inside: the row as stored
      Job inside = q.repository().in(uow).findJob(id).orElseThrow();
      assertThat(inside.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(inside.dedupeKey()).isEqualTo("k");
      assertThat(inside.created()).isEqualTo(q.now());
    }
  }

  @Test
  default void commitMakesJobsAndLogRowsVisibleTogether(TestQueue q) {
    // GIVEN
    Instant enqueuedAt = q.now();
    List<JobId> ids;
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      ids = q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e"), NewJob.of("e").withPriority(3)))
          .insertedIds();
      q.advance(Duration.ofSeconds(5));
      // WHEN
      uow.commit();
    }
    // THEN
    assertThat(ids).isEqualTo(ids(1, 2));
    assertThat(idsOf(q.repository().browseQueue(BrowseQuery.all()))).isEqualTo(ids(2, 1));
    assertThat(job(q, JobId.of(1)).created()).isEqualTo(enqueuedAt);
    assertThat(q.repository().queueLog()).extracting(LogEntry::jobId, LogEntry::status, LogEntry::created)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(JobId.of(1), JobStatus.QUEUED, enqueuedAt),
            org.assertj.core.groups.Tuple.tuple(JobId.of(2), JobStatus.QUEUED, enqueuedAt));
    assertThat(idsOf(dequeue(q, 10, "e"))).isEqualTo(ids(2, 1));
  }

  @Test
  default void rollbackLeavesNoJobNoLogRowAndNoEvent(TestQueue q) {
    // GIVEN
    EventRecorder events = recordEvents(q);
    // WHEN
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e"), NewJob.of("e")));
      uow.rollback();
      assertThat(uow.isOpen()).isFalse();
    }
    // THEN
    assertThat(q.repository().browseQueue(BrowseQuery.all())).isEmpty();
    assertThat(q.repository().queueLog()).isEmpty();
    assertThat(q.repository().jobStatus(ids(1, 2))).isEmpty();
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void closingAnOpenUnitRollsItBack(TestQueue q) {
    // WHEN
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e")));
    }
    // THEN
    assertThat(q.repository().browseQueue(BrowseQuery.all())).isEmpty();
    assertThat(q.repository().queueLog()).isEmpty();
  }

  @Test
  default void insertEventIsDeliveredAfterCommitWithTheCallsNow(TestQueue q) {
    // GIVEN
    EventRecorder events = recordEvents(q);
    Instant first = q.now();
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e")));
      Instant second = q.advance(Duration.ofSeconds(1));
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e")));
      assertThat(events.settle()).as("nothing before commit").isEmpty();
      // WHEN
      uow.commit();
      // THEN one insert event per call, each with its call's now, in call order
      assertThat(events.settle()).extracting(e -> ((TableChangedEvent) e).operation(), QueueEvent::sentAt)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(TableOperation.INSERT, first),
              org.assertj.core.groups.Tuple.tuple(TableOperation.INSERT, second));
    }
  }

  @Test
  default void identicalEventsOfOneUnitAreDeliveredOnce(TestQueue q) {
    // GIVEN two enqueues at the same now: PostgreSQL folds identical notifications of one transaction
    EventRecorder events = recordEvents(q);
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e")));
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("f")));
      // WHEN
      uow.commit();
    }
    // THEN
    assertThat(events.settle()).extracting(e -> ((TableChangedEvent) e).operation())
        .containsExactly(TableOperation.INSERT);
  }

  @Test
  default void rolledBackEnqueueConsumesItsIds(TestQueue q) {
    // GIVEN
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      assertThat(q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e"), NewJob.of("e"))).insertedIds())
          .isEqualTo(ids(1, 2));
      uow.rollback();
    }
    // WHEN
    JobId next = q.enqueue("e");
    // THEN
    assertThat(next).isEqualTo(JobId.of(3));
  }

  @Test
  default void unitRowsTakeTheirPlaceInTheLogByCallNotByCommit(TestQueue q) {
    // GIVEN a unit enqueues, then a plain call enqueues and commits first
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      JobId inUnit = q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
      q.advance(Duration.ofSeconds(1));
      JobId plain = q.enqueue("e");
      q.advance(Duration.ofSeconds(1));
      // WHEN
      uow.commit();
      // THEN
      assertThat(q.repository().queueLog()).extracting(LogEntry::jobId).containsExactly(inUnit, plain);
      assertThat(idsOf(dequeue(q, 10, "e"))).containsExactly(inUnit, plain);
    }
  }

  @Test
  default void dedupeInsideTheUnitSeesItsOwnUncommittedJobs(TestQueue q) {
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      QueueWrites writes = q.repository().in(uow);
      writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
      // WHEN / THEN
      assertThatThrownBy(() -> writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))))
          .isInstanceOfSatisfying(DuplicateJobException.class, e -> assertThat(e.clashingKey()).isEqualTo("k"));
      EnqueueResult skipped = writes.enqueue(
          EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"), NewJob.of("e").withDedupeKey("j"))
              .onConflict(OnConflict.SKIP));
      assertThat(skipped.rows()).containsExactly(Optional.empty(), Optional.of(JobId.of(4)));
      uow.commit();
    }
    assertThat(idsOf(q.repository().browseQueue(BrowseQuery.all()))).isEqualTo(ids(1, 4));
  }

  @Test
  default void dedupeInsideTheUnitSeesCommittedJobs(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDedupeKey("k"));
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      // WHEN / THEN
      assertThatThrownBy(() -> q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))))
          .isInstanceOf(DuplicateJobException.class);
    }
  }

  @Test
  default void eachCallOfAUnitReadsItsOwnNow(TestQueue q) {
    // GIVEN
    Instant t0 = q.now();
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      JobId a = q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
      Instant t1 = q.advance(Duration.ofMinutes(1));
      JobId b = q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e").withDelay(Duration.ofSeconds(10))))
          .single();
      q.advance(Duration.ofMinutes(1));
      // WHEN
      uow.commit();
      // THEN
      assertThat(job(q, a).created()).isEqualTo(t0);
      assertThat(job(q, b).created()).isEqualTo(t1);
      assertThat(job(q, b).executeAfter()).isEqualTo(t1.plusSeconds(10));
      assertThat(log(q, b)).extracting(LogEntry::created).containsExactly(t1);
    }
  }

  @Test
  default void aFailedCallLeavesTheUnitAndItsEarlierWritesIntact(TestQueue q) {
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      QueueWrites writes = q.repository().in(uow);
      writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
      // WHEN a clash, then bad input
      assertThatThrownBy(() -> writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))))
          .isInstanceOf(DuplicateJobException.class);
      assertThatThrownBy(() -> writes.cancelJobs(null)).isInstanceOf(NullPointerException.class);
      writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("j")));
      uow.commit();
    }
    // THEN the clash consumed its id; the rest committed
    assertThat(idsOf(q.repository().browseQueue(BrowseQuery.all()))).isEqualTo(ids(1, 3));
    assertThat(q.repository().queueLog()).extracting(LogEntry::jobId).containsExactly(JobId.of(1), JobId.of(3));
  }

  @Test
  default void anEndedUnitRefusesCallsAndASecondEnd(TestQueue q) {
    // GIVEN
    ManagedUnitOfWork uow = q.repository().begin();
    QueueWrites writes = q.repository().in(uow);
    uow.commit();
    // WHEN / THEN
    assertThatThrownBy(() -> writes.enqueue(EnqueueRequest.of(NewJob.of("e"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(uow::commit).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(uow::rollback).isInstanceOf(IllegalStateException.class);
    uow.close();
    assertThat(q.repository().browseQueue(BrowseQuery.all())).isEmpty();
  }

  @Test
  default void completionListenersHearTheOutcome(TestQueue q) {
    // GIVEN
    List<Boolean> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ManagedUnitOfWork committed = q.repository().begin(); ManagedUnitOfWork rolledBack = q.repository().begin()) {
      committed.onCompletion(heard::add);
      rolledBack.onCompletion(heard::add);
      // WHEN
      committed.commit();
      rolledBack.rollback();
      // THEN
      assertThatThrownBy(() -> committed.onCompletion(heard::add)).isInstanceOf(IllegalStateException.class);
    }
    assertThat(heard).containsExactly(true, false);
  }

  @Test
  default void aUnitOfWorkOfAnotherKindIsRejected(TestQueue q) {
    assertThatThrownBy(() -> q.repository().in(new UnitOfWork() {})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> q.repository().in(null)).isInstanceOf(NullPointerException.class);
  }
}
