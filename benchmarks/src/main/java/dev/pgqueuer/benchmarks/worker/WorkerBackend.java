package dev.pgqueuer.benchmarks.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.Durability;
import dev.pgqueuer.postgres.PostgresRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The repository a worker scenario runs on: an in-memory repository, or a PostgreSQL queue installed once in the
 * schema {@value #SCHEMA} (dropped first) and reached through one HikariCP pool, using the database clock as in
 * production. The backend lives for the whole scenario and {@link #reset() reset} empties it before each run, as
 * the peer benchmarks do: the pool's connections and their prepared statements stay warm
 * from the warm-up on, and every run starts from empty, vacuumed tables. Closing it closes the repository and the
 * pool.
 */
final class WorkerBackend implements AutoCloseable {

  /** The schema the PostgreSQL scenarios use. */
  static final String SCHEMA = "pgqueuer_bench_worker";
  /** The queue's object names in {@link #SCHEMA}. */
  static final SchemaNames NAMES = SchemaNames.of(SCHEMA, "");

  private Repository repository;
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
   * @param durability {@code durable}, {@code balanced} or {@code volatile} (checked, then ignored for memory)
   * @throws IllegalArgumentException for an unknown backend or durability
   */
  static WorkerBackend open(String backend, String jdbcUrl, int poolSize, String durability) throws SQLException {
    Durability tables = durability(durability);
    switch (backend.toLowerCase(Locale.ROOT)) {
      case "memory":
        return new WorkerBackend(InMemoryRepository.builder().build(), null);
      case "postgres":
        return postgres(jdbcUrl, poolSize, tables);
      default:
        throw new IllegalArgumentException("--backend must be memory or postgres, got " + backend);
    }
  }

  private static Durability durability(String name) {
    try {
      return Durability.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--durability must be durable, balanced or volatile, got " + name, e);
    }
  }

  private static WorkerBackend postgres(String jdbcUrl, int poolSize, Durability durability) throws SQLException {
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
    PostgresRepository repo = PostgresRepository.builder(pool).names(NAMES)
        .durability(durability).listenerDataSource(direct).build();
    repo.install();
    return new WorkerBackend(repo, pool);
  }

  Repository repository() {
    return repository;
  }

  /**
   * Empties the queue before a run. In memory: a new repository. On PostgreSQL: the peers' reset, {@code TRUNCATE}
   * of the four tables (ids restart at 1), {@code VACUUM ANALYZE} of each and a {@code CHECKPOINT}, so that no run
   * inherits the dead index entries of the one before or a checkpoint falling due.
   */
  void reset() throws SQLException {
    if (pool == null) {
      repository.close();
      repository = InMemoryRepository.builder().build();
      return;
    }
    List<String> tables = NAMES.columns().keySet().stream().map(WorkerBackend::qualified).toList();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY");
      for (String table : tables) {
        s.execute("VACUUM ANALYZE " + table);
      }
      s.execute("CHECKPOINT");
    }
  }

  /** Refreshes the planner statistics after a bulk load (PostgreSQL only). */
  void analyze() throws SQLException {
    if (pool != null) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("ANALYZE " + qualified(NAMES.queueTable()));
      }
    }
  }

  private static String qualified(String table) {
    return SCHEMA + "." + table;
  }

  @Override
  public void close() {
    repository.close();
    if (pool != null) {
      pool.close();
    }
  }
}
