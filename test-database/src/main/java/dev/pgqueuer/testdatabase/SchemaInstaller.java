package dev.pgqueuer.testdatabase;

import dev.pgqueuer.port.SchemaNames;
import javax.sql.DataSource;

/**
 * Installs a queue's tables, functions and triggers in a new, empty schema: what {@link TestPostgres} runs for each
 * schema it prepares. The PostgreSQL backend's installer is {@code PostgresSchema.of(dataSource, names,
 * durability).install()}. {@link TestPostgres} keeps one pool of prepared schemas per installer instance, so pass the
 * same instance (a constant) each time.
 *
 * <p>Implementations must be thread-safe: schemas are installed on a background thread.
 */
@FunctionalInterface
public interface SchemaInstaller {

  /**
   * Installs the queue named by {@code names} (its schema exists or is created by the installer).
   *
   * @throws RuntimeException when the installation fails; the schema is then dropped and the failure reported to
   *     the test that waits for one
   */
  void install(DataSource dataSource, SchemaNames names);
}
