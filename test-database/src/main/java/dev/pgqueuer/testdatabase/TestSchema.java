package dev.pgqueuer.testdatabase;

import dev.pgqueuer.port.SchemaNames;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test's schema, installed and empty (ids start at 1), leased from {@link TestPostgres#newSchema}. Closing it
 * hands it back: it is emptied and reused, or dropped, in the background; or kept for inspection when
 * {@link #keepOnClose()} was called or the system property {@value TestPostgres#KEEP_SCHEMAS_PROPERTY} is
 * {@code true}.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class TestSchema implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TestSchema.class);

  private final String schema;
  private final AtomicBoolean keep = new AtomicBoolean(Boolean.getBoolean(TestPostgres.KEEP_SCHEMAS_PROPERTY));
  private final AtomicBoolean released = new AtomicBoolean();
  private final Consumer<String> dropper;
  private final Consumer<String> keeper;
  private final String jdbcUrl;

  TestSchema(String schema, Consumer<String> dropper, Consumer<String> keeper, String jdbcUrl) {
    this.schema = schema;
    this.dropper = dropper;
    this.keeper = keeper;
    this.jdbcUrl = jdbcUrl;
  }

  /** The schema's name, e.g. {@code pgqt_1a2b3c4d_17}. */
  public String schema() {
    return schema;
  }

  /** The queue's object names in the schema: schema-qualified, the default prefix. */
  public SchemaNames names() {
    return SchemaPool.names(schema);
  }

  /** Keeps the schema and its data when closed (for inspecting a failed test). @return this */
  public TestSchema keepOnClose() {
    keep.set(true);
    return this;
  }

  /** Whether the schema survives {@link #close()}. */
  public boolean isKeptOnClose() {
    return keep.get();
  }

  /** Hands the schema back: recycled or dropped in the background, or kept; idempotent. */
  @Override
  public void close() {
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
    return "TestSchema[" + schema + "]";
  }
}
