package dev.pgqueuer.conformance;

import dev.pgqueuer.junit.postgres.FreshQueue;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.Repository;

/**
 * Runs the whole contract against PostgreSQL: each test gets a fresh queue in its own schema, dropped when the
 * suite closes the repository. Without a server the tests fail when {@code -Dpgqueuer.test.postgres=required},
 * else they are reported as skipped.
 */
class PostgresContractTest implements RepositoryContract {

  @Override
  public Repository newRepository(ManualClock clock) {
    return FreshQueue.open(TestPostgres.sharedOrAbort(), clock).repository();
  }
}
