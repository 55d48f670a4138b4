package dev.pgqueuer.spring.boot;

import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.tx.JoiningQueueWrites;
import dev.pgqueuer.tx.UnitOfWorkProvider;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.WorkerListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of pgqueuer (see the package documentation and {@link PgQueuerProperties}). Every bean backs
 * off when the application defines its own of the same type. Runs after the DataSource auto-configuration.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(PgQueuerProperties.class)
public class PgQueuerAutoConfiguration {

  /** Creates the configuration; Spring does this. */
  public PgQueuerAutoConfiguration() {}

  @Bean
  static AnnotatedMethods pgqueuerAnnotatedMethods() {
    return new AnnotatedMethods();
  }

  /**
   * The repository: PostgreSQL over the application's DataSource, or in memory.
   *
   * @throws PgQueuerConfigurationException for the PostgreSQL backend without a DataSource, or bad schema names
   */
  @Bean
  @ConditionalOnMissingBean
  Repository pgqueuerRepository(PgQueuerProperties properties, ObjectProvider<DataSource> dataSources) {
    SchemaNames names;
    try {
      names = SchemaNames.of(properties.getSchema().getName(), properties.getSchema().getPrefix());
    } catch (IllegalArgumentException e) {
      throw new PgQueuerConfigurationException("pgqueuer.schema.name or pgqueuer.schema.prefix is invalid: "
          + e.getMessage() + ".", "Fix pgqueuer.schema.name and pgqueuer.schema.prefix.");
    }
    switch (properties.getBackend()) {
      case IN_MEMORY:
        return InMemoryRepository.builder().names(names).build();
      case POSTGRES:
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
          String found = dataSources.stream().findAny().isPresent()
              ? "several DataSource beans and none is primary" : "no DataSource bean";
          throw new PgQueuerConfigurationException("pgqueuer.backend is postgres (the default), but the application "
              + "has " + found + ".",
              "Add spring-boot-starter-jdbc with the PostgreSQL driver and set spring.datasource.url (or mark one "
                  + "DataSource @Primary), or set pgqueuer.backend=in-memory to run without a database.");
        }
        return PostgresRepository.builder(dataSource).names(names)
            .durability(properties.getSchema().getDurability()).build();
      default:
        throw new IllegalStateException("cannot happen: unknown backend " + properties.getBackend());
    }
  }

  @Bean
  @ConditionalOnMissingBean
  PgQueuerSchemaInitializer pgqueuerSchemaInitializer(Repository repository, PgQueuerProperties properties) {
    return new PgQueuerSchemaInitializer(repository, properties.getSchema().getMode());
  }

  @Bean
  @ConditionalOnMissingBean
  PgQueuerRegistry pgqueuerRegistry(AnnotatedMethods methods, ObjectProvider<Entrypoint> entrypoints,
      ObjectProvider<ScheduleRegistration> schedules, PgQueuerProperties properties, Environment environment) {
    return new PgQueuerRegistry(methods, entrypoints, schedules, properties, environment);
  }

  @Bean
  @ConditionalOnMissingBean
  PgQueuerWorker pgqueuerWorker(Repository repository, PgQueuerRegistry registry, PgQueuerSchemaInitializer schema,
      PgQueuerProperties properties, ObjectProvider<WorkerListener> listeners) {
    return new PgQueuerWorker(repository, registry, properties.getWorker(),
        listeners.orderedStream().collect(Collectors.toList()));
  }

  @Bean
  @ConditionalOnMissingBean
  PgQueuerScheduler pgqueuerScheduler(Repository repository, PgQueuerRegistry registry,
      PgQueuerSchemaInitializer schema, PgQueuerProperties properties) {
    return new PgQueuerScheduler(repository, registry, properties.getScheduler());
  }

  /**
   * The queue writes application code injects ({@link QueueWrites}): they join the surrounding Spring-managed
   * transaction, when Spring's transaction support is on the class path.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.transaction.support.TransactionSynchronizationManager")
  static class TransactionConfiguration {

    private static final boolean JDBC = ClassUtils.isPresent("org.springframework.jdbc.datasource.DataSourceUtils",
        TransactionConfiguration.class.getClassLoader());

    /**
     * On PostgreSQL over the application's DataSource, the writes share the transaction's connection; in memory
     * (or without spring-jdbc) they run in a unit of work committed and rolled back with the Spring transaction.
     */
    @Bean
    @Primary
    @ConditionalOnMissingBean(name = "pgqueuerQueueWrites")
    QueueWrites pgqueuerQueueWrites(Repository repository, PgQueuerProperties properties,
        ObjectProvider<DataSource> dataSources) {
      DataSource dataSource = dataSources.getIfUnique();
      UnitOfWorkProvider provider = JDBC && properties.getBackend() == PgQueuerProperties.Backend.POSTGRES
          && repository instanceof PostgresRepository && dataSource != null
          ? new SpringJdbcUnits(dataSource) : new SpringManagedUnits(repository);
      return new JoiningQueueWrites(repository, provider);
    }
  }

  /** The meters, when Micrometer is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBooleanProperty(name = "pgqueuer.metrics.enabled", matchIfMissing = true)
  static class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PgQueuerMeterBinder pgqueuerMeterBinder(Repository repository, PgQueuerRegistry registry,
        PgQueuerProperties properties) {
      return new PgQueuerMeterBinder(repository, registry, properties.getMetrics());
    }
  }
}
