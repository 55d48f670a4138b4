package dev.pgqueuer.worker;

import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.QueueEventListener;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.port.Repository;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event subscription per repository instance, shared by every worker and scheduler of this JVM that uses it:
 * each event is delivered once, on the repository's dispatcher thread, and handed to every local listener in turn
 * (their work is setting flags), instead of waking one dispatcher thread per worker. The upstream subscription is
 * opened by the first listener and closed with the last. Thread-safe.
 */
final class EventFanout implements QueueEventListener {

  private static final Logger LOG = LoggerFactory.getLogger(EventFanout.class);
  private static final Map<Repository, EventFanout> BY_REPOSITORY = new IdentityHashMap<>();

  private final Repository repository;
  private final CopyOnWriteArrayList<QueueEventListener> listeners = new CopyOnWriteArrayList<>();
  private Subscription upstream;

  private EventFanout(Repository repository) {
    this.repository = repository;
    this.upstream = () -> { };
  }

  /**
   * Adds {@code listener} to the shared subscription of {@code repository}, subscribing upstream if it is the first.
   *
   * @return the local subscription; closing it removes the listener (and the upstream subscription with the last)
   * @throws RuntimeException when subscribing upstream fails (nothing is left registered)
   */
  static Subscription subscribe(Repository repository, QueueEventListener listener) {
    synchronized (BY_REPOSITORY) {
      EventFanout fanout = BY_REPOSITORY.get(repository);
      if (fanout == null) {
        fanout = new EventFanout(repository);
        fanout.upstream = repository.subscribe(fanout);
        BY_REPOSITORY.put(repository, fanout);
      }
      fanout.listeners.add(listener);
      EventFanout shared = fanout;
      return new Subscription() {
        private boolean closed;

        @Override
        public void close() {
          synchronized (BY_REPOSITORY) {
            if (!closed) {
              closed = true;
              shared.remove(listener);
            }
          }
        }
      };
    }
  }

  /** Called with the lock held. */
  private void remove(QueueEventListener listener) {
    listeners.remove(listener);
    if (listeners.isEmpty()) {
      BY_REPOSITORY.remove(repository);
      upstream.close();
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
