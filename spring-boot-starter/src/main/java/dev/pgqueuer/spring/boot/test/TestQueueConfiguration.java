package dev.pgqueuer.spring.boot.test;

import dev.pgqueuer.port.Repository;
import dev.pgqueuer.spring.boot.PgQueuerProperties;
import dev.pgqueuer.spring.boot.PgQueuerRegistry;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The beans {@link PgQueuerSpringTest} adds: the {@link BoundTestQueue} and the repository that delegates to the
 * bound test's queue (primary, so it replaces the application's).
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
  @Primary
  Repository pgqueuerTestRepository(BoundTestQueue bound) {
    return bound.repository();
  }
}
