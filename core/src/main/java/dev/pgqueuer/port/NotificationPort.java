package dev.pgqueuer.port;

import dev.pgqueuer.QueueEventListener;
import dev.pgqueuer.Subscription;
import java.util.UUID;

/**
 * Queue events. Delivery is asynchronous, ordered, on one dispatcher thread per subscription, after the change is
 * visible; {@link #subscribe} returns once the subscription is live, so no later event is missed. Thread-safe.
 */
public interface NotificationPort {

  /** The channel events travel on. */
  String channel();

  /** Starts delivering events to {@code listener} until the subscription is closed. */
  Subscription subscribe(QueueEventListener listener);

  /** Sends a health-check event with {@code id}. */
  void notifyHealthCheck(UUID id);
}
