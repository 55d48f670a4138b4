package dev.pgqueuer.benchmarks.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The raw-JDBC floor of the wake-up latency on this machine and server, measured the way {@code worker-latency}
 * measures the worker: a producer inserts one row into a logged table whose statement-level trigger sends a
 * notification, after the same random pause; one thread blocked on a LISTEN connection claims on each notification
 * with one {@code UPDATE ... FOR UPDATE SKIP LOCKED ... RETURNING} statement on that same connection (no pool, no
 * second thread, no log row, no JSON), and the latency is from right before the insert to the claim's answer. It is
 * the least any LISTEN/NOTIFY queue with durable tables can do here; the tables live in the schema {@value #SCHEMA},
 * dropped first.
 */
final class LatencyFloor {

  static final String SCHEMA = "pgqueuer_bench_floor";
  private static final String CHANNEL = "pgqueuer_bench_floor";

  private LatencyFloor() {}

  /**
   * Measures the floor for {@code seconds} after {@code warmupSeconds} of untimed probes.
   *
   * @return p50, p99 and max in ms, the insert's p50 and the probe count
   */
  static Map<String, Object> measure(String jdbcUrl, double warmupSeconds, double seconds, int intervalMillis,
      long seed) throws Exception {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(jdbcUrl);
    try (Connection producer = source.getConnection(); Connection listener = source.getConnection()) {
      install(producer);
      try (Statement s = listener.createStatement()) {
        s.execute("LISTEN " + CHANNEL);
      }
      LinkedBlockingQueue<Long> claimed = new LinkedBlockingQueue<>();
      Thread claimer = new Thread(() -> claimLoop(listener, claimed), "latency-floor-claimer");
      claimer.setDaemon(true);
      claimer.start();
      try (PreparedStatement insert = producer.prepareStatement("INSERT INTO " + SCHEMA + ".jobs (sent) VALUES (?)")) {
        SplittableRandom random = new SplittableRandom(seed);
        probes(insert, claimed, random, warmupSeconds, intervalMillis);
        return probes(insert, claimed, random, seconds, intervalMillis);
      } finally {
        claimer.interrupt();
        try (Statement s = producer.createStatement()) {
          s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
      }
    }
  }

  private static void install(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      s.execute("CREATE SCHEMA " + SCHEMA);
      s.execute("CREATE TABLE " + SCHEMA + ".jobs (id bigserial PRIMARY KEY, status text NOT NULL DEFAULT 'queued', "
          + "sent bigint NOT NULL)");
      s.execute("CREATE INDEX ON " + SCHEMA + ".jobs (id) WHERE status = 'queued'");
      s.execute("CREATE FUNCTION " + SCHEMA + ".notify() RETURNS trigger LANGUAGE plpgsql AS "
          + "$$ BEGIN PERFORM pg_notify('" + CHANNEL + "', 'insert'); RETURN NULL; END $$");
      s.execute("CREATE TRIGGER notify AFTER INSERT ON " + SCHEMA + ".jobs FOR EACH STATEMENT EXECUTE FUNCTION "
          + SCHEMA + ".notify()");
    }
  }

  /** Claims on every notification until interrupted, adding each claimed row's latency to {@code claimed}. */
  private static void claimLoop(Connection c, LinkedBlockingQueue<Long> claimed) {
    String claim = "UPDATE " + SCHEMA + ".jobs SET status = 'picked' WHERE id IN (SELECT id FROM " + SCHEMA
        + ".jobs WHERE status = 'queued' ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED) RETURNING sent";
    try (PreparedStatement ps = c.prepareStatement(claim)) {
      PGConnection pg = c.unwrap(PGConnection.class);
      while (!Thread.currentThread().isInterrupted()) {
        PGNotification[] batch = pg.getNotifications(200);
        if (batch == null || batch.length == 0) {
          continue;
        }
        try (ResultSet rs = ps.executeQuery()) {
          long now = System.nanoTime();
          while (rs.next()) {
            claimed.add(now - rs.getLong(1));
          }
        }
      }
    } catch (SQLException e) {
      if (!Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("the floor's claimer failed", e);
      }
    }
  }

  private static Map<String, Object> probes(PreparedStatement insert, LinkedBlockingQueue<Long> claimed,
      SplittableRandom random, double seconds, int intervalMillis) throws Exception {
    List<Long> latencies = new ArrayList<>();
    List<Long> inserts = new ArrayList<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long pause = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    while (System.nanoTime() < end) {
      LockSupport.parkNanos(pause + random.nextLong(pause));
      long sent = System.nanoTime();
      insert.setLong(1, sent);
      insert.executeUpdate();
      inserts.add(System.nanoTime() - sent);
      Long latency = claimed.poll(30, TimeUnit.SECONDS);
      if (latency == null) {
        throw new IllegalStateException("the floor's probe was not claimed within 30 s");
      }
      latencies.add(latency);
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("floor_probes", latencies.size());
    figures.put("floor_p50_ms", WorkerLatency.percentileMillis(latencies, 50));
    figures.put("floor_p99_ms", WorkerLatency.percentileMillis(latencies, 99));
    figures.put("floor_max_ms", WorkerLatency.percentileMillis(latencies, 100));
    figures.put("floor_insert_p50_ms", WorkerLatency.percentileMillis(inserts, 50));
    return figures;
  }
}
