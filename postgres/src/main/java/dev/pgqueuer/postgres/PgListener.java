package dev.pgqueuer.postgres;

import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.QueueEventListener;
import dev.pgqueuer.RepositoryException;
import dev.pgqueuer.Subscription;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications of one repository: one dedicated {@code LISTEN} connection, opened from the listener data
 * source on the first subscription and kept, read by one reader thread that parses each payload and hands the event
 * to every live subscription; each subscription delivers on its own dispatcher thread, in order.
 *
 * <p>A subscription is live from a marker notification on a connection-private channel: {@link #subscribe} sends
 * the marker after {@code LISTEN} is active and returns once the reader has seen it, so the subscription receives
 * exactly the events committed after {@code subscribe} was called (notifications arrive in commit order). If the
 * listening connection dies, the reader reconnects and listens again (events sent meanwhile are lost).
 *
 * <p>Events tagged with another schema than the queue's ({@code "schema"} in the payload: queues of other schemas
 * sharing the channel) are dropped; untagged events (PgQueuer's) are delivered. The queue's schema is the configured
 * one, or the listening connection's {@code current_schema()}.
 *
 * <p>Thread-safe.
 */
final class PgListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
  private static final long SUBSCRIBE_TIMEOUT_MILLIS = 30_000;
  private static final int POLL_MILLIS = 200;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final DataSource listenSource;
  private final Jdbc notifier;
  private final String channel;
  private final @Nullable String configuredSchema;
  private volatile @Nullable String schema;
  private final String markerChannel = "pgqueuer_java_" + UUID.randomUUID().toString().replace("-", "");
  private final Map<String, Sub> pending = new ConcurrentHashMap<>();
  private final List<Sub> live = new CopyOnWriteArrayList<>();
  private final Object state = new Object();
  private @Nullable Thread reader;
  private boolean listening;
  private volatile boolean closed;

  PgListener(DataSource listenSource, Jdbc notifier, String channel, @Nullable String schema) {
    this.listenSource = listenSource;
    this.notifier = notifier;
    this.channel = channel;
    this.configuredSchema = schema;
    this.schema = schema;
  }

  Subscription subscribe(QueueEventListener listener) {
    Objects.requireNonNull(listener, "listener");
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SUBSCRIBE_TIMEOUT_MILLIS);
    awaitListening(deadline);
    Sub sub = new Sub(listener);
    String marker = UUID.randomUUID().toString();
    pending.put(marker, sub);
    try {
      while (true) {
        sendMarker(marker);
        if (sub.awaitLive(Math.min(1_000, remainingMillis(deadline)))) {
          return sub;
        }
        if (closed || remainingMillis(deadline) <= 0) {
          throw new RepositoryException("subscribe", null,
              new TimeoutException("the LISTEN connection did not confirm the subscription within 30 s"));
        }
        awaitListening(deadline);
      }
    } catch (RuntimeException e) {
      pending.remove(marker);
      sub.close();
      throw e;
    }
  }

  private void sendMarker(String marker) {
    notifier.autocommit("subscribe", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        ps.setString(1, markerChannel);
        ps.setString(2, marker);
        ps.execute();
      }
      return null;
    });
  }

  private void awaitListening(long deadline) {
    synchronized (state) {
      if (closed) {
        throw new IllegalStateException("the repository is closed");
      }
      if (reader == null) {
        Thread t = new Thread(this::readLoop, "pgqueuer-listen-" + channel + "-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        reader = t;
        t.start();
      }
      while (!listening) {
        long wait = remainingMillis(deadline);
        if (wait <= 0 || closed) {
          throw new RepositoryException("subscribe", null,
              new TimeoutException("could not LISTEN on " + channel + " within 30 s"));
        }
        try {
          state.wait(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while subscribing", e);
        }
      }
    }
  }

  private static long remainingMillis(long deadline) {
    return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
  }

  /**
   * The {@code application_name} of the LISTEN connection of {@code channel} (visible in
   * {@code pg_stat_activity}), truncated to 63 characters by the server.
   */
  static String applicationName(String channel) {
    return "pgqueuer listen " + channel;
  }

  private void readLoop() {
    long backoff = 50;
    while (!closed) {
      try (Connection c = listenSource.getConnection()) {
        PGConnection pg = c.unwrap(PGConnection.class);
        listen(c);
        synchronized (state) {
          listening = true;
          state.notifyAll();
        }
        backoff = 50;
        while (!closed) {
          PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
          if (batch != null) {
            for (PGNotification n : batch) {
              dispatch(n);
            }
          }
        }
        unlisten(c);
      } catch (SQLException | RuntimeException e) {
        if (!closed) {
          LOG.warn("LISTEN connection for {} failed; reconnecting: {}", channel, e.toString());
        }
      } finally {
        synchronized (state) {
          listening = false;
        }
      }
      if (!closed) {
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException e) {
          return;
        }
        backoff = Math.min(2_000, backoff * 2);
      }
    }
  }

  private void listen(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.setAutoCommit(true);
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
      ps.setString(1, SqlNames.truncate(applicationName(channel)));
      ps.execute();
    }
    if (configuredSchema == null) {
      try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT current_schema()")) {
        schema = rs.next() ? rs.getString(1) : null;
      }
    }
    try (Statement st = c.createStatement()) {
      st.execute("LISTEN " + SqlNames.quote(channel));
      st.execute("LISTEN " + SqlNames.quote(markerChannel));
    }
  }

  /** Leaves the connection as it was found, so that a pooled listener data source can hand it out again. */
  private static void unlisten(Connection c) {
    try (Statement st = c.createStatement()) {
      st.execute("UNLISTEN *");
      st.execute("RESET application_name");
    } catch (SQLException e) {
      // the connection is closed next anyway
    }
  }

  private void dispatch(PGNotification n) {
    if (markerChannel.equals(n.getName())) {
      Sub sub = pending.remove(n.getParameter());
      if (sub != null) {
        live.add(sub);
        sub.goLive();
      }
    } else if (channel.equals(n.getName())) {
      String own = schema;
      String sender = Json.eventSchema(n.getParameter()).orElse(null);
      if (sender != null && !sender.equals(own)) {
        LOG.trace("dropping an event of schema {} on {}", sender, channel);
        return;
      }
      QueueEvent event = Json.readEvent(channel, n.getParameter()).orElse(null);
      if (event == null) {
        LOG.debug("dropping unknown or malformed event on {}: {}", channel, n.getParameter());
        return;
      }
      for (Sub sub : live) {
        sub.offer(event);
      }
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (state) {
      closed = true;
      t = reader;
      state.notifyAll();
    }
    for (Sub sub : live) {
      sub.close();
    }
    for (Sub sub : pending.values()) {
      sub.close();
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        sendMarker("close");
      } catch (RuntimeException e) {
        // the reader then notices the close at its next poll
      }
      try {
        t.join(POLL_MILLIS * 5L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One subscription: its listener and its dispatcher thread. */
  private final class Sub implements Subscription {
    private final EventDispatcher dispatcher;
    private final java.util.concurrent.CountDownLatch liveLatch = new java.util.concurrent.CountDownLatch(1);

    Sub(QueueEventListener listener) {
      this.dispatcher = new EventDispatcher(listener, "pgqueuer-events-" + channel + "-" + THREADS.incrementAndGet());
    }

    void goLive() {
      liveLatch.countDown();
    }

    boolean awaitLive(long millis) {
      try {
        return liveLatch.await(Math.max(1, millis), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while subscribing", e);
      }
    }

    void offer(QueueEvent event) {
      dispatcher.offer(event);
    }

    @Override
    public void close() {
      live.remove(this);
      dispatcher.close();
    }
  }
}
