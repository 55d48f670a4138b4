package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.job;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static dev.pgqueuer.conformance.ContractSteps.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.Payload;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Enqueue: ids (I1), the stored row (T1, E1, E2), the log (E1, R4) and the {@code insert} event (E6).
 * Dedupe conflicts are in {@link DedupeContract}.
 */
public interface EnqueueContract extends ContractSupport {

  @Test
  default void firstJobOfAFreshQueueGetsIdOne(TestQueue q) {
    // WHEN
    EnqueueResult result = q.repository().enqueue(EnqueueRequest.of(NewJob.of("e")));
    // THEN
    assertThat(result.rows()).containsExactly(Optional.of(JobId.of(1)));
  }

  @Test
  default void batchEnqueueReturnsOneIdPerJobIncreasingInInputOrder(TestQueue q) {
    // WHEN
    EnqueueResult result = q.repository().enqueue(EnqueueRequest.of(
        NewJob.of("c").withPriority(1), NewJob.of("a").withPriority(9), NewJob.of("b").withPriority(5)));
    // THEN
    assertThat(result.insertedIds()).isEqualTo(ids(1, 2, 3));
    assertThat(job(q, JobId.of(1)).entrypoint()).isEqualTo("c");
    assertThat(job(q, JobId.of(2)).entrypoint()).isEqualTo("a");
    assertThat(job(q, JobId.of(3)).entrypoint()).isEqualTo("b");
  }

  @Test
  default void idsContinueAcrossCalls(TestQueue q) {
    // GIVEN
    enqueueAll(q, NewJob.of("e"), NewJob.of("e"));
    // WHEN
    List<JobId> next = enqueueAll(q, NewJob.of("e"), NewJob.of("f"));
    // THEN
    assertThat(next).isEqualTo(ids(3, 4));
    assertThat(q.enqueue("g")).isEqualTo(JobId.of(5));
  }

  @Test
  default void enqueueStampsCreatedUpdatedAndHeartbeatWithNow(TestQueue q) {
    // GIVEN a clock that is not at its start and has sub-millisecond digits
    Instant now = q.advance(Duration.ofSeconds(3).plusNanos(123_456_000));
    // WHEN
    JobId id = q.enqueue("e");
    // THEN
    Job job = job(q, id);
    assertThat(job.created()).isEqualTo(now);
    assertThat(job.updated()).isEqualTo(now);
    assertThat(job.heartbeat()).isEqualTo(now);
    assertThat(job.executeAfter()).isEqualTo(now);
  }

  @Test
  default void enqueuedJobIsStoredWithEveryFieldAsGiven(TestQueue q) {
    // GIVEN
    Instant now = q.advance(Duration.ofMinutes(1));
    NewJob given = NewJob.of("reports").withPayload("hello").withPriority(7).withDelay(Duration.ofSeconds(90))
        .withDedupeKey("k-1").withHeaders(Map.of("trace", "abc", "tenant", "t1"));
    // WHEN
    JobId id = q.enqueue(given);
    // THEN
    assertThat(job(q, id)).isEqualTo(new Job(JobId.of(1), 7, now, now, now, now.plusSeconds(90), JobStatus.QUEUED,
        "reports", Payload.ofUtf8("hello"), 0, null, Map.of("trace", "abc", "tenant", "t1"), "k-1"));
  }

  @Test
  default void newJobIsQueuedWithZeroAttemptsAndNoWorker(TestQueue q) {
    // WHEN
    JobId id = q.enqueue(NewJob.of("e").withDelay(Duration.ofHours(1)));
    // THEN
    Job job = job(q, id);
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.attempts()).isZero();
    assertThat(job.worker()).isNull();
  }

  @Test
  default void executeAfterIsNowPlusThePositiveDelay(TestQueue q) {
    // GIVEN
    Instant now = q.now();
    // WHEN
    List<JobId> got = enqueueAll(q, NewJob.of("e").withDelay(Duration.ofMillis(1500)),
        NewJob.of("e").withDelay(Duration.ofDays(3)), NewJob.of("e").withDelay(Duration.ofNanos(1_000)));
    // THEN
    assertThat(job(q, got.get(0)).executeAfter()).isEqualTo(now.plusMillis(1500));
    assertThat(job(q, got.get(1)).executeAfter()).isEqualTo(now.plus(Duration.ofDays(3)));
    assertThat(job(q, got.get(2)).executeAfter()).isEqualTo(now.plusNanos(1_000));
  }

  @Test
  default void zeroDelayMakesExecuteAfterEqualNow(TestQueue q) {
    // GIVEN
    Instant now = q.advance(Duration.ofSeconds(1));
    // WHEN
    JobId id = q.enqueue(NewJob.of("e").withDelay(Duration.ZERO));
    // THEN
    assertThat(job(q, id).executeAfter()).isEqualTo(now);
  }

  @Test
  default void negativeDelayPutsExecuteAfterInThePast(TestQueue q) {
    // GIVEN
    Instant now = q.now();
    // WHEN
    JobId id = q.enqueue(NewJob.of("e").withDelay(Duration.ofSeconds(-45)));
    // THEN
    assertThat(job(q, id).executeAfter()).isEqualTo(now.minusSeconds(45));
    assertThat(job(q, id).created()).isEqualTo(now);
  }

  @Test
  default void subMicrosecondDelayIsTruncatedToMicroseconds(TestQueue q) {
    // GIVEN
    Instant now = q.now();
    // WHEN
    JobId id = q.enqueue(NewJob.of("e").withDelay(Duration.ofNanos(2_999)));
    // THEN
    assertThat(job(q, id).executeAfter()).isEqualTo(now.plusNanos(2_000));
  }

  @Test
  default void largestAllowedDelaysAreStoredExactly(TestQueue q) {
    // GIVEN
    Instant now = q.now();
    Duration max = Duration.ofDays(100_000);
    // WHEN
    List<JobId> got = enqueueAll(q, NewJob.of("e").withDelay(max), NewJob.of("e").withDelay(max.negated()));
    // THEN
    assertThat(job(q, got.get(0)).executeAfter()).isEqualTo(now.plus(max));
    assertThat(job(q, got.get(1)).executeAfter()).isEqualTo(now.minus(max));
  }

  @Test
  default void nullPayloadIsReadBackAsNull(TestQueue q) {
    // WHEN
    JobId id = q.enqueue(NewJob.of("e").withPayload((Payload) null));
    // THEN
    assertThat(job(q, id).payload()).isNull();
  }

  @Test
  default void emptyPayloadIsReadBackEmptyNotNull(TestQueue q) {
    // WHEN
    JobId id = q.enqueue(NewJob.of("e").withPayload(Payload.of(new byte[0])));
    // THEN
    Payload payload = job(q, id).payload();
    assertThat(payload).isNotNull();
    assertThat(payload).isEqualTo(Payload.of(new byte[0]));
  }

  @Test
  default void arraysGivenToOrTakenFromAPayloadNeverAliasTheStoredJob(TestQueue q) {
    // GIVEN a job enqueued from an array the caller keeps
    byte[] given = {1, 2, 3};
    JobId id = q.enqueue(NewJob.of("e").withPayload(Payload.of(given)));
    // WHEN the caller changes that array, and the array read from a claimed job
    given[0] = 9;
    Job claimed = dequeue(q, 1, "e").get(0);
    claimed.payload().toByteArray()[1] = 9;
    // THEN the stored job is unchanged
    assertThat(job(q, id).payload()).isEqualTo(Payload.of(new byte[] {1, 2, 3}));
    assertThat(claimed.payload()).isEqualTo(Payload.of(new byte[] {1, 2, 3}));
  }

  @Test
  default void payloadBytesRoundTripExactly(TestQueue q) {
    // GIVEN every byte value, including NUL and invalid UTF-8
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (255 - i);
    }
    // WHEN
    JobId id = q.enqueue(NewJob.of("e").withPayload(Payload.of(bytes)));
    // THEN
    Payload payload = job(q, id).payload();
    assertThat(payload).isNotNull();
    assertThat(payload.toByteArray()).containsExactly(bytes);
  }

  @Test
  default void headersRoundTrip(TestQueue q) {
    // GIVEN
    Map<String, String> headers = Map.of("a", "1", "quote\"", "back\\slash", "ünï", "😀", "empty", "");
    // WHEN
    JobId id = q.enqueue(NewJob.of("e").withHeaders(headers));
    // THEN
    assertThat(job(q, id).headers()).isEqualTo(headers);
  }

  @Test
  default void emptyHeadersAreReadBackEmpty(TestQueue q) {
    // WHEN
    JobId id = q.enqueue(NewJob.of("e").withHeaders(Map.of()));
    // THEN
    assertThat(job(q, id).headers()).isEmpty();
  }

  @Test
  default void priorityExtremesRoundTrip(TestQueue q) {
    // WHEN
    List<JobId> got = enqueueAll(q, NewJob.of("e").withPriority(Integer.MIN_VALUE),
        NewJob.of("e").withPriority(Integer.MAX_VALUE), NewJob.of("e").withPriority(-1));
    // THEN
    assertThat(job(q, got.get(0)).priority()).isEqualTo(Integer.MIN_VALUE);
    assertThat(job(q, got.get(1)).priority()).isEqualTo(Integer.MAX_VALUE);
    assertThat(job(q, got.get(2)).priority()).isEqualTo(-1);
  }

  @Test
  default void entrypointTextRoundTrips(TestQueue q) {
    // GIVEN
    String entrypoint = " Größe/ñ 😀 'x' ";
    // WHEN
    JobId id = q.enqueue(entrypoint);
    // THEN
    assertThat(job(q, id).entrypoint()).isEqualTo(entrypoint);
  }

  @Test
  default void enqueueWritesOneQueuedLogRowPerJobInInputOrder(TestQueue q) {
    // GIVEN
    Instant now = q.advance(Duration.ofSeconds(5));
    // WHEN
    enqueueAll(q, NewJob.of("b").withPriority(3), NewJob.of("a").withPriority(-2).withDelay(Duration.ofHours(1)),
        NewJob.of("c"));
    // THEN
    assertThat(q.repository().queueLog()).containsExactly(
        new LogEntry(now, JobId.of(1), JobStatus.QUEUED, 3, "b", null, false),
        new LogEntry(now, JobId.of(2), JobStatus.QUEUED, -2, "a", null, false),
        new LogEntry(now, JobId.of(3), JobStatus.QUEUED, 0, "c", null, false));
  }

  @Test
  default void enqueueSendsOneInsertEvent(TestQueue q) {
    // GIVEN
    EventRecorder events = recordEvents(q);
    Instant now = q.advance(Duration.ofSeconds(2));
    // WHEN
    q.enqueue("e");
    // THEN
    assertThat(events.settle()).containsExactly(insertEvent(q, now));
  }

  @Test
  default void batchEnqueueSendsExactlyOneInsertEvent(TestQueue q) {
    // GIVEN
    EventRecorder events = recordEvents(q);
    Instant now = q.now();
    // WHEN
    enqueueAll(q, NewJob.of("a"), NewJob.of("b"), NewJob.of("c"), NewJob.of("d"));
    // THEN
    assertThat(events.settle()).containsExactly(insertEvent(q, now));
  }

  @Test
  default void emptyRequestDoesNothingAndSendsNoEvent(TestQueue q) {
    // GIVEN
    EventRecorder events = recordEvents(q);
    // WHEN
    EnqueueResult result = q.repository().enqueue(EnqueueRequest.of(List.of()));
    // THEN
    assertThat(result.rows()).isEmpty();
    assertThat(q.repository().queueLog()).isEmpty();
    assertThat(q.repository().queueSize()).isEmpty();
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void emptyRequestConsumesNoIds(TestQueue q) {
    // GIVEN
    q.enqueue("e");
    // WHEN
    q.repository().enqueue(EnqueueRequest.of(List.of()));
    q.repository().enqueue(new EnqueueRequest(List.of(), OnConflict.SKIP));
    // THEN
    assertThat(q.enqueue("e")).isEqualTo(JobId.of(2));
  }

  @Test
  default void skippedRowsStillConsumeTheirIds(TestQueue q) {
    // GIVEN
    q.enqueue(NewJob.of("e").withDedupeKey("k"));
    // WHEN a SKIP batch whose second and fourth rows clash
    EnqueueResult result = q.repository().enqueue(EnqueueRequest.of(NewJob.of("e"), NewJob.of("e").withDedupeKey("k"),
        NewJob.of("e").withDedupeKey("m"), NewJob.of("e").withDedupeKey("m")).onConflict(OnConflict.SKIP));
    // THEN
    assertThat(result.rows()).containsExactly(
        Optional.of(JobId.of(2)), Optional.empty(), Optional.of(JobId.of(4)), Optional.empty());
    assertThat(q.enqueue("e")).isEqualTo(JobId.of(6));
  }

  @Test
  default void skipModeWithoutClashesBehavesLikeRaise(TestQueue q) {
    // WHEN
    EnqueueResult result = q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("a"),
        NewJob.of("e").withDedupeKey("b"), NewJob.of("e")).onConflict(OnConflict.SKIP));
    // THEN
    assertThat(result.rows()).containsExactly(
        Optional.of(JobId.of(1)), Optional.of(JobId.of(2)), Optional.of(JobId.of(3)));
    assertThat(statuses(q, JobId.of(3))).containsExactly(JobStatus.QUEUED);
  }

  @Test
  default void columnBatchStoresTheSameJobsAsNewJobs(TestQueue q) {
    // GIVEN
    Instant now = q.now();
    List<@Nullable Duration> delays = new ArrayList<>(Arrays.asList(Duration.ofSeconds(5), null));
    List<@Nullable String> keys = new ArrayList<>(Arrays.asList(null, "k"));
    List<@Nullable Payload> payloads = new ArrayList<>(Arrays.asList(Payload.ofUtf8("p"), null));
    // WHEN
    EnqueueResult result = q.repository().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads,
        List.of(4, -4), delays, keys, List.of(Map.of("h", "v"), Map.of()), OnConflict.RAISE));
    // THEN
    assertThat(result.insertedIds()).isEqualTo(ids(1, 2));
    assertThat(job(q, JobId.of(1))).isEqualTo(new Job(JobId.of(1), 4, now, now, now, now.plusSeconds(5),
        JobStatus.QUEUED, "a", Payload.ofUtf8("p"), 0, null, Map.of("h", "v"), null));
    assertThat(job(q, JobId.of(2))).isEqualTo(new Job(JobId.of(2), -4, now, now, now, now,
        JobStatus.QUEUED, "b", null, 0, null, Map.of(), "k"));
  }

  private static TableChangedEvent insertEvent(TestQueue q, Instant sentAt) {
    return new TableChangedEvent(q.repository().channel(), sentAt, TableOperation.INSERT,
        q.repository().names().queueTable());
  }
}
