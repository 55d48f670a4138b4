package dev.pgqueuer.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobId;
import dev.pgqueuer.Payload;
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
  default void nullEntrypointIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "entrypoint",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of(null))));
  }

  @Test
  default void emptyEntrypointIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "entrypoint",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of(""))));
  }

  @Test
  default void blankEntrypointIsRejectedEvenAfterValidRows(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "entrypoint",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of("ok"), NewJob.of(" \t\n"))));
  }

  @Test
  default void entrypointWithNulCharacterIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "entrypoint",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of("a\0b"))));
  }

  @Test
  default void dedupeKeyWithNulCharacterIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "dedupeKey",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of("e").withDedupeKey("k\0"))));
  }

  @Test
  default void nullHeadersAreRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "headers",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(null))));
  }

  @Test
  default void headerKeyWithNulCharacterIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "headers",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(Map.of("k\0", "v")))));
  }

  @Test
  default void headerValueWithNulCharacterIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "headers",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(Map.of("k", "\0")))));
  }

  @Test
  default void nullHeaderValueIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "headers", () -> {
      Map<String, String> headers = new HashMap<>();
      headers.put("k", null);
      q.repo().enqueue(EnqueueRequest.of(NewJob.of("e").withHeaders(headers)));
    });
  }

  @Test
  default void nullDelayIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "delay",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of("e").withDelay(null))));
  }

  @Test
  default void delayBeyondOneHundredThousandDaysIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "delay",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of("e").withDelay(Duration.ofDays(100_000).plusNanos(1_000)))));
  }

  @Test
  default void negativeDelayBeyondOneHundredThousandDaysIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "delay",
        () -> q.repo().enqueue(EnqueueRequest.of(NewJob.of("e").withDelay(Duration.ofDays(-100_001)))));
  }

  @Test
  default void nullJobListIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "jobs",
        () -> q.repo().enqueue(new EnqueueRequest(null, OnConflict.RAISE)));
  }

  @Test
  default void nullJobInTheListIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "jobs", () -> {
      List<NewJob> jobs = new ArrayList<>(Arrays.asList(NewJob.of("e"), null));
      q.repo().enqueue(new EnqueueRequest(jobs, OnConflict.SKIP));
    });
  }

  @Test
  default void nullConflictModeIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "onConflict",
        () -> q.repo().enqueue(new EnqueueRequest(List.of(NewJob.of("e")), null)));
  }

  @Test
  default void nullEnqueueRequestIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "request", () -> q.repo().enqueue(null));
  }

  @Test
  default void raggedPriorityColumnIsRejectedNamingTheColumn(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "priorities",
        () -> q.repo().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(2), List.of(1), null, null,
            null, OnConflict.RAISE)));
  }

  @Test
  default void raggedPayloadColumnIsRejectedNamingTheColumn(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "payloads",
        () -> q.repo().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(3), List.of(1, 2), null, null,
            null, OnConflict.RAISE)));
  }

  @Test
  default void raggedDelayColumnIsRejectedNamingTheColumn(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "delays",
        () -> q.repo().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(2), List.of(1, 2),
            List.of(Duration.ZERO), null, null, OnConflict.RAISE)));
  }

  @Test
  default void raggedDedupeKeyColumnIsRejectedNamingTheColumn(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "dedupeKeys",
        () -> q.repo().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(2), List.of(1, 2), null,
            List.of("x", "y", "z"), null, OnConflict.SKIP)));
  }

  @Test
  default void raggedHeaderColumnIsRejectedNamingTheColumn(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "headers",
        () -> q.repo().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(2), List.of(1, 2), null, null,
            List.of(Map.of()), OnConflict.RAISE)));
  }

  @Test
  default void nullPriorityInTheColumnIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "priorities", () -> {
      List<Integer> priorities = new ArrayList<>(Arrays.asList(1, null));
      q.repo().enqueue(EnqueueRequest.fromColumns(List.of("a", "b"), payloads(2), priorities, null, null,
          null, OnConflict.RAISE));
    });
  }

  @Test
  default void batchSizeBelowOneIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "batchSize",
        () -> q.dequeue(q.dequeueRequest().entrypoint("e").batchSize(0).build()));
    assertThatThrownBy(() -> q.dequeue(q.dequeueRequest().entrypoint("e").batchSize(-1).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
  }

  @Test
  default void negativeConcurrencyLimitIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "concurrency limit",
        () -> q.dequeue(q.dequeueRequest().entrypoint("e", -1).build()));
  }

  @Test
  default void nullConcurrencyLimitIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "entrypoints", () -> {
      Map<String, Integer> limits = new HashMap<>();
      limits.put("e", null);
      q.dequeue(new DequeueRequest(1, limits, q.worker(), null, Duration.ofSeconds(30)));
    });
  }

  @Test
  default void blankEntrypointInADequeueIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "entrypoints",
        () -> q.dequeue(q.dequeueRequest().entrypoint("e").entrypoint(" ").build()));
  }

  @Test
  default void nullEntrypointMapIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "entrypoints",
        () -> q.dequeue(new DequeueRequest(1, null, q.worker(), null, Duration.ofSeconds(30))));
  }

  @Test
  default void workerBudgetBelowOneIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "workerLimit",
        () -> q.dequeue(q.dequeueRequest().entrypoint("e").workerLimit(0).build()));
  }

  @Test
  default void nullWorkerIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "worker",
        () -> q.dequeue(new DequeueRequest(1, Map.of("e", 0), null, null, Duration.ofSeconds(30))));
  }

  @Test
  default void negativeHeartbeatTimeoutIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "heartbeatTimeout",
        () -> q.dequeue(q.dequeueRequest().entrypoint("e").heartbeatTimeout(Duration.ofNanos(-1_000)).build()));
  }

  @Test
  default void heartbeatTimeoutBeyondOneHundredThousandDaysIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, IllegalArgumentException.class, "heartbeatTimeout",
        () -> q.dequeue(q.dequeueRequest().entrypoint("e").heartbeatTimeout(Duration.ofDays(100_001)).build()));
  }

  @Test
  default void nullHeartbeatTimeoutIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "heartbeatTimeout",
        () -> q.dequeue(q.dequeueRequest().entrypoint("e").heartbeatTimeout(null).build()));
  }

  @Test
  default void nullDequeueRequestIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "request", () -> q.repo().dequeue(null));
  }

  @Test
  default void nullDequeueAllListIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "requests", () -> q.repo().dequeueAll(null));
  }

  @Test
  default void nullRequestAmongDequeueAllRequestsIsRejectedBeforeAnyClaim(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "requests", () -> q.repo().dequeueAll(
        Arrays.asList(q.dequeueRequest().entrypoint("e").build(), null)));
  }

  @Test
  default void nullHeartbeatIdsAreRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "ids", () -> q.repo().updateHeartbeat(null));
  }

  @Test
  default void nullIdAmongHeartbeatIdsIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "ids", () -> {
      List<JobId> ids = new ArrayList<>(Arrays.asList(JobId.of(1), null, JobId.of(2)));
      q.repo().updateHeartbeat(ids);
    });
  }

  @Test
  default void nullEntrypointSetsOfProbesAreRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "entrypoints",
        () -> q.repo().queuedWork(null));
    assertThatThrownBy(() -> q.repo().eligibleQueuedWork(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("entrypoints");
    assertThatThrownBy(() -> q.repo().nextDeferredEta(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("entrypoints");
  }

  @Test
  default void nullIdOfFindJobIsRejected(ContractQueue q) {
    NoEffect.assertRejected(q, NullPointerException.class, "id", () -> q.repo().findJob(null));
  }

  private static List<@Nullable Payload> payloads(int n) {
    List<@Nullable Payload> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(null);
    }
    return out;
  }
}
