package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.spring.boot.PgQueuerWorker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

@SpringBootTest
class OrdersTest {

  @Autowired
  OrdersApp.Receipts receipts;

  @Autowired
  PgQueuerWorker worker;

  @Autowired
  ApplicationContext context;

  @Test
  void theRunningWorkerSendsTheReceipt() throws InterruptedException {
    assertThat(worker.isRunning()).isTrue();
    receipts.order("ada@example.com");
    long deadline = System.currentTimeMillis() + 30_000;
    synchronized (receipts.sent) {
      while (receipts.sent.isEmpty() && System.currentTimeMillis() < deadline) {
        receipts.sent.wait(1_000);
      }
    }
    assertThat(receipts.sent).containsExactly("ada@example.com");
  }

  @Test
  void withoutMicrometerOrActuatorTheirBeansAreAbsent() {
    // by name: loading the binder's class would need Micrometer, which this application does not have
    assertThat(context.containsBean("pgqueuerMeterBinder")).isFalse();
    assertThat(context.containsBean("pgqueuerHealthIndicator")).isFalse();
  }
}
