package com.example.signup;

import static dev.pgqueuer.junit.JobMatcher.entrypoint;
import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;

import dev.pgqueuer.junit.Backend;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.QueueBackend;
import dev.pgqueuer.junit.TestQueue;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

/** The same test on PostgreSQL: with no URL configured, the embedded server the artifact brings. */
@PgQueuerTest
@QueueBackend(Backend.POSTGRES)
class SignupPostgresTest {

  @RepeatedTest(30)
  void signUpEnqueuesAWelcomeMailAndAReminder(TestQueue queue) {
    new SignupService(queue.repository()).signUp("ada@example.com", "Ada");

    assertThat(queue)
        .hasEnqueued(entrypoint("welcome-mail").payload("ada@example.com").header("name", "Ada"))
        .hasEnqueued(entrypoint("activation-reminder").delay(Duration.ofDays(3)));
  }
}
