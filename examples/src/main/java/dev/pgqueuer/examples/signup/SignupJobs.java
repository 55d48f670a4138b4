package dev.pgqueuer.examples.signup;

import dev.pgqueuer.Payload;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.JobContext;
import dev.pgqueuer.worker.OnFailure;
import dev.pgqueuer.worker.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The handlers of the sign-up jobs, ready to register with a {@link dev.pgqueuer.worker.QueueManager} (or a test's
 * {@code TestQueue}). A mail that cannot be sent is retried with exponential backoff; after the last retry the job is
 * held as failed, so an operator can requeue it. Thread-safe.
 */
public final class SignupJobs {

  /** Production retries: up to 5, from 30 s doubling to at most 1 h, with ±10 % jitter. */
  public static final RetryPolicy DEFAULT_RETRY = RetryPolicy.exponential(5, Duration.ofSeconds(30), Duration.ofHours(1));

  private final Outbox outbox;
  private final Accounts accounts;
  private final RetryPolicy retry;

  /** Handlers sending to {@code outbox}, with {@code retry} for failed sends. */
  public SignupJobs(Outbox outbox, Accounts accounts, RetryPolicy retry) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  /** The welcome-mail and activation-reminder entrypoints. */
  public List<Entrypoint> entrypoints() {
    return List.of(
        Entrypoint.of(SignupService.WELCOME_MAIL, this::sendWelcome).withRetryPolicy(retry)
            .withOnFailure(OnFailure.HOLD),
        Entrypoint.of(SignupService.ACTIVATION_REMINDER, this::sendReminder).withRetryPolicy(retry)
            .withOnFailure(OnFailure.HOLD));
  }

  private void sendWelcome(JobContext job) {
    String to = address(job);
    outbox.send(new Mail(to, "Welcome, " + job.headers().getOrDefault("name", "friend") + "!",
        "Please confirm your address to get started."));
  }

  private void sendReminder(JobContext job) {
    String to = address(job);
    boolean active = accounts.find(to).map(Accounts.Account::active).orElse(true);
    if (!active) {
      outbox.send(new Mail(to, "Your account is waiting", "You signed up three days ago; one click to confirm."));
    }
  }

  private static String address(JobContext job) {
    Payload payload = job.payload();
    if (payload == null) {
      throw new IllegalArgumentException("job " + job.id() + " has no address payload");
    }
    return payload.toUtf8();
  }
}
