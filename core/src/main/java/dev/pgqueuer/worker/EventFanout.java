package dev.pgqueuer.worker;

import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.QueueEventListener;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.port.Repository;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event subscription of a {@link WorkerGroup}, shared by its managers: each event is delivered once, on the
 * repository's dispatcher thread, and handed to every local listener in turn (their work is setting flags), instead
 * of waking one dispatcher thread per manager. The upstream subscription is opened by the first listener and closed
 * with the last. Thread-safe.
 */
final class EventFanout implements QueueEventListener {

  private static final Logger LOG = LoggerFactory.getLogger(EventFanout.class);

  private final Repository repository;
  private final CopyOnWriteArrayList<QueueEventListener> listeners = new CopyOnWriteArrayList<>();
  private Subscription upstream = () -> { };

  EventFanout(Repository repository) {
    this.repository = repository;
  }

  /**
   * Adds {@code listener}, subscribing upstream if it is the first.
   *
   * @return the local subscription; closing it removes the listener (and the upstream subscription with the last)
   * @throws RuntimeException when subscribing upstream fails (nothing is left registered)
   */
  synchronized Subscription subscribe(QueueEventListener listener) {
    if (listeners.isEmpty()) {
      upstream = repository.subscribe(this);
    }
    listeners.add(listener);
    return new Subscription() {
      private boolean closed;

      @Override
      public void close() {
        synchronized (EventFanout.this) {
          if (!closed) {
            closed = true;
            remove(listener);
          }
        }
      }
    };
  }

  /** Called with the lock held. */
  private void remove(QueueEventListener listener) {
    listeners.remove(listener);
    if (listeners.isEmpty()) {
      upstream.close();
      upstream = () -> { };
    }
  }

  @Override
  public void onEvent(QueueEvent event) {
    for (QueueEventListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("a worker's event listener failed on {}: {}", event, e.toString());
      }
    }
  }
}
