package dev.pgqueuer.examples.spring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

/** Places {@code orders.demo} orders at startup (none by default), so a run shows the worker at work. */
@Component
class DemoOrders implements CommandLineRunner {

  private static final Logger LOG = LoggerFactory.getLogger(DemoOrders.class);

  private final Orders orders;
  private final int count;

  DemoOrders(Orders orders, @Value("${orders.demo:0}") int count) {
    this.orders = orders;
    this.count = count;
  }

  @Override
  public void run(String... args) {
    for (int i = 1; i <= count; i++) {
      orders.place("customer" + i + "@example.com", "book #" + i);
    }
    if (count > 0) {
      LOG.info("placed {} demo orders", count);
    }
  }
}
