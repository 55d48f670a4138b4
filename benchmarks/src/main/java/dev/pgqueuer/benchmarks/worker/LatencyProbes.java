package dev.pgqueuer.benchmarks.worker;

import dev.pgqueuer.Payload;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.nio.ByteBuffer;

/**
 * The probe jobs of the wake-up latency scenario: one job of entrypoint {@value #ENTRYPOINT} whose payload is the
 * producer's {@link System#nanoTime()} taken right before the enqueue call. On Linux that clock is the system-wide
 * monotonic clock, so a producer in another process on the same machine stamps jobs comparably.
 */
final class LatencyProbes {

  static final String ENTRYPOINT = "latency";

  private LatencyProbes() {}

  /**
   * Enqueues one probe.
   *
   * @return how long the enqueue call took, in nanoseconds
   */
  static long enqueue(Repository repository) {
    long sent = System.nanoTime();
    repository.enqueue(EnqueueRequest.of(NewJob.of(ENTRYPOINT)
        .withPayload(Payload.of(ByteBuffer.allocate(Long.BYTES).putLong(sent).array()))));
    return System.nanoTime() - sent;
  }

  /** The nanoTime a probe's payload carries. */
  static long sentAt(Payload payload) {
    return ByteBuffer.wrap(payload.toByteArray()).getLong();
  }
}
