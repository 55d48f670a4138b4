package dev.pgqueuer.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.port.Repository;
import dev.pgqueuer.spring.boot.PgQueuerWorker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The application as it runs locally: in memory, the worker running on its own threads. */
@SpringBootTest(properties = "orders.demo=3")
class OrdersApplicationTest {

  @Autowired
  Outbox outbox;

  @Autowired
  PgQueuerWorker worker;

  @Autowired
  Repository repository;

  @Autowired
  HealthIndicator pgqueuerHealthIndicator;

  @Test
  void theDemoOrdersReceiptsAreSentByTheRunningWorker() throws InterruptedException {
    assertThat(worker.isRunning()).isTrue();
    assertThat(outbox.awaitSent(3, Duration.ofSeconds(30))).as("sent: %s", outbox.sent()).isTrue();
    assertThat(outbox.sent()).contains("customer1@example.com: Your order: book #1");
    assertThat(pgqueuerHealthIndicator.health().getStatus()).isEqualTo(Status.UP);
  }
}
