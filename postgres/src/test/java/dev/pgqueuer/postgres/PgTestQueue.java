package dev.pgqueuer.postgres;

import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.testdatabase.SchemaInstaller;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.testdatabase.TestSchema;
import java.time.InstantSource;

/**
 * A PostgreSQL repository on a fresh schema of the test server, for this module's own tests. Closing it (or its
 * repository) hands the schema back.
 *
 * @param schema the leased schema
 * @param repository the repository on it, over the server's pooled data source
 */
record PgTestQueue(TestSchema schema, PostgresRepository repository) implements AutoCloseable {

  private static final SchemaInstaller INSTALLER =
      (dataSource, names) -> PostgresSchema.of(dataSource, names, Durability.DURABLE).install();

  /** A fresh queue whose repository reads {@code now} from {@code clock}. */
  static PgTestQueue open(TestPostgres server, InstantSource clock) {
    return open(server, builder(server).clock(clock));
  }

  /** A fresh queue whose repository reads {@code now} from the database. */
  static PgTestQueue openWithDatabaseClock(TestPostgres server) {
    return open(server, builder(server).databaseClock());
  }

  private static PostgresRepository.Builder builder(TestPostgres server) {
    return PostgresRepository.builder(server.dataSource()).listenerDataSource(server.listenerDataSource());
  }

  private static PgTestQueue open(TestPostgres server, PostgresRepository.Builder builder) {
    TestSchema schema = server.newSchema(INSTALLER);
    try {
      return new PgTestQueue(schema, builder.names(schema.names()).onClose(schema::close).build());
    } catch (RuntimeException | Error e) {
      schema.close();
      throw e;
    }
  }

  /** The schema's name. */
  String schemaName() {
    return schema.schema();
  }

  /** The queue's object names. */
  SchemaNames names() {
    return repository.names();
  }

  @Override
  public void close() {
    repository.close();
  }
}
