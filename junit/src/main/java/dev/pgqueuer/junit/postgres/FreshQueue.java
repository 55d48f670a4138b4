package dev.pgqueuer.junit.postgres;

import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.Durability;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.postgres.PostgresSchema;
import dev.pgqueuer.testdatabase.SchemaInstaller;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.testdatabase.TestSchema;
import java.time.InstantSource;
import java.util.Objects;

/**
 * One test's isolated PostgreSQL queue: a {@link PostgresRepository} on its own freshly installed schema (ids start
 * at 1, its own channel) of a {@link TestPostgres} server. Closing it closes the repository and hands the schema
 * back (recycled or dropped in the background, or kept when {@link #keepOnClose()} was called).
 *
 * <pre>{@code
 * try (FreshQueue queue = FreshQueue.open(TestPostgres.shared(), ManualClock.create())) {
 *   queue.repository().enqueue(EnqueueRequest.of(NewJob.of("email")));
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FreshQueue implements AutoCloseable {

  /** Installs the PostgreSQL backend's schema; one constant, so all fresh queues share one pool of schemas. */
  private static final SchemaInstaller INSTALLER =
      (dataSource, names) -> PostgresSchema.of(dataSource, names, Durability.DURABLE).install();

  private final TestSchema schema;
  private final PostgresRepository repository;

  private FreshQueue(TestSchema schema, PostgresRepository.Builder builder) {
    this.schema = schema;
    this.repository = builder.names(schema.names()).onClose(schema::close).build();
  }

  /**
   * A fresh queue on {@code server} whose repository reads {@code now} from {@code clock}.
   *
   * @throws IllegalStateException when no schema could be prepared
   */
  public static FreshQueue open(TestPostgres server, InstantSource clock) {
    Objects.requireNonNull(clock, "clock");
    return open(server, builder(server).clock(clock));
  }

  /** A fresh queue on {@code server} whose repository uses the database clock. */
  public static FreshQueue openWithDatabaseClock(TestPostgres server) {
    return open(server, builder(server).databaseClock());
  }

  private static PostgresRepository.Builder builder(TestPostgres server) {
    return PostgresRepository.builder(server.dataSource()).listenerDataSource(server.listenerDataSource());
  }

  private static FreshQueue open(TestPostgres server, PostgresRepository.Builder builder) {
    TestSchema schema = server.newSchema(INSTALLER);
    try {
      return new FreshQueue(schema, builder);
    } catch (RuntimeException | Error e) {
      schema.close();
      throw e;
    }
  }

  /** The repository of this queue; closing it releases the queue. Never {@code null}. */
  public PostgresRepository repository() {
    return repository;
  }

  /** The schema holding the queue, e.g. {@code pgqt_1a2b3c4d_17}. */
  public String schema() {
    return schema.schema();
  }

  /** The queue's object names (schema-qualified, default prefix). */
  public SchemaNames names() {
    return repository.names();
  }

  /** Keeps the schema and its data when the queue is closed (for inspecting a failed test). @return this */
  public FreshQueue keepOnClose() {
    schema.keepOnClose();
    return this;
  }

  /** Whether the schema survives {@link #close()}. */
  public boolean isKeptOnClose() {
    return schema.isKeptOnClose();
  }

  /** Closes the repository and hands the schema back; idempotent. */
  @Override
  public void close() {
    repository.close();
  }

  @Override
  public String toString() {
    return "FreshQueue[" + schema.schema() + "]";
  }
}
