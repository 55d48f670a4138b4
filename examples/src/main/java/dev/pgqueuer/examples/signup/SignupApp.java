package dev.pgqueuer.examples.signup;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pgqueuer.SchemaStateException;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.worker.QueueManager;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The sign-up application's production wiring: a HikariCP pool, a {@link PostgresRepository} on the database clock,
 * the queue schema installed when missing, and a threaded {@link QueueManager} running {@link SignupJobs}.
 *
 * <pre>
 * mvn -q -pl examples -am compile exec:java -Dexample.main=dev.pgqueuer.examples.signup.SignupApp \
 *     -Dexec.args="jdbc:postgresql://127.0.0.1:5432/test?user=postgres signup_demo"
 * </pre>
 *
 * <p>The optional second argument is the schema to use (created when missing); without it the connection's
 * {@code search_path} decides. Thread-safe; {@link #close()} stops the worker gracefully, then the repository.
 */
public final class SignupApp implements AutoCloseable {

  private final PostgresRepository repository;
  private final QueueManager worker;
  private final SignupService signups;

  private SignupApp(PostgresRepository repository, QueueManager worker, SignupService signups) {
    this.repository = repository;
    this.worker = worker;
    this.signups = signups;
  }

  /**
   * Connects to the queue of {@code names} in {@code dataSource}, installs it when missing and starts the worker.
   *
   * @throws dev.pgqueuer.RepositoryException when the database cannot be reached
   */
  public static SignupApp start(DataSource dataSource, SchemaNames names, Outbox outbox) {
    PostgresRepository repository = PostgresRepository.builder(dataSource).names(names).build();
    installIfMissing(repository);
    Accounts accounts = new JdbcAccounts(dataSource, names.schema()).createTable();
    QueueManager.Builder builder = QueueManager.builder(repository);
    new SignupJobs(outbox, accounts, SignupJobs.DEFAULT_RETRY).entrypoints().forEach(builder::entrypoint);
    QueueManager worker = builder.build();
    worker.start();
    return new SignupApp(repository, worker, new SignupService(repository, accounts));
  }

  private static void installIfMissing(PostgresRepository repository) {
    if (!repository.isInstalled()) {
      try {
        repository.install();
      } catch (SchemaStateException raced) {
        // another instance installed it between the check and the install: fine
      }
    }
  }

  /** The service the web layer would call. */
  public SignupService signups() {
    return signups;
  }

  /** The queue. */
  public PostgresRepository repository() {
    return repository;
  }

  /** Stops the worker (waiting for running jobs) and the repository; the data source stays open. */
  @Override
  public void close() {
    try {
      worker.stop();
    } finally {
      repository.close();
    }
  }

  /** A small pool for {@code jdbcUrl}. */
  public static HikariDataSource pool(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
    config.setMaximumPoolSize(8);
    config.setPoolName("signup");
    return new HikariDataSource(config);
  }

  /**
   * Signs up two demo users and prints the mails the worker sends.
   *
   * @param args the JDBC URL, then optionally a schema name
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: SignupApp <jdbc-url> [schema]");
      System.exit(2);
    }
    @Nullable String schema = args.length == 2 ? args[1] : null;
    InMemoryOutbox outbox = new InMemoryOutbox();
    try (HikariDataSource pool = pool(args[0]);
        SignupApp app = start(pool, SchemaNames.of(schema, ""), outbox)) {
      app.signups().signUp("ada@example.com", "Ada");
      app.signups().signUp("grace@example.com", "Grace");
      if (!outbox.awaitSent(2, Duration.ofSeconds(30))) {
        System.err.println("the welcome mails were not sent within 30 s");
        System.exit(1);
      }
      outbox.sent().forEach(m -> System.out.println("sent to " + m.to() + ": " + m.subject()));
    }
  }
}
