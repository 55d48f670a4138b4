package dev.pgqueuer.examples.signup;

import static dev.pgqueuer.JobStatus.FAILED;
import static dev.pgqueuer.JobStatus.PICKED;
import static dev.pgqueuer.JobStatus.QUEUED;
import static dev.pgqueuer.JobStatus.SUCCESSFUL;
import static dev.pgqueuer.examples.signup.SignupService.ACTIVATION_REMINDER;
import static dev.pgqueuer.examples.signup.SignupService.WELCOME_MAIL;
import static dev.pgqueuer.junit.JobMatcher.entrypoint;
import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.junit.DrainOptions;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.worker.Jitter;
import dev.pgqueuer.worker.JobResult;
import dev.pgqueuer.worker.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handlers, run through the real worker runtime by draining the test's queue, with time travel. */
@PgQueuerTest
class SignupJobsTest {

  /** The production policy without jitter, so retry times are exact. */
  static final RetryPolicy RETRY = SignupJobs.DEFAULT_RETRY.withJitter(Jitter.none());

  private final Accounts accounts = new InMemoryAccounts();

  private SignupService wire(TestQueue queue, Outbox outbox) {
    new SignupJobs(outbox, accounts, RETRY).entrypoints().forEach(queue::handle);
    return new SignupService(queue.repository(), accounts);
  }

  @Test
  void theWelcomeMailGoesOutWhenTheQueueIsDrained(TestQueue queue) {
    // GIVEN
    InMemoryOutbox outbox = new InMemoryOutbox();
    wire(queue, outbox).signUp("ada@example.com", "Ada");
    // WHEN
    queue.drain();
    // THEN
    assertThat(outbox.sent()).containsExactly(
        new Mail("ada@example.com", "Welcome, Ada!", "Please confirm your address to get started."));
    assertThat(queue).hasNotEnqueued(entrypoint(WELCOME_MAIL)).hasEnqueued(entrypoint(ACTIVATION_REMINDER));
  }

  @Test
  void performRunsOneJobThroughTheRegisteredHandler(TestQueue queue) {
    InMemoryOutbox outbox = new InMemoryOutbox();
    wire(queue, outbox);
    JobResult result = queue.perform(NewJob.of(WELCOME_MAIL).withPayload("bob@example.com"));
    assertThat(result.disposition()).isEqualTo(JobResult.Disposition.SUCCESSFUL);
    assertThat(outbox.sent()).extracting(Mail::subject).containsExactly("Welcome, friend!");
  }

  @Test
  void aMailThatFailsIsRetriedWithBackoffUntilTheServerIsBack(TestQueue queue) {
    // GIVEN the server fails twice
    Instant start = queue.now();
    FlakyOutbox outbox = new FlakyOutbox(2);
    wire(queue, outbox).signUp("ada@example.com", "Ada");
    // WHEN the first attempt fails
    queue.drain();
    // THEN it waits 30 s
    JobId welcome = queue.enqueued(entrypoint(WELCOME_MAIL)).get(0).id();
    assertThat(queue).job(welcome).hasAttempts(1).hasLastErrorMessageContaining("SMTP server unavailable")
        .matches(entrypoint(WELCOME_MAIL).executeAfter(start.plusSeconds(30)));
    // WHEN time passes (up to a day; the reminder is not due yet)
    queue.drain(DrainOptions.defaults().upTo(start.plus(Duration.ofDays(1))));
    // THEN it went out on the third attempt, at 30 s + 60 s
    assertThat(outbox.attempts()).isEqualTo(3);
    assertThat(outbox.delivered().sent()).hasSize(1);
    assertThat(queue).job(welcome).hasLog(QUEUED, PICKED, QUEUED, PICKED, QUEUED, PICKED, SUCCESSFUL);
    assertThat(queue.repository().jobLog(welcome).get(6).created()).isEqualTo(start.plusSeconds(90));
  }

  @Test
  void aMailThatNeverGoesOutIsHeldForAnOperatorAfterTheLastRetry(TestQueue queue) {
    // GIVEN the server is down for good
    Instant start = queue.now();
    FlakyOutbox outbox = new FlakyOutbox(Integer.MAX_VALUE);
    wire(queue, outbox).signUp("ada@example.com", "Ada");
    accounts.activate("ada@example.com");
    // WHEN a week passes (the test expects the job to fail)
    queue.allowFailures().drain(DrainOptions.defaults().upTo(start.plus(Duration.ofDays(7))));
    // THEN six attempts failed and the job is held
    assertThat(outbox.attempts()).isEqualTo(6);
    assertThat(queue).hasSize(FAILED, 1).hasJob(entrypoint(WELCOME_MAIL).status(FAILED).attempts(5));
    // WHEN the operator requeues it once the server is back
    List<JobId> held = queue.jobs().stream().map(j -> j.id()).toList();
    FlakyOutbox fixed = new FlakyOutbox(0);
    wire(queue, fixed);
    queue.repository().requeueJobs(held);
    queue.drain();
    // THEN
    assertThat(fixed.delivered().sent()).hasSize(1);
    assertThat(queue).isEmpty();
  }

  @Test
  void theReminderGoesOutAfterThreeDaysOnlyIfTheAddressIsStillUnconfirmed(TestQueue queue) {
    // GIVEN
    InMemoryOutbox outbox = new InMemoryOutbox();
    SignupService signups = wire(queue, outbox);
    signups.signUp("ada@example.com", "Ada");
    signups.signUp("grace@example.com", "Grace");
    queue.drain();
    signups.activate("grace@example.com");
    // WHEN
    queue.drain(DrainOptions.defaults().upTo(queue.now().plus(SignupService.REMINDER_DELAY)));
    // THEN
    assertThat(outbox.sent()).extracting(Mail::to, Mail::subject).containsExactly(
        org.assertj.core.groups.Tuple.tuple("ada@example.com", "Welcome, Ada!"),
        org.assertj.core.groups.Tuple.tuple("grace@example.com", "Welcome, Grace!"),
        org.assertj.core.groups.Tuple.tuple("ada@example.com", "Your account is waiting"));
    assertThat(queue).isEmpty();
  }
}
