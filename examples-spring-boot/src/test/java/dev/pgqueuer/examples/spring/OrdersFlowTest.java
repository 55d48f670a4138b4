package dev.pgqueuer.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.junit.DrainOptions;
import dev.pgqueuer.junit.ParityTest;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.spring.boot.test.BoundTestQueue;
import dev.pgqueuer.spring.boot.test.PgQueuerSpringTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The application's flow, driven by the test: each test gets a fresh queue (once in memory, once on PostgreSQL),
 * the application's handlers run when the test drains it, and its manual clock decides when the follow-up is due.
 */
@SpringBootTest
@PgQueuerSpringTest
class OrdersFlowTest {

  @Autowired
  Orders orders;

  @Autowired
  Outbox outbox;

  @Autowired
  BoundTestQueue bound;

  @BeforeEach
  void emptyOutbox() {
    outbox.clear();
  }

  @ParityTest
  void anOrderSendsItsReceiptAtOnceAndItsFollowUpTwoDaysLater(TestQueue queue) {
    orders.place("ada@example.com", "a lamp");

    queue.drain();
    assertThat(outbox.sent()).containsExactly("ada@example.com: Your order: a lamp");

    queue.drain(DrainOptions.defaults().upTo(queue.now().plus(Orders.FOLLOW_UP)));
    assertThat(outbox.sent()).containsExactly("ada@example.com: Your order: a lamp",
        "ada@example.com: How was your order?");
    assertThat(queue.jobs()).isEmpty();
  }

  @ParityTest
  void aFailedOrderLeavesNoJob(TestQueue queue) {
    assertThatThrownBy(() -> orders.place("grace@example.com", " ")).isInstanceOf(IllegalArgumentException.class);

    assertThat(queue.jobs()).as("the enqueues were rolled back with the transaction").isEmpty();
  }

  @ParityTest
  void theDigestRunsEveryMorning(TestQueue queue) {
    orders.place("ada@example.com", "a lamp");
    queue.advance(Duration.ofDays(1));

    bound.runDueSchedules();

    assertThat(outbox.sent()).contains("shop@example.com: " + orders.placed().size() + " orders so far");
  }
}
