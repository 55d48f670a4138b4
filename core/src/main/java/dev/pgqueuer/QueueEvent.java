package dev.pgqueuer;

import java.time.Instant;

/**
 * A notification on the queue's channel. Both backends deliver events asynchronously, in commit order, on one
 * dispatcher thread per subscription, after the change they describe is visible to readers.
 */
public sealed interface QueueEvent permits TableChangedEvent, CancellationEvent, HealthCheckEvent {

  /** The channel the event travelled on. */
  String channel();

  /** The time source's instant of the call that produced the event (microseconds). */
  Instant sentAt();
}
