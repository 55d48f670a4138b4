package dev.pgqueuer.testdatabase;

import dev.pgqueuer.port.SchemaNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installed, empty queue schemas made ahead of demand by a background thread, and recycled (emptied, sequences
 * restarted) or dropped after use by another, so that handing one to a test costs a queue poll instead of 20-30 ms
 * of DDL. The producer keeps {@code prefetch} schemas alive (ready, in use or being recycled), and installs more only
 * while a test waits for one: a schema in use comes back within milliseconds of its test's end, so installing a
 * replacement whenever one is taken only added DDL that competed with the running tests. Schema names are
 * {@code pgqt_<jvm tag>_<n>}, unique per JVM run, so parallel test JVMs sharing one database never collide. On
 * start the pool takes the ownership of its tag and drops the schemas that test runs which are gone left behind
 * ({@link SchemaOwnership}). Thread-safe.
 */
final class SchemaPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaPool.class);
  private static final long TAKE_TIMEOUT_SECONDS = 120;

  private final DataSource dataSource;
  private final SchemaInstaller installer;
  private final int prefetch;
  private final String tag = SchemaOwnership.newTag();
  private final AtomicInteger counter = new AtomicInteger();
  /** Schemas of this pool that exist and will come back: ready, in use or waiting to be recycled. */
  private final AtomicInteger alive = new AtomicInteger();
  /** Calls of {@link #take} waiting for a schema. */
  private final AtomicInteger waiting = new AtomicInteger();
  /**
   * Taken from the end last added to: the schema emptied most recently serves the next test, so that a run of
   * sequential tests keeps using the same few schemas, whose statements (their text names the schema) the server
   * and the driver have already parsed and planned.
   */
  private final BlockingDeque<String> ready = new LinkedBlockingDeque<>();
  private final BlockingQueue<String> toDrop = new LinkedBlockingQueue<>();
  private final Object demand = new Object();
  private final Thread producer;
  private final Thread dropper;
  private volatile @Nullable RuntimeException failure;
  /** Schema → its catalog fingerprint right after install. */
  private final Map<String, String> installed = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private final @Nullable SchemaOwnership ownership;
  /** Used by the dropper thread only. */
  private final SchemaRecycling recycling;
  /** Used by the dropper thread only. */
  private int recycleFailures;

  /**
   * @param dataSource the pooled connections schemas are installed and dropped with
   * @param sessions unpooled connections; the pool holds one of them for as long as it is open (its ownership), and
   *     another while it recycles schemas
   * @param prefetch how many installed schemas to keep alive (more are installed while a test waits for one)
   * @param installer installs the queue's tables in each new schema
   */
  SchemaPool(DataSource dataSource, DataSource sessions, int prefetch, SchemaInstaller installer) {
    this.dataSource = dataSource;
    this.installer = installer;
    this.prefetch = prefetch;
    this.ownership = own(sessions, tag);
    this.recycling = new SchemaRecycling(sessions);
    this.producer = new Thread(this::produce, "pgqueuer-test-schemas");
    this.dropper = new Thread(this::drop, "pgqueuer-test-schema-drop");
    producer.setDaemon(true);
    dropper.setDaemon(true);
    producer.start();
    dropper.start();
  }

  /**
   * The names of a fresh installed schema's queue, with a channel of its own ({@code <schema>.ch_pgqueuer}) so that
   * parallel tests do not receive (and filter out) each other's notifications.
   */
  static SchemaNames names(String schema) {
    return SchemaNames.of(schema, "").withChannel(schema + ".ch_pgqueuer");
  }

  /**
   * An installed, empty schema of this pool, waiting for the producer when none is ready.
   *
   * @throws IllegalStateException when the producer failed or timed out
   */
  String take() {
    String schema = ready.pollLast();
    if (schema == null) {
      waiting.incrementAndGet();
      synchronized (demand) {
        demand.notifyAll();
      }
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TAKE_TIMEOUT_SECONDS);
        while (schema == null) {
          RuntimeException f = failure;
          if (f != null) {
            throw new IllegalStateException("could not prepare a test schema: " + f.getMessage(), f);
          }
          if (closed || System.nanoTime() > deadline) {
            throw new IllegalStateException("no test schema became ready within " + TAKE_TIMEOUT_SECONDS + " s");
          }
          schema = ready.pollLast(100, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a test schema", e);
      } finally {
        waiting.decrementAndGet();
      }
    }
    return schema;
  }

  /** Recycles or drops {@code schema} in the background. */
  void release(String schema) {
    toDrop.add(schema);
  }

  /** Keeps {@code schema} for inspection: never recycled, and marked so that no later test run sweeps it. */
  void keep(String schema) {
    installed.remove(schema);
    alive.decrementAndGet();
    try (Connection c = dataSource.getConnection()) {
      SchemaOwnership.markKept(c, schema);
    } catch (SQLException e) {
      LOG.warn("could not mark test schema {} kept; the next test run may drop it: {}", schema, e.toString());
    }
  }

  /**
   * Takes the ownership of {@code tag} and sweeps what dead test runs left, before any schema of this pool exists.
   * Both are hygiene: when they fail the pool works as before, without them, and says so.
   */
  private static @Nullable SchemaOwnership own(DataSource sessions, String tag) {
    SchemaOwnership owner;
    try {
      owner = new SchemaOwnership(sessions, tag);
    } catch (SQLException e) {
      LOG.warn("could not take the ownership of test schemas pgqt_{}_*; other test runs may drop them after this "
          + "one ends, and leftovers of dead runs stay: {}", tag, e.toString());
      return null;
    }
    try {
      List<String> dropped = owner.sweep();
      if (!dropped.isEmpty()) {
        LOG.info("dropped {} test schemas left by test runs that are gone: {}", dropped.size(), dropped);
      }
    } catch (SQLException e) {
      LOG.warn("could not drop the test schemas left by test runs that are gone: {}", e.toString());
    }
    return owner;
  }

  private void produce() {
    while (!closed) {
      if (needed()) {
        String schema = SchemaOwnership.schemaName(tag, counter.incrementAndGet());
        alive.incrementAndGet();
        try {
          installer.install(dataSource, names(schema));
          try (Connection c = dataSource.getConnection()) {
            installed.put(schema, SchemaRecycling.fingerprint(c, schema));
          }
          ready.add(schema);
          failure = null;
        } catch (RuntimeException | SQLException e) {
          failure = e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
          LOG.warn("could not prepare test schema {}: {}", schema, e.toString());
          dropNow(schema);
          pause(1_000);
        }
      } else {
        synchronized (demand) {
          if (!needed() && !closed) {
            try {
              demand.wait(1_000);
            } catch (InterruptedException e) {
              return;
            }
          }
        }
      }
    }
  }

  /** Whether the producer should install another schema. */
  private boolean needed() {
    return alive.get() < prefetch || (waiting.get() > 0 && ready.isEmpty());
  }

  private void drop() {
    while (!closed) {
      String schema;
      try {
        schema = toDrop.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (schema != null) {
        recycleOrDrop(schema);
      }
    }
  }

  /**
   * Puts a used schema back into the pool when it is exactly as installed and small: its rows are deleted and its
   * sequences restarted, checked and done in one round trip (against tens of milliseconds for a new install). A
   * schema whose objects a test changed (uninstall, upgrade, extra objects), or that holds much data, is dropped
   * instead.
   */
  private void recycleOrDrop(String schema) {
    String fingerprint = installed.get(schema);
    if (!closed && ready.size() < 2 * prefetch && fingerprint != null) {
      try {
        if (recycling.recycle(schema, fingerprint)) {
          ready.add(schema);
          synchronized (demand) {
            demand.notifyAll();
          }
          return;
        }
      } catch (SQLException e) {
        if (recycleFailures++ == 0) {
          LOG.warn("could not recycle test schema {}, dropping it (test schemas are dropped and installed anew while"
              + " this lasts, which is slower): {}", schema, e.toString());
        } else {
          LOG.debug("could not recycle test schema {}: {}", schema, e.toString());
        }
      }
    }
    dropNow(schema);
  }

  private void dropNow(String schema) {
    installed.remove(schema);
    alive.decrementAndGet();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute(SchemaOwnership.dropStatement(List.of(schema)));
    } catch (SQLException e) {
      LOG.warn("could not drop test schema {}: {}", schema, e.toString());
    }
    synchronized (demand) {
      demand.notifyAll();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops both threads and drops the schemas not in use (best effort, in one statement). */
  @Override
  public void close() {
    close(true);
  }

  /**
   * Stops both threads; drops the schemas not in use when {@code dropLeftovers} (pointless when the whole server
   * goes away next).
   */
  void close(boolean dropLeftovers) {
    try {
      closeThreadsAndLeftovers(dropLeftovers);
    } finally {
      if (ownership != null) {
        try {
          ownership.close();
        } catch (SQLException e) {
          LOG.debug("could not close the test schema ownership session: {}", e.toString());
        }
      }
    }
  }

  private void closeThreadsAndLeftovers(boolean dropLeftovers) {
    closed = true;
    synchronized (demand) {
      demand.notifyAll();
    }
    try {
      producer.join(10_000);
      dropper.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    recycling.close();
    List<String> leftovers = new ArrayList<>();
    ready.drainTo(leftovers);
    toDrop.drainTo(leftovers);
    if (!dropLeftovers || leftovers.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute(SchemaOwnership.dropStatement(leftovers));
    } catch (SQLException e) {
      LOG.warn("could not drop {} unused test schemas: {}", leftovers.size(), e.toString());
    }
  }
}
