package dev.pgqueuer.postgres;

import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.QueueEventListener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription's delivery thread: events are handed over in order and delivered one at a time; an exception
 * thrown by the listener is logged and delivery goes on. Closing stops delivery of events not yet delivered.
 * Thread-safe.
 */
final class EventDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  private final QueueEventListener listener;
  private static final Object STOP = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  EventDispatcher(QueueEventListener listener, String threadName) {
    this.listener = listener;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  void offer(QueueEvent event) {
    if (!closed) {
      queue.add(event);
    }
  }

  private void run() {
    while (!closed) {
      Object next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (closed || next == STOP) {
        return;
      }
      QueueEvent event = (QueueEvent) next;
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("event listener failed on {}; delivery continues", event, e);
      }
    }
  }

  /** Stops delivery; idempotent. A delivery in progress completes; the thread then ends. */
  void close() {
    closed = true;
    queue.add(STOP);
  }
}
