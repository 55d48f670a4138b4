package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.Capability;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Units of work and other threads (docs/semantics.md, "Units of work", rules U5–U6): a call that needs a dedupe key
 * or a job row an open unit holds waits until the unit ends, then fails, skips or goes ahead as if it had run after
 * the unit; and what happens when the waiting thread is the unit's own (capability {@code DETECTS_SELF_WAIT}).
 */
public interface UnitOfWorkConcurrencyContract extends ContractSupport {

  /** Real-time bound for a waiting call to finish once the unit ended (the wait itself is proved by its ids). */
  Duration WAIT_BOUND = Duration.ofSeconds(20);

  /**
   * Starts {@code call} on another thread, which first draws {@code idsDrawn} ids and then has to wait; returns once
   * it has drawn them (seen by the ids that probe enqueues get), so it is waiting or about to.
   */
  private static <T> CompletableFuture<T> startWaiting(TestQueue q, long nextFreeId, int idsDrawn,
      Supplier<T> call) {
    CompletableFuture<T> future = CompletableFuture.supplyAsync(call);
    if (idsDrawn == 0) {
      return future; // nothing to see it by: the outcome is the same whenever it runs, and wrong if it did not wait
    }
    long deadline = System.nanoTime() + WAIT_BOUND.toNanos();
    long next = nextFreeId;
    long drawn = 0;
    while (true) {
      // every id a probe skips was drawn by the waiting call; a probe may draw between two of its ids (PostgreSQL
      // draws a multi-row insert's ids one by one), so they are counted over the probes, not read off one of them
      long probe = q.enqueue("probe").value();
      drawn += probe - next;
      next = probe + 1;
      if (drawn >= idsDrawn) {
        assertThat(drawn).as("ids drawn by the waiting call").isEqualTo(idsDrawn);
        return future;
      }
      if (future.isDone() || System.nanoTime() > deadline) {
        throw new AssertionError("the call did not wait for the open unit of work: " + future);
      }
    }
  }

  private static <T> T result(CompletableFuture<T> future) {
    try {
      return future.get(WAIT_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("the waiting call did not finish after the unit ended", e);
    }
  }

  @Test
  default void anotherThreadsEnqueueOfAHeldKeyWaitsAndFailsWhenTheUnitCommits(TestQueue q) {
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
      CompletableFuture<EnqueueResult> other = startWaiting(q, 2, 1,
          () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))));
      // WHEN
      uow.commit();
      // THEN
      assertThatThrownBy(() -> result(other)).isInstanceOfSatisfying(DuplicateJobException.class,
          e -> assertThat(e.clashingKey()).isEqualTo("k"));
    }
    assertThat(q.repository().browseQueue(BrowseQuery.all())).filteredOn(j -> "k".equals(j.dedupeKey())).hasSize(1);
  }

  @Test
  default void anotherThreadsEnqueueOfAHeldKeyWaitsAndInsertsWhenTheUnitRollsBack(TestQueue q) {
    CompletableFuture<EnqueueResult> other;
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
      other = startWaiting(q, 2, 1, () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))));
      // WHEN
      uow.rollback();
    }
    // THEN
    JobId id = result(other).single();
    assertThat(job(q, id).dedupeKey()).isEqualTo("k");
  }

  @Test
  default void anotherThreadsSkipEnqueueOfAHeldKeyWaitsAndSkipsWhenTheUnitCommits(TestQueue q) {
    CompletableFuture<EnqueueResult> other;
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
      other = startWaiting(q, 2, 2, () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"),
          NewJob.of("e").withDedupeKey("j")).onConflict(OnConflict.SKIP)));
      // WHEN
      uow.commit();
    }
    // THEN
    List<Optional<JobId>> rows = result(other).rows();
    assertThat(rows.get(0)).isEmpty();
    assertThat(job(q, rows.get(1).orElseThrow()).dedupeKey()).isEqualTo("j");
  }

  @Test
  default void anotherUnitsEnqueueOfAHeldKeyWaitsToo(TestQueue q) {
    CompletableFuture<EnqueueResult> other;
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
      other = startWaiting(q, 2, 1, () -> {
        try (ManagedUnitOfWork second = q.repository().begin()) {
          EnqueueResult r = q.repository().in(second).enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
          second.commit();
          return r;
        }
      });
      // WHEN
      uow.rollback();
    }
    // THEN
    JobId id = result(other).single();
    assertThat(job(q, id).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  default void anotherThreadsOutcomeForARowTheUnitHoldsWaitsAndFindsItGone(TestQueue q) {
    // GIVEN a picked job that a unit completes
    JobId id = q.enqueue("e");
    dequeue(q, 1, "e");
    CompletableFuture<Integer> other;
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).logJobs(List.of(JobOutcome.successful(id)));
      other = startWaiting(q, 2, 0, () -> q.repository().logJobs(List.of(JobOutcome.exception(id, null))));
      // WHEN
      uow.commit();
    }
    // THEN the later outcome finds no row and writes no log row
    assertThat(result(other)).isZero();
    assertThat(statuses(q, id)).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @Test
  default void uninstallWaitsForAUnitThatWrote(TestQueue q) {
    CompletableFuture<Boolean> other;
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e")));
      other = CompletableFuture.supplyAsync(() -> {
        q.repository().uninstall();
        return true;
      });
      // WHEN (had the uninstall not waited, this commit would find no queue)
      uow.commit();
    }
    // THEN
    assertThat(result(other)).isTrue();
    assertThat(q.repository().isInstalled()).isFalse();
  }

  @Test
  default void aCallThatWouldWaitForItsOwnThreadsUnitFailsFastInMemoryAndWaitsOnPostgres(TestQueue q) {
    try (ManagedUnitOfWork uow = q.repository().begin()) {
      q.repository().in(uow).enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")));
      if (q.repository().capabilities().contains(Capability.DETECTS_SELF_WAIT)) {
        // WHEN / THEN at once, with no effect but its drawn id; the unit is still usable
        assertThatThrownBy(() -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("calling thread opened");
        assertThat(uow.isOpen()).isTrue();
        uow.commit();
        assertThat(q.repository().browseQueue(BrowseQuery.all())).hasSize(1);
      } else {
        // PostgreSQL cannot tell threads apart: the call waits like any other thread's until the unit ends
        CompletableFuture<EnqueueResult> other = startWaiting(q, 2, 1,
            () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"))));
        uow.commit();
        assertThatThrownBy(() -> result(other)).isInstanceOf(DuplicateJobException.class);
      }
    }
  }
}
