package dev.pgqueuer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.Repository;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The injected {@link QueueWrites} join the surrounding Spring-managed transaction. */
class TransactionJoinTest {

  private final TestDatabase db = new TestDatabase();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PgQueuerAutoConfiguration.class))
      .withBean(DataSource.class, () -> db.dataSource)
      .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(db.dataSource))
      .withPropertyValues("pgqueuer.schema.name=" + db.schema, "pgqueuer.schema.mode=install");

  @AfterEach
  void dropSchema() {
    db.close();
  }

  private static void enqueue(QueueWrites queue, String entrypoint) {
    queue.enqueue(EnqueueRequest.of(NewJob.of(entrypoint)));
  }

  private static int jobs(Repository repository) {
    return repository.browseQueue(BrowseQuery.all()).size();
  }

  @Test
  void onPostgresTheEnqueueCommitsAndRollsBackWithTheApplicationsStatements() {
    db.execute("CREATE SCHEMA IF NOT EXISTS " + db.schema);
    db.execute("CREATE TABLE " + db.schema + ".accounts (email text PRIMARY KEY)");
    runner.run(context -> {
      QueueWrites queue = context.getBean(QueueWrites.class);
      Repository repository = context.getBean(Repository.class);
      TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
      JdbcTemplate jdbc = new JdbcTemplate(db.dataSource);

      tx.executeWithoutResult(status -> {
        jdbc.update("INSERT INTO " + db.schema + ".accounts VALUES ('ada@example.com')");
        enqueue(queue, "welcome");
        assertThat(jobs(repository)).as("not visible outside the transaction before it commits").isZero();
      });
      assertThat(jobs(repository)).isEqualTo(1);

      assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
        jdbc.update("INSERT INTO " + db.schema + ".accounts VALUES ('grace@example.com')");
        enqueue(queue, "welcome");
        throw new IllegalStateException("the service fails (expected by the test)");
      })).hasMessageContaining("expected by the test");
      assertThat(jobs(repository)).as("rolled back with the account").isEqualTo(1);
      assertThat(jdbc.queryForObject("SELECT count(*) FROM " + db.schema + ".accounts", Integer.class)).isEqualTo(1);
    });
  }

  @Test
  void outsideATransactionTheEnqueueCommitsAtOnce() {
    runner.run(context -> {
      enqueue(context.getBean(QueueWrites.class), "welcome");
      assertThat(jobs(context.getBean(Repository.class))).isEqualTo(1);
    });
  }

  @Test
  void inMemoryTheEnqueueCommitsAndRollsBackWithTheSpringTransaction() {
    runner.withPropertyValues("pgqueuer.backend=in-memory").run(context -> {
      QueueWrites queue = context.getBean(QueueWrites.class);
      Repository repository = context.getBean(Repository.class);
      TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));

      tx.executeWithoutResult(status -> {
        enqueue(queue, "a");
        enqueue(queue, "b");
        assertThat(jobs(repository)).isZero();
      });
      assertThat(jobs(repository)).isEqualTo(2);
      tx.executeWithoutResult(status -> {
        enqueue(queue, "c");
        status.setRollbackOnly();
      });
      assertThat(jobs(repository)).isEqualTo(2);
    });
  }

  @Test
  void theRepositoryStaysInjectableAndCommitsOnItsOwn() {
    runner.run(context -> {
      Repository repository = context.getBean(Repository.class);
      TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
      tx.executeWithoutResult(status -> {
        enqueue(repository, "own");
        status.setRollbackOnly();
      });
      assertThat(jobs(repository)).isEqualTo(1);
    });
  }

  @Test
  void withoutSpringsTransactionSupportQueueWritesIsTheRepository() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PgQueuerAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader("org.springframework.transaction", "org.springframework.jdbc"))
        .withPropertyValues("pgqueuer.backend=in-memory")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(QueueWrites.class)).isSameAs(context.getBean(Repository.class));
        });
  }
}
