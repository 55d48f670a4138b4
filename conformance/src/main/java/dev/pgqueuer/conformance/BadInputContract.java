package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.WORKER;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.dequeueRequest;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobId;
import dev.pgqueuer.Payload;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Bad input to enqueue, dequeue, heartbeats and probes (section 10, E7, I1): the exception type, a message naming
 * the argument, and no effect at all (no row, no log row, no event, no id consumed).
 */
public interface BadInputContract extends ContractSupport {

  @Test
  default void nullEntrypointIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "entrypoint",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of(null))));
  }

  @Test
  default void emptyEntrypointIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "entrypoint",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of(""))));
  }

  @Test
  default void blankEntrypointIsRejectedEvenAfterValidRows(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "entrypoint",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("ok"), NewJob.of(" \t\n"))));
  }

  @Test
  default void entrypointWithNulCharacterIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "entrypoint",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("a\0b"))));
  }

  @Test
  default void dedupeKeyWithNulCharacterIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "dedupeKey",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k\0"))));
  }

  @Test
  default void nullHeadersAreRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "headers",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(null))));
  }

  @Test
  default void headerKeyWithNulCharacterIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "headers",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(Map.of("k\0", "v")))));
  }

  @Test
  default void headerValueWithNulCharacterIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "headers",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(Map.of("k", "\0")))));
  }

  @Test
  default void nullHeaderValueIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "headers", () -> {
      Map<String, String> headers = new HashMap<>();
      headers.put("k", null);
      q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(headers)));
    });
  }

  @Test
  default void nullDelayIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "delay",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDelay(null))));
  }

  @Test
  default void delayBeyondOneHundredThousandDaysIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "delay",
        () -> q.repository().enqueue(
            EnqueueRequest.of(NewJob.of("e").withDelay(Duration.ofDays(100_000).plusNanos(1_000)))));
  }

  @Test
  default void negativeDelayBeyondOneHundredThousandDaysIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "delay",
        () -> q.repository().enqueue(EnqueueRequest.of(NewJob.of("e").withDelay(Duration.ofDays(-100_001)))));
  }

  @Test
  default void nullJobListIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "jobs",
        () -> q.repository().enqueue(new EnqueueRequest(null, OnConflict.RAISE)));
  }

  @Test
  default void nullJobInTheListIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "jobs", () -> {
      List<NewJob> jobs = new ArrayList<>(Arrays.asList(NewJob.of("e"), null));
      q.repository().enqueue(new EnqueueRequest(jobs, OnConflict.SKIP));
    });
  }

  @Test
  default void nullConflictModeIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "onConflict",
        () -> q.repository().enqueue(new EnqueueRequest(List.of(NewJob.of("e")), null)));
  }

  @Test
  default void nullEnqueueRequestIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "request", () -> q.repository().enqueue(null));
  }

  @Test
  default void raggedPriorityColumnIsRejectedNamingTheColumn(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "priorities",
        () -> q.repository().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(2), List.of(1), null, null,
            null, OnConflict.RAISE)));
  }

  @Test
  default void raggedPayloadColumnIsRejectedNamingTheColumn(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "payloads",
        () -> q.repository().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(3), List.of(1, 2), null,
            null, null, OnConflict.RAISE)));
  }

  @Test
  default void raggedDelayColumnIsRejectedNamingTheColumn(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "delays",
        () -> q.repository().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(2), List.of(1, 2),
            List.of(Duration.ZERO), null, null, OnConflict.RAISE)));
  }

  @Test
  default void raggedDedupeKeyColumnIsRejectedNamingTheColumn(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "dedupeKeys",
        () -> q.repository().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(2), List.of(1, 2), null,
            List.of("x", "y", "z"), null, OnConflict.SKIP)));
  }

  @Test
  default void raggedHeaderColumnIsRejectedNamingTheColumn(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "headers",
        () -> q.repository().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(2), List.of(1, 2), null,
            null, List.of(Map.of()), OnConflict.RAISE)));
  }

  @Test
  default void nullPriorityInTheColumnIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "priorities", () -> {
      List<Integer> priorities = new ArrayList<>(Arrays.asList(1, null));
      q.repository().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(2), priorities, null, null,
          null, OnConflict.RAISE));
    });
  }

  @Test
  default void batchSizeBelowOneIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "batchSize",
        () -> dequeue(q, dequeueRequest().entrypoint("e").batchSize(0).build()));
    assertThatThrownBy(() -> dequeue(q, dequeueRequest().entrypoint("e").batchSize(-1).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
  }

  @Test
  default void negativeConcurrencyLimitIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "concurrency limit",
        () -> dequeue(q, dequeueRequest().entrypoint("e", -1).build()));
  }

  @Test
  default void nullConcurrencyLimitIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "entrypoints", () -> {
      Map<String, Integer> limits = new HashMap<>();
      limits.put("e", null);
      dequeue(q, new DequeueRequest(1, limits, WORKER, null, Duration.ofSeconds(30)));
    });
  }

  @Test
  default void blankEntrypointInADequeueIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "entrypoints",
        () -> dequeue(q, dequeueRequest().entrypoint("e").entrypoint(" ").build()));
  }

  @Test
  default void nullEntrypointMapIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "entrypoints",
        () -> dequeue(q, new DequeueRequest(1, null, WORKER, null, Duration.ofSeconds(30))));
  }

  @Test
  default void workerBudgetBelowOneIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "workerLimit",
        () -> dequeue(q, dequeueRequest().entrypoint("e").workerLimit(0).build()));
  }

  @Test
  default void nullWorkerIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "worker",
        () -> dequeue(q, new DequeueRequest(1, Map.of("e", 0), null, null, Duration.ofSeconds(30))));
  }

  @Test
  default void negativeHeartbeatTimeoutIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "heartbeatTimeout",
        () -> dequeue(q, dequeueRequest().entrypoint("e").heartbeatTimeout(Duration.ofNanos(-1_000)).build()));
  }

  @Test
  default void heartbeatTimeoutBeyondOneHundredThousandDaysIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "heartbeatTimeout",
        () -> dequeue(q, dequeueRequest().entrypoint("e").heartbeatTimeout(Duration.ofDays(100_001)).build()));
  }

  @Test
  default void nullHeartbeatTimeoutIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "heartbeatTimeout",
        () -> dequeue(q, dequeueRequest().entrypoint("e").heartbeatTimeout(null).build()));
  }

  @Test
  default void nullDequeueRequestIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "request", () -> q.repository().dequeue(null));
  }

  @Test
  default void nullDequeueAllListIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "requests", () -> q.repository().dequeueAll(null));
  }

  @Test
  default void nullRequestAmongDequeueAllRequestsIsRejectedBeforeAnyClaim(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "requests", () -> q.repository().dequeueAll(
        Arrays.asList(dequeueRequest().entrypoint("e").build(), null)));
  }

  @Test
  default void nullHeartbeatIdsAreRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "ids", () -> q.repository().updateHeartbeat(null));
  }

  @Test
  default void nullIdAmongHeartbeatIdsIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "ids", () -> {
      List<JobId> ids = new ArrayList<>(Arrays.asList(JobId.of(1), null, JobId.of(2)));
      q.repository().updateHeartbeat(ids);
    });
  }

  @Test
  default void nullEntrypointSetsOfProbesAreRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "entrypoints",
        () -> q.repository().queuedWork(null));
    assertThatThrownBy(() -> q.repository().eligibleQueuedWork(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("entrypoints");
    assertThatThrownBy(() -> q.repository().nextDeferredEta(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("entrypoints");
  }

  @Test
  default void nullIdOfFindJobIsRejected(TestQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "id", () -> q.repository().findJob(null));
  }

  private static List<@Nullable Payload> payloads(int n) {
    List<@Nullable Payload> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(null);
    }
    return out;
  }
}
