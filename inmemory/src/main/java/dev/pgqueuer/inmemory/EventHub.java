package dev.pgqueuer.inmemory;

import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.QueueEventListener;
import dev.pgqueuer.Subscription;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of one repository. {@link #publish} is called under the repository's lock, right after the
 * change is applied, so every subscription receives events in commit order; each subscription delivers them on its
 * own daemon dispatcher thread, one at a time. The publishing call wakes the dispatchers with {@link #wake} after it
 * has released the lock, so that the lock is not held across a thread wake-up; a dispatcher that was not asleep
 * needs no wake-up. A listener always sees the change its event announces. Thread-safe.
 */
final class EventHub {

  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
  private static final Object STOP = new Object();
  private static final AtomicInteger THREADS = new AtomicInteger();

  private volatile Dispatcher[] subscribers = new Dispatcher[0];
  private final String channel;

  EventHub(String channel) {
    this.channel = channel;
  }

  /** Whether anyone listens (events need not be built otherwise). */
  boolean active() {
    return subscribers.length > 0;
  }

  /** Hands {@code event} to every live subscription; {@link #wake} must follow once the lock is released. */
  void publish(QueueEvent event) {
    for (Dispatcher d : subscribers) {
      d.queue.add(event);
    }
  }

  /** Wakes the dispatchers that sleep (after a {@link #publish}, outside the repository's lock). */
  void wake() {
    for (Dispatcher d : subscribers) {
      d.wake();
    }
  }

  /** Starts a subscription; it receives every event published after this returns. */
  Subscription subscribe(QueueEventListener listener) {
    Dispatcher d = new Dispatcher(listener);
    synchronized (this) {
      Dispatcher[] s = Arrays.copyOf(subscribers, subscribers.length + 1);
      s[s.length - 1] = d;
      subscribers = s;
    }
    d.thread.start();
    return d;
  }

  private synchronized void remove(Dispatcher d) {
    Dispatcher[] s = subscribers;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == d) {
        Dispatcher[] n = new Dispatcher[s.length - 1];
        System.arraycopy(s, 0, n, 0, i);
        System.arraycopy(s, i + 1, n, i, s.length - i - 1);
        subscribers = n;
        return;
      }
    }
  }

  /** Closes every subscription. */
  void closeAll() {
    for (Dispatcher d : subscribers) {
      d.close();
    }
  }

  /** One subscription and its dispatcher thread. */
  private final class Dispatcher implements Subscription, Runnable {
    final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    final Thread thread;
    private final QueueEventListener listener;
    private volatile boolean closed;
    /** Set before the dispatcher looks at the queue a last time and parks (a publisher adds, then reads it). */
    private volatile boolean sleeping;

    Dispatcher(QueueEventListener listener) {
      this.listener = listener;
      this.thread = new Thread(this, "pgqueuer-inmemory-events-" + THREADS.incrementAndGet());
      this.thread.setDaemon(true);
    }

    void wake() {
      if (sleeping && !queue.isEmpty()) {
        LockSupport.unpark(thread);
      }
    }

    /** The next event, STOP, or {@code null} when closed or interrupted. */
    private @Nullable Object next() {
      Object next = queue.poll();
      while (next == null && !closed && !thread.isInterrupted()) {
        sleeping = true;
        next = queue.poll();
        if (next == null) {
          LockSupport.park(this);
          next = queue.poll();
        }
        sleeping = false;
      }
      return next;
    }

    @Override
    public void run() {
      while (!closed) {
        Object next = next();
        if (next == null || next == STOP || closed) {
          return;
        }
        try {
          listener.onEvent((QueueEvent) next);
        } catch (RuntimeException e) {
          LOG.warn("event listener on channel {} failed on {}; delivery continues", channel, next, e);
        }
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      remove(this);
      queue.clear();
      queue.add(STOP);
      LockSupport.unpark(thread);
    }
  }
}
