package dev.pgqueuer.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh PostgreSQL queue for the worker load and resilience tests, reached through a connection pool of its own
 * whose connections carry a unique {@code application_name}, so a test can terminate exactly its workers'
 * connections without touching other tests sharing the server. Uses the database clock (real time).
 */
final class PostgresWorkerFixture implements AutoCloseable {

  private final TestPostgres server;
  private final PgTestQueue fresh;
  private final HikariDataSource pool;
  private final PostgresRepository repository;
  private final String applicationName = "pgq-worker-test-" + UUID.randomUUID().toString().substring(0, 8);

  PostgresWorkerFixture(int poolSize) {
    this.server = TestPostgres.sharedOrAbort();
    this.fresh = PgTestQueue.openWithDatabaseClock(server);
    String url = withApplicationName(server.jdbcUrl());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(10_000);
    config.setPoolName(applicationName);
    this.pool = new HikariDataSource(config);
    PGSimpleDataSource listen = new PGSimpleDataSource();
    listen.setURL(url);
    this.repository = PostgresRepository.builder(pool).names(fresh.names()).listenerDataSource(listen).build();
  }

  PostgresRepository repository() {
    return repository;
  }

  /** Enqueues {@code count} jobs of {@code entrypoint} in batches of 1,000 (ids 1..count). */
  void prefill(String entrypoint, int count) {
    List<NewJob> batch = new ArrayList<>(1000);
    for (int i = 0; i < count; i++) {
      batch.add(NewJob.of(entrypoint));
      if (batch.size() == 1000 || i == count - 1) {
        repository.enqueue(EnqueueRequest.of(batch));
        batch.clear();
      }
    }
  }

  /** Terminates every connection of this fixture's pool and listener. @return how many were terminated */
  int terminateConnections() throws SQLException {
    try (Connection c = server.directDataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("select count(*) filter (where pg_terminate_backend(pid)) "
            + "from pg_stat_activity where application_name = ? and pid <> pg_backend_pid()")) {
      ps.setString(1, applicationName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * Closes the pool's idle connections, so the next call opens a new one: an idle connection killed by
   * {@link #terminateConnections} fails its next statement once (the pool only notices on use).
   */
  void replaceIdleConnections() {
    pool.getHikariPoolMXBean().softEvictConnections();
  }

  @Override
  public void close() {
    try {
      repository.close();
      pool.close();
    } finally {
      fresh.close();
    }
  }

  private String withApplicationName(String url) {
    return url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
  }
}
