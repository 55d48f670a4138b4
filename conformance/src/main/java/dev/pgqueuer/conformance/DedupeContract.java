package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.idsOf;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.log;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.port.RetryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Deduplication on enqueue: the rule (E3), RAISE (E4), SKIP (E5), the event (E6) and id consumption (I1).
 */
public interface DedupeContract extends ContractSupport {

  @Test
  default void raiseRejectsKeyHeldByQueuedJob(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDedupeKey("k"));
    // WHEN / THEN
    assertThatThrownBy(() -> q.enqueue(NewJob.of("e").withDedupeKey("k")))
        .isInstanceOfSatisfying(DuplicateJobException.class, e -> assertThat(e.dedupeKeys()).containsExactly("k"));
    assertThat(idsOf(q.repository().browseQueue(BrowseQuery.all()))).isEqualTo(ids(1));
  }

  @Test
  default void raiseRejectsKeyHeldByPickedJob(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDedupeKey("k"));
    assertThat(dequeue(q, 1, "e")).hasSize(1);
    // WHEN / THEN
    assertThatThrownBy(() -> q.enqueue(NewJob.of("e").withDedupeKey("k")))
        .isInstanceOf(DuplicateJobException.class);
    assertThat(idsOf(q.repository().browseQueue(BrowseQuery.all()))).isEqualTo(ids(1));
  }

  @Test
  default void keyClashesAcrossEntrypoints(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("a").withDedupeKey("k"));
    // WHEN / THEN
    assertThatThrownBy(() -> q.enqueue(NewJob.of("b").withDedupeKey("k")))
        .isInstanceOf(DuplicateJobException.class);
  }

  @Test
  default void raiseRejectsDuplicateKeyInsideOneBatch(TestQueue q) {
    // WHEN
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class, () -> q.repository().enqueue(
        EnqueueRequest.of(NewJob.of("e").withDedupeKey("a"), NewJob.of("e").withDedupeKey("b"),
            NewJob.of("e").withDedupeKey("a"))));
    // THEN
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).containsExactly("a", "b", "a");
    assertThat(e.clashingKey()).isEqualTo("a");
    assertThat(q.repository().browseQueue(BrowseQuery.all())).isEmpty();
  }

  @Test
  default void duplicateExceptionCarriesEveryKeyOfTheCallInInputOrderIncludingNulls(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDedupeKey("taken"));
    // WHEN
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class, () -> q.repository().enqueue(
        EnqueueRequest.of(NewJob.of("e"), NewJob.of("e").withDedupeKey("z"), NewJob.of("e").withDedupeKey("taken"),
            NewJob.of("e"), NewJob.of("e").withDedupeKey("a"))));
    // THEN
    assertThat(e).isNotNull();
    assertThat(e.dedupeKeys()).isEqualTo(Arrays.asList(null, "z", "taken", null, "a"));
    assertThat(e.clashingKey()).isEqualTo("taken");
  }

  @Test
  default void theExceptionNamesTheClashingKeyAndNotEveryKeyOfALargeCall(TestQueue q) {
    // GIVEN a held key, and a batch of 10,000 keys whose 5,001st is that one and whose last repeats an earlier one
    q.enqueue(NewJob.of("e").withDedupeKey("taken"));
    List<NewJob> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      batch.add(NewJob.of("e").withDedupeKey(i == 5_000 ? "taken" : i == 9_999 ? "key-1" : "key-" + i));
    }
    // WHEN
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.repository().enqueue(EnqueueRequest.of(batch)));
    // THEN the first clash in input order is named, and the message stays short
    assertThat(e).isNotNull();
    assertThat(e.clashingKey()).isEqualTo("taken");
    assertThat(e.getMessage()).contains("\"taken\"").contains("10000 jobs").doesNotContain("key-9998")
        .hasSizeLessThan(300);
    assertThat(e.dedupeKeys()).hasSize(10_000);
    assertThat(q.repository().browseQueue(BrowseQuery.all())).hasSize(1);
  }

  @Test
  default void failedRaiseCallInsertsNothingWritesNoLogAndSendsNoEvent(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDedupeKey("k"));
    List<LogEntry> logBefore = q.repository().queueLog();
    EventRecorder events = recordEvents(q);
    // WHEN
    assertThatThrownBy(() -> enqueueAll(q, NewJob.of("e").withDedupeKey("fresh"), NewJob.of("e"),
        NewJob.of("e").withDedupeKey("k"))).isInstanceOf(DuplicateJobException.class);
    // THEN
    assertThat(idsOf(q.repository().browseQueue(BrowseQuery.all()))).isEqualTo(ids(1));
    assertThat(q.repository().queueLog()).isEqualTo(logBefore);
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void failedRaiseCallConsumesOneIdPerRow(TestQueue q) {
    // GIVEN job 1 holds "k"
    q.enqueue(NewJob.of("e").withDedupeKey("k"));
    // WHEN a 5-row call fails on its first row, then a 2-row call fails on its second row
    assertThatThrownBy(() -> enqueueAll(q, NewJob.of("e").withDedupeKey("k"), NewJob.of("e"), NewJob.of("e"),
        NewJob.of("e"), NewJob.of("e"))).isInstanceOf(DuplicateJobException.class);
    assertThatThrownBy(() -> enqueueAll(q, NewJob.of("e").withDedupeKey("x"), NewJob.of("e").withDedupeKey("x")))
        .isInstanceOf(DuplicateJobException.class);
    // THEN ids 2..8 are gone
    assertThat(q.enqueue("e")).isEqualTo(JobId.of(9));
  }

  @Test
  default void failedRaiseCallDoesNotReserveItsOtherKeys(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDedupeKey("k"));
    assertThatThrownBy(() -> enqueueAll(q, NewJob.of("e").withDedupeKey("other"), NewJob.of("e").withDedupeKey("k")))
        .isInstanceOf(DuplicateJobException.class);
    // WHEN
    JobId id = q.enqueue(NewJob.of("e").withDedupeKey("other"));
    // THEN
    assertThat(id).isEqualTo(JobId.of(4));
  }

  @Test
  default void skipLeavesAnEmptyPositionForEachClashingRow(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDedupeKey("k"));
    // WHEN
    EnqueueResult result = q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("x"),
        NewJob.of("e").withDedupeKey("k"), NewJob.of("e")).onConflict(OnConflict.SKIP));
    // THEN
    assertThat(result.rows()).containsExactly(Optional.of(JobId.of(2)), Optional.empty(), Optional.of(JobId.of(4)));
    assertThat(idsOf(q.repository().browseQueue(BrowseQuery.all()))).isEqualTo(ids(1, 2, 4));
  }

  @Test
  default void skipKeepsTheFirstOccurrenceInsideOneBatch(TestQueue q) {
    // WHEN
    EnqueueResult result = q.repository().enqueue(EnqueueRequest.of(
        NewJob.of("first").withDedupeKey("k").withPriority(1),
        NewJob.of("second").withDedupeKey("k").withPriority(9)).onConflict(OnConflict.SKIP));
    // THEN
    assertThat(result.rows()).containsExactly(Optional.of(JobId.of(1)), Optional.empty());
    assertThat(job(q, JobId.of(1)).entrypoint()).isEqualTo("first");
    assertThat(job(q, JobId.of(1)).priority()).isEqualTo(1);
    assertThat(q.repository().findJob(JobId.of(2))).isEmpty();
  }

  @Test
  default void skipWritesNoLogRowForSkippedRows(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDedupeKey("k"));
    Instant now = q.advance(Duration.ofSeconds(1));
    // WHEN
    q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"), NewJob.of("e").withDedupeKey("n"),
        NewJob.of("e").withDedupeKey("n")).onConflict(OnConflict.SKIP));
    // THEN
    assertThat(q.repository().queueLog()).hasSize(2);
    assertThat(q.repository().queueLog().get(1))
        .isEqualTo(new LogEntry(now, JobId.of(3), JobStatus.QUEUED, 0, "e", null, false));
    assertThat(log(q, JobId.of(2))).isEmpty();
    assertThat(log(q, JobId.of(4))).isEmpty();
  }

  @Test
  default void skipSendsTheInsertEventEvenWhenEveryRowIsSkipped(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDedupeKey("k"));
    EventRecorder events = recordEvents(q);
    Instant now = q.advance(Duration.ofSeconds(1));
    // WHEN
    EnqueueResult result = q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k"),
        NewJob.of("e").withDedupeKey("k")).onConflict(OnConflict.SKIP));
    // THEN
    assertThat(result.rows()).containsExactly(Optional.empty(), Optional.empty());
    assertThat(events.settle()).containsExactly(new TableChangedEvent(q.repository().channel(), now,
        TableOperation.INSERT, q.repository().names().queueTable()));
  }

  @Test
  default void nullKeysNeverClash(TestQueue q) {
    // GIVEN
    q.enqueue("e");
    // WHEN
    List<JobId> got = enqueueAll(q, NewJob.of("e"), NewJob.of("e").withDedupeKey(null), NewJob.of("e"));
    // THEN
    assertThat(got).isEqualTo(ids(2, 3, 4));
  }

  @Test
  default void emptyStringIsADedupeKey(TestQueue q) {
    // GIVEN
    JobId first = q.enqueue(NewJob.of("e").withDedupeKey(""));
    // WHEN / THEN
    assertThat(job(q, first).dedupeKey()).isEqualTo("");
    assertThatThrownBy(() -> q.enqueue(NewJob.of("e").withDedupeKey("")))
        .isInstanceOfSatisfying(DuplicateJobException.class, e -> assertThat(e.dedupeKeys()).containsExactly(""));
  }

  @Test
  default void keysAreComparedExactly(TestQueue q) {
    // WHEN keys differing only by case, trailing space or normalisation
    List<JobId> got = enqueueAll(q, NewJob.of("e").withDedupeKey("k"), NewJob.of("e").withDedupeKey("K"),
        NewJob.of("e").withDedupeKey("k "), NewJob.of("e").withDedupeKey("\u00e9"),
        NewJob.of("e").withDedupeKey("e\u0301"));
    // THEN
    assertThat(got).isEqualTo(ids(1, 2, 3, 4, 5));
  }

  @Test
  default void keyIsFreeAfterSuccessfulOutcome(TestQueue q) {
    assertKeyFreeAfter(q, id -> q.repository().logJobs(List.of(JobOutcome.successful(id))));
  }

  @Test
  default void keyIsFreeAfterExceptionOutcome(TestQueue q) {
    assertKeyFreeAfter(q, id -> q.repository().logJobs(List.of(JobOutcome.exception(id, null))));
  }

  @Test
  default void keyIsFreeAfterCanceledOutcome(TestQueue q) {
    assertKeyFreeAfter(q, id -> q.repository().logJobs(List.of(new JobOutcome(id, JobStatus.CANCELED, null))));
  }

  @Test
  default void keyIsFreeAfterDeletedOutcome(TestQueue q) {
    assertKeyFreeAfter(q, id -> q.repository().logJobs(List.of(new JobOutcome(id, JobStatus.DELETED, null))));
  }

  @Test
  default void keyIsFreeWhileItsJobIsHeld(TestQueue q) {
    assertKeyFreeAfter(q, id -> q.repository().logJobs(List.of(JobOutcome.held(id, null))));
    assertThat(job(q, JobId.of(1)).status()).isEqualTo(JobStatus.FAILED);
    assertThat(job(q, JobId.of(1)).dedupeKey()).isEqualTo("k");
  }

  @Test
  default void keyIsFreeAfterCancelJobs(TestQueue q) {
    assertKeyFreeAfter(q, id -> q.repository().cancelJobs(List.of(id)));
  }

  @Test
  default void keyIsFreeAfterClearingItsEntrypoint(TestQueue q) {
    assertKeyFreeAfter(q, id -> q.repository().clearQueue(EntrypointScope.of("e")));
  }

  @Test
  default void keyIsStillTakenAfterRetry(TestQueue q) {
    // GIVEN a picked job with key "k" that is retried
    JobId id = q.enqueue(NewJob.of("e").withDedupeKey("k"));
    dequeue(q, 1, "e");
    assertThat(q.repository().retryJob(RetryRequest.of(id, Duration.ofSeconds(10)))).isTrue();
    // WHEN / THEN
    assertThatThrownBy(() -> q.enqueue(NewJob.of("e").withDedupeKey("k"))).isInstanceOf(DuplicateJobException.class);
    EnqueueResult skipped = q.repository().enqueue(
        EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")).onConflict(OnConflict.SKIP));
    assertThat(skipped.rows()).containsExactly(Optional.empty());
  }

  /** Enqueues job 1 with key "k" and picks it, runs {@code release}, then proves "k" can be enqueued again. */
  private static void assertKeyFreeAfter(TestQueue q, java.util.function.Consumer<JobId> release) {
    // GIVEN a picked job holding "k"
    JobId id = q.enqueue(NewJob.of("e").withDedupeKey("k"));
    assertThat(dequeue(q, 1, "e")).hasSize(1);
    // WHEN
    release.accept(id);
    // THEN both modes accept the key again, and the SKIP row is then skipped against the new holder
    JobId again = q.enqueue(NewJob.of("e").withDedupeKey("k"));
    assertThat(again).isEqualTo(JobId.of(2));
    assertThat(job(q, again).dedupeKey()).isEqualTo("k");
    EnqueueResult skipped = q.repository().enqueue(
        EnqueueRequest.of(NewJob.of("e").withDedupeKey("k")).onConflict(OnConflict.SKIP));
    assertThat(skipped.rows()).containsExactly(Optional.empty());
  }
}
