package dev.pgqueuer.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An order service on the pgqueuer starter: placing an order records it and enqueues its receipt mail and a
 * follow-up in one transaction; handlers send them; a daily digest runs on a cron schedule. In memory by default
 * (no database); {@code --spring.profiles.active=postgres} with {@code SPRING_DATASOURCE_URL} runs it on PostgreSQL.
 * {@code --orders.demo=N} places N orders at startup.
 */
@SpringBootApplication
public class OrdersApplication {

  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }
}
