package dev.pgqueuer.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.testdatabase.TestPostgres;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application on PostgreSQL (the postgres profile): tables installed at startup, jobs run by the worker. */
@SpringBootTest(properties = "orders.demo=2")
@ActiveProfiles("postgres")
class OrdersApplicationPostgresTest {

  private static final String SCHEMA = "orders_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> TestPostgres.shared().jdbcUrl());
    registry.add("pgqueuer.schema.name", () -> SCHEMA);
  }

  @AfterAll
  static void dropSchema() {
    new JdbcTemplate(TestPostgres.shared().dataSource()).execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @Autowired
  Outbox outbox;

  @Autowired
  Orders orders;

  @Autowired
  Repository repository;

  @Test
  void theDemoOrdersReceiptsAreSentAndAFailedOrderLeavesNoJob() throws InterruptedException {
    assertThat(repository).isInstanceOf(PostgresRepository.class);
    assertThat(outbox.awaitSent(2, Duration.ofSeconds(30))).as("sent: %s", outbox.sent()).isTrue();

    assertThatThrownBy(() -> orders.place("grace@example.com", "")).isInstanceOf(IllegalArgumentException.class);

    assertThat(repository.browseQueue(BrowseQuery.all())).as("rolled back with the order")
        .noneMatch(job -> job.payload() != null && job.payload().toUtf8().startsWith("grace@"));
  }
}
