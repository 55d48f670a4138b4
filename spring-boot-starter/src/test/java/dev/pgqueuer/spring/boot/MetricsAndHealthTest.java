package dev.pgqueuer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.micrometer.PgQueuerMeters;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The metrics binder and the health indicator, and the context without Micrometer or Boot's health support. */
class MetricsAndHealthTest {

  private final TestDatabase db = new TestDatabase();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PgQueuerAutoConfiguration.class, PgQueuerHealthAutoConfiguration.class));

  @AfterEach
  void dropSchema() {
    db.close();
  }

  static class Mails {
    @PgQueuerHandler("mail")
    void mail() {}

    @PgQueuerHandler("broken")
    void broken() {
      throw new IllegalStateException("fails (expected by the test)");
    }
  }

  @Test
  void workerAndQueueMetersAreBoundToTheApplicationsRegistry() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class))
        .withBean(Mails.class)
        .withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.worker.enabled=false",
            "pgqueuer.metrics.refresh-interval=0s", "pgqueuer.metrics.entrypoints=audit")
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry).isInstanceOf(SimpleMeterRegistry.class);
          Repository repository = context.getBean(Repository.class);
          for (String e : new String[] {"mail", "mail", "broken", "audit"}) {
            repository.enqueue(EnqueueRequest.of(NewJob.of(e)));
          }
          assertThat(registry.get(PgQueuerMeters.QUEUE_DEPTH).tags("entrypoint", "mail", "status", "queued")
              .gauge().value()).isEqualTo(2);

          context.getBean(PgQueuerWorker.class).manager().orElseThrow().step().drainUntilIdle();

          assertThat(registry.get(PgQueuerMeters.JOBS_CLAIMED).tag("entrypoint", "mail").counter().count())
              .isEqualTo(2);
          assertThat(registry.get(PgQueuerMeters.JOBS_FINISHED).tags("entrypoint", "mail", "outcome", "successful")
              .counter().count()).isEqualTo(2);
          assertThat(registry.get(PgQueuerMeters.JOBS_FINISHED).tags("entrypoint", "broken", "outcome", "exception")
              .counter().count()).isEqualTo(1);
          assertThat(registry.get(PgQueuerMeters.HANDLER_DURATION).tags("entrypoint", "mail").timer().count())
              .isEqualTo(2);
          assertThat(registry.get(PgQueuerMeters.OUTCOME_WRITE).timer().count()).isPositive();
          assertThat(registry.get(PgQueuerMeters.QUEUE_DEPTH).tags("entrypoint", "mail", "status", "queued")
              .gauge().value()).isZero();
          assertThat(registry.get(PgQueuerMeters.QUEUE_DEPTH).tags("entrypoint", "audit", "status", "queued")
              .gauge().value()).as("an entrypoint without handler, named in pgqueuer.metrics.entrypoints")
              .isEqualTo(1);
        });
  }

  @Test
  void metricsCanBeSwitchedOff() {
    runner.withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.metrics.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(PgQueuerMeterBinder.class));
  }

  @Test
  void withoutMicrometerTheContextStartsWithoutMeters() {
    runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
        .withBean(Mails.class).withPropertyValues("pgqueuer.backend=in-memory")
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(PgQueuerMeterBinder.class);
          assertThat(context.getBean(PgQueuerWorker.class).isRunning()).isTrue();
        });
  }

  @Test
  void withoutBootsHealthSupportTheContextStartsWithoutIndicator() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
        .withPropertyValues("pgqueuer.backend=in-memory")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PgQueuerHealthIndicator.class));
  }

  @Test
  void theIndicatorCanBeSwitchedOffLikeAnyOther() {
    runner.withPropertyValues("pgqueuer.backend=in-memory", "management.health.pgqueuer.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(PgQueuerHealthIndicator.class));
  }

  @Test
  void inMemoryIsUpWithItsDetails() {
    runner.withBean(Mails.class).withPropertyValues("pgqueuer.backend=in-memory").run(context -> {
      Health health = context.getBean(PgQueuerHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("backend", "in-memory").containsEntry("schema", "installed")
          .containsEntry("listener", "connected").containsEntry("worker", "running");
    });
  }

  @Test
  void postgresIsUpWhenTheTablesAreInstalledAndTheListenerEchoes() {
    runner.withBean(DataSource.class, () -> db.dataSource)
        .withPropertyValues("pgqueuer.schema.name=" + db.schema, "pgqueuer.schema.mode=install")
        .run(context -> {
          Health health = context.getBean(PgQueuerHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("database", "reachable")
              .containsEntry("listener", "connected").containsEntry("worker", "no handlers");
        });
  }

  @Test
  void postgresIsDownWhenTheTablesAreMissing() {
    runner.withBean(DataSource.class, () -> db.dataSource)
        .withPropertyValues("pgqueuer.schema.name=" + db.schema, "pgqueuer.schema.mode=none")
        .run(context -> {
          Health health = context.getBean(PgQueuerHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails()).containsEntry("schema", "missing");
        });
  }

  @Test
  void postgresIsDownWhenTheDatabaseIsUnreachable() {
    runner.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/test"))
        .withPropertyValues("pgqueuer.schema.mode=none")
        .run(context -> {
          Health health = context.getBean(PgQueuerHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails()).containsEntry("database", "unreachable");
        });
  }

  @Test
  void theQueueGaugesReuseOneReadingForTheRefreshInterval() {
    runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class))
        .withBean(Mails.class)
        .withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.worker.enabled=false",
            "pgqueuer.metrics.refresh-interval=1h")
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get(PgQueuerMeters.QUEUE_DEPTH).tags("entrypoint", "mail", "status", "queued")
              .gauge().value()).isZero();
          context.getBean(Repository.class).enqueue(EnqueueRequest.of(NewJob.of("mail")));
          assertThat(registry.get(PgQueuerMeters.QUEUE_DEPTH).tags("entrypoint", "mail", "status", "queued")
              .gauge().value()).as("the reading is an hour old at most").isZero();
        });
  }

  @Test
  void theListenerTimeoutIsBound() {
    runner.withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.health.listener-timeout=150ms")
        .run(context -> assertThat(context.getBean(PgQueuerProperties.class).getHealth().getListenerTimeout())
            .isEqualTo(java.time.Duration.ofMillis(150)));
  }
}
