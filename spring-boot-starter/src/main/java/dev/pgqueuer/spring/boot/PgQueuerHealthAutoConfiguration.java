package dev.pgqueuer.spring.boot;

import dev.pgqueuer.port.Repository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code pgqueuer} health indicator ({@link PgQueuerHealthIndicator}), when Spring Boot's health support is on
 * the class path (Actuator brings it); switched off with {@code management.health.pgqueuer.enabled=false}.
 */
@AutoConfiguration(after = PgQueuerAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Repository.class)
public class PgQueuerHealthAutoConfiguration {

  /** Creates the configuration; Spring does this. */
  public PgQueuerHealthAutoConfiguration() {}

  // on the method, not the class: the class condition must be evaluated before this one's class is loaded
  @Bean
  @ConditionalOnEnabledHealthIndicator("pgqueuer")
  @ConditionalOnMissingBean(name = "pgqueuerHealthIndicator")
  PgQueuerHealthIndicator pgqueuerHealthIndicator(Repository repository, PgQueuerProperties properties,
      ObjectProvider<PgQueuerWorker> worker) {
    return new PgQueuerHealthIndicator(repository, properties, worker.getIfAvailable());
  }
}
