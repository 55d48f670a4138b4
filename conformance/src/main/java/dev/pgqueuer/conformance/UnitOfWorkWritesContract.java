package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractQueue.ids;
import static dev.pgqueuer.conformance.ContractQueue.idsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
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
  default void completionInAUnitCommitsTogetherWithTheUnit(ContractQueue q) {
    // GIVEN a picked job
    JobId id = q.enqueue("e");
    q.dequeue(1, "e");
    try (ManagedUnitOfWork uow = q.repo().begin()) {
      // WHEN
      assertThat(q.repo().in(uow).logJobs(List.of(JobOutcome.successful(id)))).isEqualTo(1);
      // THEN outside: still picked, no successful row; inside: gone
      assertThat(q.job(id).status()).isEqualTo(JobStatus.PICKED);
      assertThat(q.statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED);
      assertThat(q.repo().in(uow).findJob(id)).isEmpty();
      uow.commit();
    }
    assertThat(q.repo().findJob(id)).isEmpty();
    assertThat(q.statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
    // and the worker's own, later outcome finds nothing
    assertThat(q.repo().logJobs(List.of(JobOutcome.successful(id)))).isZero();
    assertThat(q.statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  default void rolledBackCompletionLeavesTheJobPicked(ContractQueue q) {
    // GIVEN
    JobId id = q.enqueue("e");
    q.dequeue(1, "e");
    // WHEN
    try (ManagedUnitOfWork uow = q.repo().begin()) {
      q.repo().in(uow).logJobs(List.of(JobOutcome.held(id, null)));
      uow.rollback();
    }
    // THEN
    assertThat(q.job(id).status()).isEqualTo(JobStatus.PICKED);
    assertThat(q.statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED);
  }

  @Test
  default void cancellationInAUnitHidesNothingUntilCommitButDequeueSkipsTheRow(ContractQueue q) {
    // GIVEN
    List<JobId> jobs = q.enqueueAll(NewJob.of("e"), NewJob.of("e"));
    EventRecorder events = q.recordEvents();
    try (ManagedUnitOfWork uow = q.repo().begin()) {
      assertThat(q.repo().in(uow).cancelJobs(List.of(jobs.get(0)))).isEqualTo(1);
      // THEN outside the row is still there but claims skip it
      assertThat(q.job(jobs.get(0)).status()).isEqualTo(JobStatus.QUEUED);
      assertThat(idsOf(q.dequeue(10, "e"))).isEqualTo(ids(2));
      assertThat(events.settle()).isEmpty();
      // WHEN
      uow.commit();
    }
    assertThat(q.repo().findJob(jobs.get(0))).isEmpty();
    assertThat(q.statuses(jobs.get(0))).containsExactly(JobStatus.QUEUED, JobStatus.CANCELED);
    assertThat(events.settle()).hasSize(2);
  }

  @Test
  default void rolledBackCancellationMakesTheJobClaimableAgain(ContractQueue q) {
    // GIVEN
    JobId id = q.enqueue("e");
    try (ManagedUnitOfWork uow = q.repo().begin()) {
      q.repo().in(uow).cancelJobs(List.of(id));
      assertThat(q.dequeue(10, "e")).isEmpty();
      // WHEN
      uow.rollback();
    }
    // THEN
    assertThat(idsOf(q.dequeue(10, "e"))).containsExactly(id);
    assertThat(q.statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED);
  }

  @Test
  default void retryAndRequeueInAUnitApplyAtCommit(ContractQueue q) {
    // GIVEN a picked job and a held one
    JobId picked = q.enqueue("e");
    JobId held = q.enqueue(NewJob.of("e").withDedupeKey("k"));
    q.dequeue(2, "e");
    q.repo().logJobs(List.of(JobOutcome.held(held, null)));
    q.advance(Duration.ofSeconds(1));
    try (ManagedUnitOfWork uow = q.repo().begin()) {
      QueueWrites writes = q.repo().in(uow);
      // WHEN
      assertThat(writes.retryJob(RetryRequest.of(picked, Duration.ofSeconds(5)))).isTrue();
      assertThat(writes.requeueJobs(List.of(held))).isEqualTo(1);
      assertThat(writes.findJob(picked).orElseThrow().attempts()).isEqualTo(1);
      // THEN outside nothing changed yet, and the requeued key is taken inside only
      assertThat(q.job(picked).status()).isEqualTo(JobStatus.PICKED);
      assertThat(q.job(held).status()).isEqualTo(JobStatus.FAILED);
      assertThatThrownBy(() -> writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))))
          .isInstanceOf(DuplicateJobException.class);
      uow.commit();
    }
    assertThat(q.job(picked).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(q.job(picked).executeAfter()).isEqualTo(q.now().plusSeconds(5));
    assertThat(q.job(held).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(q.job(held).updated()).isEqualTo(q.now());
    assertThat(idsOf(q.dequeue(10, "e"))).containsExactly(held);
  }

  @Test
  default void severalChangesToOneJobInAUnitCommitAsTheLastLeftIt(ContractQueue q) {
    // GIVEN a picked job, retried and then held inside one unit
    JobId id = q.enqueue("e");
    q.dequeue(1, "e");
    try (ManagedUnitOfWork uow = q.repo().begin()) {
      QueueWrites writes = q.repo().in(uow);
      writes.retryJob(RetryRequest.of(id, Duration.ofSeconds(7)));
      writes.logJobs(List.of(JobOutcome.held(id, null)));
      // WHEN
      uow.commit();
    }
    // THEN held, with the retry's attempts and execute_after
    assertThat(q.job(id).status()).isEqualTo(JobStatus.FAILED);
    assertThat(q.job(id).attempts()).isEqualTo(1);
    assertThat(q.job(id).executeAfter()).isEqualTo(q.now().plusSeconds(7));
    assertThat(q.statuses(id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.QUEUED, JobStatus.FAILED);
  }

  @Test
  default void aUnitCanCancelItsOwnUncommittedJob(ContractQueue q) {
    // GIVEN
    try (ManagedUnitOfWork uow = q.repo().begin()) {
      QueueWrites writes = q.repo().in(uow);
      JobId id = writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))).single();
      // WHEN
      assertThat(writes.cancelJobs(List.of(id))).isEqualTo(1);
      writes.enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
      uow.commit();
    }
    // THEN
    assertThat(q.statuses(JobId.of(1))).containsExactly(JobStatus.QUEUED, JobStatus.CANCELED);
    assertThat(q.job(JobId.of(2)).dedupeKey()).isEqualTo("k");
  }
}
