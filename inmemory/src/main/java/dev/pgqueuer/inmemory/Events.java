package dev.pgqueuer.inmemory;

import dev.pgqueuer.CancellationEvent;
import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.JobId;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.internal.Times;
import java.util.List;
import java.util.UUID;

/**
 * Builds the events of the notification table ({@code docs/semantics.md} §8) and publishes them; builds nothing
 * when no one listens. Called under the repository's lock.
 */
final class Events {

  /** The most ids one cancellation event names (PostgreSQL's NOTIFY payload limit, kept on both backends). */
  static final int CANCELLATION_CHUNK = 300;

  private final EventHub hub;
  private final String channel;
  private final String table;

  Events(EventHub hub, String channel, String table) {
    this.hub = hub;
    this.channel = channel;
    this.table = table;
  }

  /** One table-changed event. */
  void tableChanged(TableOperation operation, long now) {
    if (hub.active()) {
      hub.publish(new TableChangedEvent(channel, Times.fromMicros(now), operation, table));
    }
  }

  /** Cancellation events naming {@code ids} in order, at most {@link #CANCELLATION_CHUNK} per event. */
  void cancelled(List<JobId> ids, long now) {
    if (hub.active()) {
      for (int from = 0; from < ids.size(); from += CANCELLATION_CHUNK) {
        List<JobId> chunk = ids.subList(from, Math.min(ids.size(), from + CANCELLATION_CHUNK));
        hub.publish(new CancellationEvent(channel, Times.fromMicros(now), chunk));
      }
    }
  }

  /** A health-check event. */
  void healthCheck(UUID id, long now) {
    if (hub.active()) {
      hub.publish(new HealthCheckEvent(channel, Times.fromMicros(now), id));
    }
  }
}
