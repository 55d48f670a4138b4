package dev.pgqueuer.conformance;

import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.StaleQuery;
import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.dequeueRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.JobOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code nextStaleEta} (T3): how long until a picked job of the entrypoints turns stale, the probe that wakes an idle
 * worker to re-pick the jobs of a crashed one at their heartbeat timeout.
 */
public interface StaleEtaContract extends ContractSupport {

  @Test
  default void nothingPickedMeansNothingTurnsStale(TestQueue q) {
    q.enqueue("e");
    assertThat(q.repository().nextStaleEta(new StaleQuery(Set.of("e"), timeout()))).isEmpty();
    assertThat(q.repository().nextStaleEta(new StaleQuery(Set.of(), timeout()))).isEmpty();
  }

  @Test
  default void theOldestHeartbeatDecidesAndTheEtaReachesZeroExactlyAtTheTimeout(TestQueue q) {
    // GIVEN job 1 picked at t0 and job 2 picked 3 s later
    q.enqueue("e");
    dequeue(q, dequeueRequest().batchSize(1).entrypoint("e").build());
    q.advance(Duration.ofSeconds(3));
    q.enqueue("e");
    dequeue(q, dequeueRequest().batchSize(1).entrypoint("e").build());
    // THEN the first one decides, microsecond-exact, down to zero and never below
    assertThat(q.repository().nextStaleEta(new StaleQuery(Set.of("e"), timeout()))).contains(Duration.ofSeconds(7));
    q.advance(Duration.ofSeconds(7).minusNanos(1_000));
    assertThat(q.repository().nextStaleEta(new StaleQuery(Set.of("e"), timeout()))).contains(Duration.ofNanos(1_000));
    q.advance(Duration.ofNanos(1_000));
    assertThat(q.repository().nextStaleEta(new StaleQuery(Set.of("e"), timeout()))).contains(Duration.ZERO);
    q.advance(Duration.ofSeconds(5));
    assertThat(q.repository().nextStaleEta(new StaleQuery(Set.of("e"), timeout()))).contains(Duration.ZERO);
  }

  @Test
  default void aHeartbeatPostponesItAndOtherEntrypointsDoNotCount(TestQueue q) {
    // GIVEN job 1 of "e" and job 2 of "other", both picked at t0
    q.enqueue("e");
    q.enqueue("other");
    dequeue(q, dequeueRequest().batchSize(2).entrypoint("e").entrypoint("other").build());
    // WHEN 4 s later job 1 is beaten
    q.advance(Duration.ofSeconds(4));
    q.repository().updateHeartbeat(List.of(JobId.of(1)));
    // THEN "e" turns stale 10 s after the beat; "other" still 10 s after t0
    assertThat(q.repository().nextStaleEta(new StaleQuery(Set.of("e"), timeout()))).contains(timeout());
    assertThat(q.repository().nextStaleEta(new StaleQuery(Set.of("other"), timeout()))).contains(Duration.ofSeconds(6));
    assertThat(q.repository().nextStaleEta(new StaleQuery(Set.of("e", "other"), timeout())))
        .contains(Duration.ofSeconds(6));
  }

  @Test
  default void aFinishedJobNoLongerCounts(TestQueue q) {
    q.enqueue("e");
    DequeueRequest take = dequeueRequest().batchSize(1).entrypoint("e").build();
    dequeue(q, take);
    q.repository().logJobs(List.of(JobOutcome.successful(JobId.of(1))));
    assertThat(q.repository().nextStaleEta(new StaleQuery(Set.of("e"), timeout()))).isEmpty();
  }

  @Test
  default void aNegativeTimeoutIsBadInput(TestQueue q) {
    assertThatThrownBy(() -> q.repository().nextStaleEta(new StaleQuery(Set.of("e"), Duration.ofSeconds(-1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeatTimeout");
    assertThatThrownBy(() -> q.repository().nextStaleEta(new StaleQuery(null, timeout())))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("entrypoints");
  }

  /** The heartbeat timeout every probe of this contract uses. */
  private static Duration timeout() {
    return Duration.ofSeconds(10);
  }
}
