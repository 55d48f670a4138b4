package dev.pgqueuer;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An echo probe ({@code health_check_event}); because delivery is ordered, receiving one's own probe also proves
 * that every earlier event has been delivered.
 *
 * @param channel the channel
 * @param sentAt the instant of the call
 * @param id the probe id
 */
public record HealthCheckEvent(String channel, Instant sentAt, UUID id) implements QueueEvent {

  /** @throws NullPointerException for a null component */
  public HealthCheckEvent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(id, "id");
  }
}
