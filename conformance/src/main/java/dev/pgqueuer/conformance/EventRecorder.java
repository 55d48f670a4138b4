package dev.pgqueuer.conformance;

import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.port.NotificationPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records the events of one subscription. {@link #settle()} uses a health-check probe as a barrier: delivery is
 * ordered, so once the probe arrives every event sent before it has arrived too. No sleeping, no polling loops
 * over time.
 *
 * <p>Thread-safe: events arrive on the dispatcher thread and are read on the test thread.
 */
public final class EventRecorder implements AutoCloseable {

  /** How long {@link #settle()} waits for its probe before failing the test. */
  public static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(15);

  private final NotificationPort port;
  private final BlockingQueue<QueueEvent> received = new LinkedBlockingQueue<>();
  private final Subscription subscription;

  EventRecorder(NotificationPort port) {
    this.port = port;
    this.subscription = port.subscribe(received::add);
  }

  /**
   * Sends a probe, waits for it, and returns every event received before it (oldest first), excluding probes.
   * The returned events are consumed: the next call returns only newer ones.
   *
   * @throws AssertionError when the probe does not arrive within {@link #SETTLE_TIMEOUT}
   */
  public List<QueueEvent> settle() {
    UUID probe = UUID.randomUUID();
    port.notifyHealthCheck(probe);
    List<QueueEvent> out = new ArrayList<>();
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (true) {
      QueueEvent event;
      try {
        event = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for events", e);
      }
      if (event == null) {
        throw new AssertionError("the health-check probe did not arrive within " + SETTLE_TIMEOUT
            + "; events so far: " + out);
      }
      if (event instanceof HealthCheckEvent && ((HealthCheckEvent) event).id().equals(probe)) {
        return out;
      }
      out.add(event);
    }
  }

  /** Subscribes a recorder to {@code port}, recording from now on; close it to end the subscription. */
  public static EventRecorder subscribe(NotificationPort port) {
    return new EventRecorder(port);
  }

  @Override
  public void close() {
    subscription.close();
  }
}
