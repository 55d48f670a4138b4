package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractFixtures.MINUTELY;
import static dev.pgqueuer.conformance.ContractFixtures.cancellationEvent;
import static dev.pgqueuer.conformance.ContractFixtures.held;
import static dev.pgqueuer.conformance.ContractFixtures.successful;
import static dev.pgqueuer.conformance.ContractFixtures.tableEvent;
import static dev.pgqueuer.conformance.ContractSteps.OTHER_WORKER;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.ids;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.JobId;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.port.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Section 8 of {@code docs/semantics.md}: which call sends which events (D31), their content ({@code sentAt} = the
 * call's now, the repository's channel, the bare queue table), delivery in call order to every subscriber, closing
 * a subscription, and the health-check echo.
 */
public interface NotificationContract extends ContractSupport {

  /** Waits for the next event of a raw listener, failing after the recorder's settle timeout. */
  private static QueueEvent next(BlockingQueue<QueueEvent> received) {
    try {
      QueueEvent event = received.poll(EventRecorder.SETTLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(event).as("an event within " + EventRecorder.SETTLE_TIMEOUT).isNotNull();
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for an event", e);
    }
  }

  @Test
  default void enqueueSendsOneInsertEventWithTheCallsNowChannelAndTable(TestQueue q) {
    // GIVEN a recorder and the clock at t0 + 1.5 s
    EventRecorder events = recordEvents(q);
    Instant at = q.advance(Duration.ofMillis(1_500));
    // WHEN two jobs are enqueued in one call
    enqueueAll(q, NewJob.of("a"), NewJob.of("b"));
    // THEN one insert event, sent at the call's now, on the repository's channel, naming the bare queue table
    List<QueueEvent> received = events.settle();
    assertThat(received).containsExactly(tableEvent(q.repository(), TableOperation.INSERT, at));
    TableChangedEvent event = (TableChangedEvent) received.get(0);
    assertThat(event.channel()).isEqualTo(q.repository().channel());
    assertThat(event.table()).isEqualTo(q.repository().names().queueTable());
    assertThat(event.sentAt()).isEqualTo(at);
  }

  @Test
  default void enqueueWhoseRowsWereAllSkippedStillSendsOneInsertEvent(TestQueue q) {
    // GIVEN an active job with key "k" and a recorder
    q.enqueue(NewJob.of("a").withDedupeKey("k"));
    EventRecorder events = recordEvents(q);
    // WHEN a SKIP enqueue of key "k" inserts nothing
    q.repository().enqueue(EnqueueRequest.of(NewJob.of("a").withDedupeKey("k")).onConflict(OnConflict.SKIP));
    // THEN one insert event was still sent (E6)
    assertThat(events.settle()).containsExactly(tableEvent(q.repository(), TableOperation.INSERT, q.now()));
  }

  @Test
  default void enqueueRaisingDuplicateJobSendsNoEvent(TestQueue q) {
    // GIVEN an active job with key "k" and a recorder
    q.enqueue(NewJob.of("a").withDedupeKey("k"));
    EventRecorder events = recordEvents(q);
    // WHEN a RAISE enqueue of key "k" fails
    DuplicateJobException e = catchThrowableOfType(DuplicateJobException.class,
        () -> q.enqueue(NewJob.of("a").withDedupeKey("k")));
    // THEN no event was sent
    assertThat(e).isNotNull();
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void dequeueOfFreshAndStaleJobsSendsNoEvent(TestQueue q) {
    // GIVEN a picked job gone stale and a fresh job, and a recorder
    q.enqueue("a");
    dequeue(q, 1, "a");
    q.advance(Duration.ofSeconds(31));
    q.enqueue("a");
    EventRecorder events = recordEvents(q);
    // WHEN both are dequeued by another worker
    assertThat(dequeue(q, DequeueRequest.builder(OTHER_WORKER).batchSize(2).entrypoint("a").build())).hasSize(2);
    // THEN no event was sent
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void heartbeatUpdatesSendNoEvent(TestQueue q) {
    // GIVEN a picked job and a recorder
    JobId id = q.enqueue("a");
    dequeue(q, 1, "a");
    EventRecorder events = recordEvents(q);
    // WHEN its heartbeat is updated
    assertThat(q.repository().updateHeartbeat(List.of(id))).isEqualTo(1);
    // THEN no event was sent
    assertThat(events.settle()).isEmpty();
  }

  @Test
  default void everyCallSendsTheEventsOfTheTableInCallOrder(TestQueue q) {
    // GIVEN a recorder
    EventRecorder events = recordEvents(q);
    UUID probe = UUID.fromString("12345678-1234-1234-1234-123456789abc");
    // WHEN each kind of call runs once, each at its own instant
    Instant enqueued = q.advance(Duration.ofSeconds(1));
    enqueueAll(q, NewJob.of("a"), NewJob.of("a"), NewJob.of("b"), NewJob.of("c"));
    q.advance(Duration.ofSeconds(1));
    dequeue(q, 2, "a");
    q.advance(Duration.ofSeconds(1));
    q.repository().updateHeartbeat(ids(1, 2));
    q.advance(Duration.ofSeconds(1));
    q.repository().retryJob(RetryRequest.of(JobId.of(2), Duration.ZERO));
    Instant heldAt = q.advance(Duration.ofSeconds(1));
    q.repository().logJobs(held(JobId.of(1)));
    q.advance(Duration.ofSeconds(1));
    q.repository().requeueJobs(ids(1));
    Instant completedAt = q.advance(Duration.ofSeconds(1));
    q.repository().logJobs(successful(JobId.of(1)));
    Instant canceledAt = q.advance(Duration.ofSeconds(1));
    q.repository().cancelJobs(ids(2, 8));
    Instant clearedAt = q.advance(Duration.ofSeconds(1));
    q.repository().clearQueue(EntrypointScope.of("b"));
    Instant truncatedAt = q.advance(Duration.ofSeconds(1));
    q.repository().clearQueue(EntrypointScope.all());
    q.advance(Duration.ofSeconds(1));
    q.repository().insertSchedules(List.of(ScheduleSpec.of("s", MINUTELY, Duration.ZERO)));
    q.repository().upgrade();
    Instant probedAt = q.advance(Duration.ofSeconds(1));
    q.repository().notifyHealthCheck(probe);
    // THEN the events are exactly those of the table, in call order, each stamped with its call's now (section 8)
    assertThat(events.settle()).containsExactly(
        tableEvent(q.repository(), TableOperation.INSERT, enqueued),
        tableEvent(q.repository(), TableOperation.DELETE, heldAt),
        tableEvent(q.repository(), TableOperation.DELETE, completedAt),
        tableEvent(q.repository(), TableOperation.DELETE, canceledAt),
        cancellationEvent(q.repository(), canceledAt, ids(2, 8)),
        tableEvent(q.repository(), TableOperation.DELETE, clearedAt),
        tableEvent(q.repository(), TableOperation.TRUNCATE, truncatedAt),
        new HealthCheckEvent(q.repository().channel(), probedAt, probe));
  }

  @Test
  default void twoSubscribersBothReceiveEveryEvent(TestQueue q) {
    // GIVEN two recorders
    EventRecorder first = recordEvents(q);
    EventRecorder second = recordEvents(q);
    // WHEN a job is enqueued and canceled
    JobId id = q.enqueue("a");
    q.repository().cancelJobs(List.of(id));
    // THEN both received the same three events (the second also sees the first one's probe)
    List<QueueEvent> expected = List.of(
        tableEvent(q.repository(), TableOperation.INSERT, q.now()),
        tableEvent(q.repository(), TableOperation.DELETE, q.now()),
        cancellationEvent(q.repository(), q.now(), List.of(id)));
    assertThat(first.settle()).isEqualTo(expected);
    assertThat(second.settle()).filteredOn(e -> !(e instanceof HealthCheckEvent)).isEqualTo(expected);
  }

  @Test
  default void closingASubscriptionStopsDeliveryToItOnly(TestQueue q) {
    // GIVEN a raw subscription that has received one event, and a recorder
    BlockingQueue<QueueEvent> received = new LinkedBlockingQueue<>();
    Subscription subscription = q.repository().subscribe(received::add);
    EventRecorder events = recordEvents(q);
    q.enqueue("a");
    assertThat(next(received)).isEqualTo(tableEvent(q.repository(), TableOperation.INSERT, q.now()));
    // WHEN it is closed (twice: closing is idempotent) and more events are sent
    subscription.close();
    subscription.close();
    q.advance(Duration.ofSeconds(1));
    q.enqueue("b");
    // THEN the recorder gets them and the closed subscription does not
    assertThat(events.settle()).containsExactly(
        tableEvent(q.repository(), TableOperation.INSERT, q.now().minusSeconds(1)),
        tableEvent(q.repository(), TableOperation.INSERT, q.now()));
    assertThat(received).isEmpty();
  }

  @Test
  default void healthCheckEchoCarriesTheProbeId(TestQueue q) {
    // GIVEN a raw subscription
    BlockingQueue<QueueEvent> received = new LinkedBlockingQueue<>();
    Subscription subscription = q.repository().subscribe(received::add);
    try {
      Instant at = q.advance(Duration.ofMillis(42));
      UUID probe = UUID.randomUUID();
      // WHEN a health check is sent
      q.repository().notifyHealthCheck(probe);
      // THEN its echo carries the id, the channel and the call's now
      assertThat(next(received)).isEqualTo(new HealthCheckEvent(q.repository().channel(), at, probe));
    } finally {
      subscription.close();
    }
  }

  @Test
  default void listenerFailureDoesNotStopDelivery(TestQueue q) {
    // GIVEN a listener that throws on its first event
    BlockingQueue<QueueEvent> received = new LinkedBlockingQueue<>();
    AtomicInteger calls = new AtomicInteger();
    Subscription subscription = q.repository().subscribe(event -> {
      received.add(event);
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("listener failure on purpose (expected in this test's output)");
      }
    });
    try {
      // WHEN two events are sent
      q.enqueue("a");
      UUID probe = UUID.randomUUID();
      q.repository().notifyHealthCheck(probe);
      // THEN both arrive in order
      assertThat(next(received)).isEqualTo(tableEvent(q.repository(), TableOperation.INSERT, q.now()));
      assertThat(next(received)).isEqualTo(new HealthCheckEvent(q.repository().channel(), q.now(), probe));
    } finally {
      subscription.close();
    }
  }
}
