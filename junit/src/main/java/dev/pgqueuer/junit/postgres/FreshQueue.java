package dev.pgqueuer.junit.postgres;

import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.PostgresRepository;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test's isolated PostgreSQL queue: a {@link PostgresRepository} on its own freshly installed schema (ids start
 * at 1, its own NOTIFY channel {@code <schema>.ch_pgqueuer}), so tests may run in parallel without seeing each
 * other. Get one from {@link TestPostgres#newQueue}.
 *
 * <p>Closing the queue or its repository (either one; both are idempotent) closes the repository and drops the
 * schema in the background, unless {@link #keepOnClose()} was called (for example because the test failed) or the
 * system property {@value TestPostgres#KEEP_SCHEMAS_PROPERTY} is {@code true}; a kept schema is logged with its
 * name so it can be inspected, and stays until dropped by hand. The schemas of a test run that died before closing
 * them are dropped when the next test run starts ({@link SchemaOwnership}).
 *
 * <p>Thread-safe.
 */
public final class FreshQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FreshQueue.class);

  private final String schema;
  private final PostgresRepository repository;
  private final AtomicBoolean keep = new AtomicBoolean(Boolean.getBoolean(TestPostgres.KEEP_SCHEMAS_PROPERTY));
  private final AtomicBoolean released = new AtomicBoolean();
  private final Consumer<String> dropper;
  private final Consumer<String> keeper;
  private final String jdbcUrl;

  FreshQueue(String schema, PostgresRepository.Builder builder, Consumer<String> dropper, Consumer<String> keeper,
      String jdbcUrl) {
    this.schema = schema;
    this.dropper = dropper;
    this.keeper = keeper;
    this.jdbcUrl = jdbcUrl;
    this.repository = builder.names(SchemaPool.names(schema)).onClose(this::release).build();
  }

  /** The repository of this queue; closing it releases the queue. Never {@code null}. */
  public PostgresRepository repository() {
    return repository;
  }

  /** The schema holding the queue, e.g. {@code pgqt_1a2b3c4d_17}. */
  public String schema() {
    return schema;
  }

  /** The queue's object names (schema-qualified, default prefix, channel {@code <schema>.ch_pgqueuer}). */
  public SchemaNames names() {
    return repository.names();
  }

  /** Keeps the schema and its data when the queue is closed (for inspecting a failed test). @return this */
  public FreshQueue keepOnClose() {
    keep.set(true);
    return this;
  }

  /** Whether the schema survives {@link #close()}. */
  public boolean isKeptOnClose() {
    return keep.get();
  }

  /** Closes the repository and drops the schema in the background (unless kept); idempotent. */
  @Override
  public void close() {
    repository.close();
  }

  private void release() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    if (keep.get()) {
      keeper.accept(schema);
      LOG.info("kept test schema {} of {} for inspection (drop it by hand when done)", schema, jdbcUrl);
    } else {
      dropper.accept(schema);
    }
  }

  @Override
  public String toString() {
    return "FreshQueue[" + schema + "]";
  }
}
