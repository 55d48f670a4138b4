package dev.pgqueuer.inmemory;

import dev.pgqueuer.QueueEventListener;
import dev.pgqueuer.SchemaStateException;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.NotificationPort;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.port.SchemaPort;
import java.time.InstantSource;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The locking, clock, schema-lifecycle and notification half of {@link InMemoryRepository}: one monitor guards the
 * {@link QueueState}, the installed flag and the last {@code now}, and every call wakes the event dispatchers after
 * releasing it. See {@link InMemoryRepository} for the locking rules.
 */
abstract class RepositoryCore implements SchemaPort, NotificationPort {

  final InstantSource clock;
  final SchemaNames names;
  final Events events;
  final Records records = new Records();
  private final EventHub hub;
  private final Object lock = new Object();
  private QueueState state = new QueueState();
  private boolean installed;
  private long lastNow = Long.MIN_VALUE;
  /** The current call's {@code now} in epoch microseconds; valid only under the lock inside {@link #write}. */
  long now;

  RepositoryCore(InstantSource clock, SchemaNames names, boolean installed) {
    this.clock = clock;
    this.names = names;
    this.hub = new EventHub(names.channel());
    this.events = new Events(hub, names.channel(), names.queueTable());
    this.installed = installed;
  }

  /** Runs {@code body} under the lock on the installed state, with {@code now} read for this call. */
  final <T> T write(Function<QueueState, T> body) {
    try {
      synchronized (lock) {
        QueueState s = installedState();
        now = tick();
        return body.apply(s);
      }
    } finally {
      hub.wake();
    }
  }

  final <T> T locked(Supplier<T> body) {
    try {
      synchronized (lock) {
        return body.get();
      }
    } finally {
      hub.wake();
    }
  }

  private QueueState installedState() {
    if (!installed) {
      throw new SchemaStateException("the in-memory queue " + names.queueTable() + " is not installed; call install()");
    }
    return state;
  }

  private long tick() {
    long micros = Times.toMicros(clock.instant());
    if (micros < lastNow) {
      micros = lastNow;
    }
    lastNow = micros;
    return micros;
  }

  @Override
  public String channel() {
    return names.channel();
  }

  @Override
  public Subscription subscribe(QueueEventListener listener) {
    Objects.requireNonNull(listener, "listener");
    return locked(() -> hub.subscribe(listener));
  }

  @Override
  public void notifyHealthCheck(UUID id) {
    Objects.requireNonNull(id, "id");
    locked(() -> {
      events.healthCheck(id, tick());
      return null;
    });
  }

  @Override
  public SchemaNames names() {
    return names;
  }

  @Override
  public void install() {
    locked(() -> {
      if (installed) {
        throw new SchemaStateException("the in-memory queue " + names.queueTable() + " is already installed");
      }
      state = new QueueState();
      installed = true;
      return null;
    });
  }

  @Override
  public void upgrade() {
    locked(this::installedState);
  }

  @Override
  public void uninstall() {
    locked(() -> {
      installed = false;
      state = new QueueState();
      return null;
    });
  }

  @Override
  public boolean isInstalled() {
    return locked(() -> installed);
  }

  /** Closes every subscription. */
  void closeSubscriptions() {
    locked(() -> {
      hub.closeAll();
      return null;
    });
  }
}
