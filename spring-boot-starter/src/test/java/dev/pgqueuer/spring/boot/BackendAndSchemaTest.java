package dev.pgqueuer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.postgres.PostgresRepository;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The backend and schema properties, and the startup failures they can cause. */
class BackendAndSchemaTest {

  private final TestDatabase db = new TestDatabase();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PgQueuerAutoConfiguration.class));

  private ApplicationContextRunner postgres(String mode) {
    return runner.withBean(DataSource.class, () -> db.dataSource)
        .withPropertyValues("pgqueuer.schema.name=" + db.schema, "pgqueuer.schema.mode=" + mode);
  }

  @AfterEach
  void dropSchema() {
    db.close();
  }

  @Test
  void theInMemoryBackendNeedsNoDataSource() {
    runner.withPropertyValues("pgqueuer.backend=in-memory").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(Repository.class)).isInstanceOf(InMemoryRepository.class);
      assertThat(context.getBean(Repository.class).isInstalled()).isTrue();
    });
  }

  @Test
  void thePostgresBackendWithoutDataSourceFailsSayingWhatToSet() {
    runner.run(context -> {
      assertThat(context).hasFailed();
      Startup.failure(context)
          .isInstanceOf(PgQueuerConfigurationException.class)
          .hasMessageContaining("pgqueuer.backend is postgres (the default), but the application has no DataSource")
          .hasMessageContaining("spring.datasource.url")
          .hasMessageContaining("pgqueuer.backend=in-memory");
    });
  }

  @Test
  void thePostgresBackendWithTwoDataSourcesAndNoPrimaryFailsSayingSo() {
    runner.withBean("one", DataSource.class, () -> db.dataSource)
        .withBean("two", DataSource.class, () -> db.dataSource)
        .run(context -> Startup.failure(context)
            .hasMessageContaining("several DataSource beans and none is primary"));
  }

  @Test
  void thePostgresBackendUsesTheApplicationsDataSourceAndSchemaNames() {
    postgres("install").withPropertyValues("pgqueuer.schema.prefix=app_").run(context -> {
      Repository repository = context.getBean(Repository.class);
      assertThat(repository).isInstanceOf(PostgresRepository.class);
      assertThat(repository.names().schema()).isEqualTo(db.schema);
      assertThat(repository.names().queueTable()).isEqualTo("app_pgqueuer");
      assertThat(repository.isInstalled()).isTrue();
    });
  }

  @Test
  void verifyFailsTheStartupWhenTheTablesAreMissing() {
    postgres("verify").run(context -> {
      Startup.failure(context)
          .isInstanceOf(PgQueuerConfigurationException.class)
          .hasMessageContaining("pgqueuer.schema.mode is verify")
          .hasMessageContaining("pgqueuer.schema.mode=install");
      assertThat(db.hasQueueTable()).isFalse();
    });
  }

  @Test
  void verifyIsTheDefault() {
    runner.withBean(DataSource.class, () -> db.dataSource).withPropertyValues("pgqueuer.schema.name=" + db.schema)
        .run(context -> Startup.failure(context)
            .hasMessageContaining("pgqueuer.schema.mode is verify"));
  }

  @Test
  void installCreatesMissingTablesAndVerifyThenPasses() {
    postgres("install").run(context -> assertThat(context).hasNotFailed());
    assertThat(db.hasQueueTable()).isTrue();
    postgres("install").run(context -> assertThat(context).as("installed already: left alone").hasNotFailed());
    postgres("verify").run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void upgradeInstallsMissingTablesAndUpgradesInstalledOnes() {
    postgres("upgrade").run(context -> assertThat(context).hasNotFailed());
    assertThat(db.hasQueueTable()).isTrue();
    postgres("upgrade").run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void noneLeavesTheDatabaseAlone() {
    postgres("none").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(PgQueuerSchemaInitializer.class).isApplied()).isTrue();
    });
    assertThat(db.hasQueueTable()).isFalse();
  }

  @Test
  void durabilityIsUsedByTheInstall() {
    postgres("install").withPropertyValues("pgqueuer.schema.durability=volatile").run(context ->
        assertThat(context).hasNotFailed());
    db.execute("DO $$ BEGIN IF (SELECT relpersistence FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE n.nspname = '" + db.schema + "' AND c.relname = 'pgqueuer') <> 'u' THEN"
        + " RAISE EXCEPTION 'not unlogged'; END IF; END $$");
  }

  @Test
  void anInvalidSchemaNameFailsNamingTheProperty() {
    runner.withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.schema.name=" + "x".repeat(70))
        .run(context -> Startup.failure(context)
            .isInstanceOf(PgQueuerConfigurationException.class)
            .hasMessageContaining("pgqueuer.schema.name"));
  }

  @Test
  void anInvalidBackendFailsTheBinding() {
    runner.withPropertyValues("pgqueuer.backend=oracle").run(context -> assertThat(context).hasFailed());
  }

  @Test
  void anApplicationsOwnRepositoryReplacesTheAutoConfiguredOne() {
    InMemoryRepository own = InMemoryRepository.builder().build();
    runner.withBean(Repository.class, () -> own).run(context ->
        assertThat(context.getBean(Repository.class)).isSameAs(own));
  }
}
