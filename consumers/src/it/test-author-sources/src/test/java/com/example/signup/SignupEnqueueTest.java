package com.example.signup;

import static dev.pgqueuer.junit.JobMatcher.entrypoint;
import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;

import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

/** A test that enqueues two jobs and asserts on them; each subclass runs it on one backend. */
@PgQueuerTest
abstract class SignupEnqueueTest {

  @RepeatedTest(30)
  void signUpEnqueuesAWelcomeMailAndAReminder(TestQueue queue) {
    new SignupService(queue.repository()).signUp("ada@example.com", "Ada");

    assertThat(queue)
        .hasEnqueued(entrypoint("welcome-mail").payload("ada@example.com").header("name", "Ada"))
        .hasEnqueued(entrypoint("activation-reminder").delay(Duration.ofDays(3)));
  }
}
