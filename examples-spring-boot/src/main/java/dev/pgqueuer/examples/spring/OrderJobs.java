package dev.pgqueuer.examples.spring;

import dev.pgqueuer.spring.boot.PgQueuerHandler;
import dev.pgqueuer.spring.boot.PgQueuerSchedule;
import org.springframework.stereotype.Component;

/** The handlers of the order jobs and the daily digest schedule. */
@Component
public class OrderJobs {

  private final Outbox outbox;
  private final Orders orders;

  OrderJobs(Outbox outbox, Orders orders) {
    this.outbox = outbox;
    this.orders = orders;
  }

  /** Sends the receipt; a failing mail server is retried three times, 30 s apart and more. */
  @PgQueuerHandler(value = "send-receipt", retryAttempts = 3, retryInitialDelay = "30s", retryMaxDelay = "10m")
  void sendReceipt(String emailAndItem) {
    String[] parts = emailAndItem.split("\\|", 2);
    outbox.send(parts[0], "Your order: " + parts[1]);
  }

  /** Asks how the order went, two days later. */
  @PgQueuerHandler("follow-up")
  void followUp(String email) {
    outbox.send(email, "How was your order?");
  }

  /** Mails the day's orders to the shop, every morning at 8 (UTC unless pgqueuer.scheduler.zone says otherwise). */
  @PgQueuerSchedule(entrypoint = "daily-digest", cron = "0 8 * * *")
  void dailyDigest() {
    outbox.send("shop@example.com", orders.placed().size() + " orders so far");
  }
}
