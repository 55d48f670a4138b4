package dev.pgqueuer.spring.boot.test;

import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.spring.boot.PgQueuerProperties;
import dev.pgqueuer.spring.boot.PgQueuerRegistry;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The beans {@link PgQueuerSpringTest} adds: the {@link BoundTestQueue}, the repository that delegates to the bound
 * test's queue (it replaces the auto-configured one) and the queue writes over it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestQueueConfiguration {

  /** Creates the configuration; Spring does this. */
  public TestQueueConfiguration() {}

  @Bean
  BoundTestQueue pgqueuerBoundTestQueue(PgQueuerRegistry registry, PgQueuerProperties properties) {
    return new BoundTestQueue(registry, properties.getScheduler().getZone());
  }

  // the test's queue is closed by the JUnit extension, never by the context
  @Bean(destroyMethod = "")
  Repository pgqueuerTestRepository(BoundTestQueue bound) {
    return bound.repository();
  }

  /**
   * Writes that join Spring transactions through a unit of work of the test's queue (on either backend: the test's
   * PostgreSQL queue has a DataSource of its own, not the application's).
   */
  @Bean
  @Primary
  QueueWrites pgqueuerQueueWrites(BoundTestQueue bound) {
    return bound.queueWrites();
  }
}
