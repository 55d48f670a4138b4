package dev.pgqueuer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Jobs were canceled ({@code cancellation_event}); workers running them should stop. A large cancellation is split
 * into several events so that every payload stays under PostgreSQL's NOTIFY limit, identically on both backends.
 *
 * @param channel the channel
 * @param sentAt the instant of the call
 * @param ids the canceled ids, in the order given to the call, without duplicates
 */
public record CancellationEvent(String channel, Instant sentAt, List<JobId> ids) implements QueueEvent {

  /** @throws NullPointerException for a null component */
  public CancellationEvent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(sentAt, "sentAt");
    ids = List.copyOf(ids);
  }
}
