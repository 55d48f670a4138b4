package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.idsOf;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Units of work that touch existing jobs (docs/semantics.md, "Units of work", rules U9–U10): transactional
 * completion, cancellation, retry and requeue, invisible outside until commit, and the rows they hold skipped by
 * dequeue as PostgreSQL's {@code SKIP LOCKED} skips them.
 */
public interface UnitOfWorkWritesContract extends ContractSupport {

  @Test
  default void completionInAUnitCommitsTogetherWithTheUnit(TestQueue q) {
    // GIVEN a picked job
    JobId id = q.enqueue("e");
    dequeue(q, 1, "e");
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      // WHEN
      assertThat(q.repository().in(uow).logJobs(List.of(JobOutcome.successful(id)))).isEqualTo(1);
      // THEN outside: still picked, no successful row; inside: gone
      assertThat(job(q, id).status()).isEqualTo(JobStatus.PICKED);
      assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED);
      assertThat(q.repository().in(uow).findJob(id)).isEmpty();
      uow.commit();
    }
    assertThat(q.repository().findJob(id)).isEmpty();
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
    // and the worker's own, later outcome finds nothing
    assertThat(q.repository().logJobs(List.of(JobOutcome.successful(id)))).isZero();
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  default void rolledBackCompletionLeavesTheJobPicked(TestQueue q) {
    // GIVEN
    JobId id = q.enqueue("e");
    dequeue(q, 1, "e");
    // WHEN
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).logJobs(List.of(JobOutcome.held(id, null)));
      uow.rollback();
    }
    // THEN
    assertThat(job(q, id).status()).isEqualTo(JobStatus.PICKED);
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED);
  }

  @Test
  default void cancellationInAUnitHidesNothingUntilCommitButDequeueSkipsTheRow(TestQueue q) {
    // GIVEN
    List<JobId> jobs = enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    EventRecorder events = recordEvents(q);
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      assertThat(q.repository().in(uow).cancelJobs(List.of(jobs.get(0)))).isEqualTo(1);
      // THEN outside the row is still there but claims skip it
      assertThat(job(q, jobs.get(0)).status()).isEqualTo(JobStatus.QUEUED);
      assertThat(idsOf(dequeue(q, 10, "e"))).isEqualTo(ids(2));
      assertThat(events.settle()).isEmpty();
      // WHEN
      uow.commit();
    }
    assertThat(q.repository().findJob(jobs.get(0))).isEmpty();
    assertThat(statuses(q, jobs.get(0))).containsExactly(JobStatus.QUEUED, JobStatus.CANCELED);
    assertThat(events.settle()).hasSize(2);
  }

  @Test
  default void rolledBackCancellationMakesTheJobClaimableAgain(TestQueue q) {
    // GIVEN
    JobId id = q.enqueue("e");
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).cancelJobs(List.of(id));
      assertThat(dequeue(q, 10, "e")).isEmpty();
      // WHEN
      uow.rollback();
    }
    // THEN
    assertThat(idsOf(dequeue(q, 10, "e"))).containsExactly(id);
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED);
  }

  @Test
  default void retryAndRequeueInAUnitApplyAtCommit(TestQueue q) {
    // GIVEN a picked job and a held one
    JobId picked = q.enqueue("e");
    JobId held = q.enqueue(NewJob.of("e").withDedupeKey("k"));
    dequeue(q, 2, "e");
    q.repository().logJobs(List.of(JobOutcome.held(held, null)));
    q.advance(Duration.ofSeconds(1));
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      QueueWrites writes = q.repository().in(uow);
      // WHEN
      assertThat(writes.retryJob(RetryRequest.of(picked, Duration.ofSeconds(5)))).isTrue();
      assertThat(writes.requeueJobs(List.of(held))).isEqualTo(1);
      assertThat(writes.findJob(picked).orElseThrow().attempts()).isEqualTo(1);
      // THEN outside nothing changed yet, and the requeued key is taken inside only
      assertThat(job(q, picked).status()).isEqualTo(JobStatus.PICKED);
      assertThat(job(q, held).status()).isEqualTo(JobStatus.FAILED);
      assertThatThrownBy(() -> writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))))
          .isInstanceOf(DuplicateJobException.class);
      uow.commit();
    }
    assertThat(job(q, picked).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job(q, picked).executeAfter()).isEqualTo(q.now().plusSeconds(5));
    assertThat(job(q, held).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job(q, held).updated()).isEqualTo(q.now());
    assertThat(idsOf(dequeue(q, 10, "e"))).containsExactly(held);
  }

  @Test
  default void severalChangesToOneJobInAUnitCommitAsTheLastLeftIt(TestQueue q) {
    // GIVEN a picked job, retried and then held inside one unit
    JobId id = q.enqueue("e");
    dequeue(q, 1, "e");
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      QueueWrites writes = q.repository().in(uow);
      writes.retryJob(RetryRequest.of(id, Duration.ofSeconds(7)));
      writes.logJobs(List.of(JobOutcome.held(id, null)));
      // WHEN
      uow.commit();
    }
    // THEN held, with the retry's attempts and execute_after
    assertThat(job(q, id).status()).isEqualTo(JobStatus.FAILED);
    assertThat(job(q, id).attempts()).isEqualTo(1);
    assertThat(job(q, id).executeAfter()).isEqualTo(q.now().plusSeconds(7));
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.QUEUED, JobStatus.FAILED);
  }

  @Test
  default void aUnitCanCancelItsOwnUncommittedJob(TestQueue q) {
    // GIVEN
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      QueueWrites writes = q.repository().in(uow);
      JobId id = writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))).single();
      // WHEN
      assertThat(writes.cancelJobs(List.of(id))).isEqualTo(1);
      writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
      uow.commit();
    }
    // THEN
    assertThat(statuses(q, JobId.of(1))).containsExactly(JobStatus.QUEUED, JobStatus.CANCELED);
    assertThat(job(q, JobId.of(2)).dedupeKey()).isEqualTo("k");
  }
}
