package dev.pgqueuer.examples.signup;

import static dev.pgqueuer.examples.signup.SignupService.ACTIVATION_REMINDER;
import static dev.pgqueuer.examples.signup.SignupService.WELCOME_MAIL;
import static dev.pgqueuer.junit.JobMatcher.entrypoint;
import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.junit.InjectQueue;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What signing up enqueues: plain in-memory tests with assertions on the queue, no worker involved. */
@PgQueuerTest
class SignupServiceTest {

  @InjectQueue TestQueue queue;
  private SignupService signups;

  @BeforeEach
  void setUp() {
    signups = new SignupService(queue.repository(), new InMemoryAccounts());
  }

  @Test
  void signUpEnqueuesAWelcomeMailNowAndAReminderInThreeDays() {
    // WHEN
    signups.signUp(" Ada@Example.com ", "Ada");
    // THEN
    assertThat(queue)
        .hasEnqueued(entrypoint(WELCOME_MAIL).payload("ada@example.com").header("name", "Ada").priority(10)
            .delay(Duration.ZERO).dedupeKey("welcome:ada@example.com"))
        .hasEnqueued(entrypoint(ACTIVATION_REMINDER).payload("ada@example.com").delay(Duration.ofDays(3)))
        .hasEnqueuedExactly(entrypoint(WELCOME_MAIL), entrypoint(ACTIVATION_REMINDER));
  }

  @Test
  void signingUpTwiceMailsOnce() {
    signups.signUp("ada@example.com", "Ada");
    signups.signUp("ADA@example.com", "Ada Lovelace");
    assertThat(queue).hasEnqueued(1, entrypoint(WELCOME_MAIL)).hasEnqueued(1, entrypoint(ACTIVATION_REMINDER));
  }

  @Test
  void aMalformedAddressIsRejectedBeforeAnythingIsEnqueued() {
    assertThatThrownBy(() -> signups.signUp("ada.example.com", "Ada"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not an email address: ada.example.com");
    assertThat(queue).isEmpty();
  }

  @Test
  void eachTestStartsWithAnEmptyQueue() {
    assertThat(queue).isEmpty().hasNotEnqueued(entrypoint(WELCOME_MAIL));
  }
}
