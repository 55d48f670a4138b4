package dev.pgqueuer.examples.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import org.junit.jupiter.api.Test;

/** Inline mode: the jobs run inside {@code signUp}, as if the worker were instantaneous. */
@PgQueuerTest
class SignupInlineTest {

  @Test
  void theWelcomeMailIsSentBeforeSignUpReturns(TestQueue queue) {
    // GIVEN
    InMemoryOutbox outbox = new InMemoryOutbox();
    Accounts accounts = new InMemoryAccounts();
    new SignupJobs(outbox, accounts, SignupJobsTest.RETRY).entrypoints().forEach(queue::handle);
    queue.inline();
    // WHEN
    new SignupService(queue.repository(), accounts).signUp("ada@example.com", "Ada");
    // THEN the deferred reminder still waits for the clock
    assertThat(outbox.sent()).extracting(Mail::subject).containsExactly("Welcome, Ada!");
    assertThat(queue.enqueued()).extracting(j -> j.entrypoint()).containsExactly(SignupService.ACTIVATION_REMINDER);
  }

  @Test
  void aHandlerErrorSurfacesInTheCallerInInlineMode(TestQueue queue) {
    Accounts accounts = new InMemoryAccounts();
    Outbox broken = mail -> {
      throw new IllegalStateException("SMTP server unavailable");
    };
    new SignupJobs(broken, accounts, dev.pgqueuer.worker.RetryPolicy.none()).entrypoints().forEach(queue::handle);
    queue.inline();
    assertThatThrownBy(() -> new SignupService(queue.repository(), accounts).signUp("ada@example.com", "Ada"))
        .isInstanceOf(IllegalStateException.class).hasMessage("SMTP server unavailable");
  }
}
