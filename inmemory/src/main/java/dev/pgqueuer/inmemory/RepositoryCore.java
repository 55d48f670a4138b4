package dev.pgqueuer.inmemory;

import dev.pgqueuer.QueueEventListener;
import dev.pgqueuer.SchemaStateException;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.NotificationPort;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.port.SchemaPort;
import dev.pgqueuer.port.UnitOfWorkPort;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import dev.pgqueuer.tx.UnitOfWork;
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
abstract class RepositoryCore implements SchemaPort, NotificationPort, UnitOfWorkPort {

  final InstantSource clock;
  final SchemaNames names;
  final Events events;
  final Records records = new Records();
  private final EventHub hub;
  private final Object lock = new Object();
  /** The locks of open units of work; guarded by {@link #lock}. */
  final Units units = new Units();
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

  /**
   * Runs {@code body} under the lock on the installed state, with {@code now} read for this call. A body that must
   * wait for an open unit of work ({@link Units.MustWait}, thrown before any effect) runs again once that unit
   * ended, with a fresh {@code now}; waiting for a unit the calling thread opened raises at once instead
   * ({@link dev.pgqueuer.port.Capability#DETECTS_SELF_WAIT}).
   */
  final <T> T write(Function<QueueState, T> body) {
    try {
      synchronized (lock) {
        while (true) {
          QueueState s = installedState();
          now = tick();
          try {
            return body.apply(s);
          } catch (Units.MustWait w) {
            awaitEnd(w.unit);
          }
        }
      }
    } finally {
      hub.wake();
    }
  }

  /** Waits (lock held, released while waiting) until {@code unit} ends. */
  private void awaitEnd(MemoryUnit unit) {
    if (unit.opener == Thread.currentThread()) {
      throw new IllegalStateException("this call would wait for a unit of work that the calling thread opened and "
          + "has not ended (it holds a dedupe key or a job row this call needs); on PostgreSQL it would wait "
          + "forever: end that unit first");
    }
    boolean interrupted = false;
    while (unit.open) {
      try {
        lock.wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- UnitOfWorkPort ----

  /** An in-memory unit of work on this queue; see {@link UnitOfWorkPort} and {@code docs/semantics.md}. */
  @Override
  public ManagedUnitOfWork begin() {
    return beginUnit();
  }

  /**
   * The queue calls of {@code uow}, which must come from this repository's {@link #begin()}.
   *
   * @throws IllegalArgumentException for any other unit of work (a JDBC connection cannot be joined in memory)
   */
  @Override
  public QueueWrites in(UnitOfWork uow) {
    Objects.requireNonNull(uow, "uow");
    if (!(uow instanceof MemoryUnit) || ((MemoryUnit) uow).repository != this) {
      throw new IllegalArgumentException("the in-memory repository joins only units of work from its own begin(), "
          + "not " + uow);
    }
    return new MemoryWrites(this, (MemoryUnit) uow);
  }

  /** Opens a unit of work on the installed state. */
  final MemoryUnit beginUnit() {
    return locked(() -> new MemoryUnit(this, installedState()));
  }

  /** Whether {@code unit} has not ended. */
  final boolean unitOpen(MemoryUnit unit) {
    synchronized (lock) {
      return unit.open;
    }
  }

  /**
   * Ends {@code unit}: applies it when {@code commit} and the queue it was opened on is still installed, else
   * discards it; releases its locks and wakes the calls waiting for it.
   *
   * @return whether it committed
   * @throws IllegalStateException when the unit already ended, or a commit finds its queue uninstalled
   */
  final boolean endUnit(MemoryUnit unit, boolean commit) {
    try {
      synchronized (lock) {
        if (!unit.open) {
          throw new IllegalStateException("cannot " + (commit ? "commit" : "roll back")
              + " a unit of work that already ended");
        }
        unit.open = false;
        units.release(unit);
        lock.notifyAll();
        if (!commit) {
          return false;
        }
        boolean wrote = !unit.rows.isEmpty() || !unit.logRows.isEmpty() || !unit.events.isEmpty();
        if (!wrote) {
          return true;
        }
        if (!installed || state != unit.state) {
          throw new IllegalStateException("cannot commit: the queue this unit of work wrote to was uninstalled");
        }
        UnitCalls.apply(state, unit, events, tick());
        return true;
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

  /** Waits (lock held) until no open unit of work has written: what dropping or creating the queue waits for. */
  private void awaitNoWriters() {
    while (true) {
      try {
        units.checkNone();
        return;
      } catch (Units.MustWait w) {
        awaitEnd(w.unit);
      }
    }
  }

  @Override
  public void install() {
    locked(() -> {
      awaitNoWriters();
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
      awaitNoWriters();
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
