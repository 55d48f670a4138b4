package dev.pgqueuer.benchmarks.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.PostgresRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The repository a worker scenario runs on: a fresh in-memory repository, or a freshly installed PostgreSQL queue
 * in the schema {@value #SCHEMA} (dropped and re-created per run) reached through a HikariCP pool, using the
 * database clock as in production. Closing it closes the repository and the pool.
 */
final class WorkerBackend implements AutoCloseable {

  /** The schema the PostgreSQL scenarios use. */
  static final String SCHEMA = "pgqueuer_bench_worker";

  private final Repository repository;
  private final @Nullable HikariDataSource pool;

  private WorkerBackend(Repository repository, @Nullable HikariDataSource pool) {
    this.repository = repository;
    this.pool = pool;
  }

  /**
   * Opens a backend.
   *
   * @param backend {@code memory} or {@code postgres}
   * @param jdbcUrl the PostgreSQL URL (ignored for memory)
   * @param poolSize the connection pool size (ignored for memory)
   * @throws IllegalArgumentException for an unknown backend
   */
  static WorkerBackend open(String backend, String jdbcUrl, int poolSize) throws SQLException {
    switch (backend.toLowerCase(Locale.ROOT)) {
      case "memory":
        return new WorkerBackend(InMemoryRepository.builder().build(), null);
      case "postgres":
        return postgres(jdbcUrl, poolSize);
      default:
        throw new IllegalArgumentException("--backend must be memory or postgres, got " + backend);
    }
  }

  private static WorkerBackend postgres(String jdbcUrl, int poolSize) throws SQLException {
    PGSimpleDataSource direct = new PGSimpleDataSource();
    direct.setURL(jdbcUrl);
    try (Connection c = direct.getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("bench-worker");
    HikariDataSource pool = new HikariDataSource(config);
    PostgresRepository repo = PostgresRepository.builder(pool).names(SchemaNames.of(SCHEMA, ""))
        .listenerDataSource(direct).build();
    repo.install();
    return new WorkerBackend(repo, pool);
  }

  Repository repository() {
    return repository;
  }

  /** Refreshes the planner statistics after a bulk load (PostgreSQL only). */
  void analyze() throws SQLException {
    if (pool != null) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("ANALYZE " + SCHEMA + ".pgqueuer");
      }
    }
  }

  @Override
  public void close() {
    repository.close();
    if (pool != null) {
      pool.close();
    }
  }
}
