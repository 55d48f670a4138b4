package dev.pgqueuer.conformance;

import static dev.pgqueuer.conformance.ContractSteps.dequeue;
import static dev.pgqueuer.conformance.ContractSteps.dequeueRequest;
import static dev.pgqueuer.conformance.ContractSteps.enqueueAll;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobId;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The check every bad-input test shares: the call is rejected and leaves no trace. */
final class NoEffect {

  private NoEffect() {}

  /**
   * GIVEN a queue holding job 1 (queued, key "k") and job 2 (picked), with the clock moved on; WHEN {@code call}
   * runs; THEN it throws {@code type} naming {@code argument}, the jobs, log and sizes are unchanged, no event is
   * sent, and the next enqueue still gets id 3.
   */
  static void assertRejected(
      TestQueue q, Class<? extends RuntimeException> type, String argument, ThrowingCallable call) {
    // GIVEN
    enqueueAll(q, NewJob.of("e").withDedupeKey("k").withPriority(-1), NewJob.of("e"));
    assertThat(dequeue(q, dequeueRequest().entrypoint("e").build())).hasSize(1);
    q.advance(Duration.ofMinutes(1));
    List<Object> before = snapshot(q);
    EventRecorder events = recordEvents(q);
    // WHEN / THEN
    assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(argument);
    assertThat(snapshot(q)).isEqualTo(before);
    assertThat(events.settle()).isEmpty();
    assertThat(q.enqueue("e")).isEqualTo(JobId.of(3));
  }

  private static List<Object> snapshot(TestQueue q) {
    return List.of(q.repository().browseQueue(BrowseQuery.all()), q.repository().queueLog(),
        q.repository().queueSize());
  }
}
