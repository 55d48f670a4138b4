package com.example.signup;

import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.junit.DrainOptions;
import dev.pgqueuer.junit.ParityTest;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Handlers and time travel, once on each backend. */
@PgQueuerTest
class SignupParityTest {

  @ParityTest
  void theWelcomeMailGoesNowAndTheReminderAfterThreeDays(TestQueue queue) {
    List<String> sent = new CopyOnWriteArrayList<>();
    queue.handle("welcome-mail", ctx -> sent.add("welcome " + ctx.payload().toUtf8()));
    queue.handle("activation-reminder", ctx -> sent.add("reminder " + ctx.payload().toUtf8()));
    new SignupService(queue.repository()).signUp("ada@example.com", "Ada");

    queue.drain();
    assertThat(sent).containsExactly("welcome ada@example.com");

    queue.drain(DrainOptions.defaults().upTo(queue.now().plus(Duration.ofDays(3))));
    assertThat(sent).containsExactly("welcome ada@example.com", "reminder ada@example.com");
    assertThat(queue).isEmpty();
  }
}
