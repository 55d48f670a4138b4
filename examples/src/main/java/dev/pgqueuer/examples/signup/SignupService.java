package dev.pgqueuer.examples.signup;

import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Signs users up: creates the account, then enqueues (in one call) the welcome mail, due at once, and an activation
 * reminder, due after {@link #REMINDER_DELAY}. The jobs carry the address as payload and the name as a header, and a
 * dedupe key per address, so signing up twice never mails twice. Thread-safe.
 */
public final class SignupService {

  /** The entrypoint of the welcome mail. */
  public static final String WELCOME_MAIL = "welcome-mail";
  /** The entrypoint of the activation reminder. */
  public static final String ACTIVATION_REMINDER = "activation-reminder";
  /** How long after sign-up the reminder is due. */
  public static final Duration REMINDER_DELAY = Duration.ofDays(3);
  /** Welcome mails go before everything else. */
  public static final int WELCOME_PRIORITY = 10;

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final Repository queue;
  private final Accounts accounts;

  /** A service enqueueing into {@code queue} and storing accounts in {@code accounts}. */
  public SignupService(Repository queue, Accounts accounts) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
  }

  /**
   * Registers {@code email} for {@code name} and schedules its mails.
   *
   * @return whether a new account was created (false when the address was already registered: nothing is sent)
   * @throws IllegalArgumentException for a malformed address or a blank name, before any effect
   */
  public boolean signUp(String email, String name) {
    String address = Objects.requireNonNull(email, "email").trim().toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(address).matches()) {
      throw new IllegalArgumentException("not an email address: " + email);
    }
    if (Objects.requireNonNull(name, "name").isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (!accounts.create(address, name.trim())) {
      return false;
    }
    Map<String, String> headers = Map.of("name", name.trim());
    queue.enqueue(EnqueueRequest.of(
        NewJob.of(WELCOME_MAIL).withPayload(address).withHeaders(headers).withPriority(WELCOME_PRIORITY)
            .withDedupeKey("welcome:" + address),
        NewJob.of(ACTIVATION_REMINDER).withPayload(address).withHeaders(headers).withDelay(REMINDER_DELAY)
            .withDedupeKey("reminder:" + address))
        .onConflict(OnConflict.SKIP));
    return true;
  }

  /** The user confirmed the address: the pending reminder will not be sent. */
  public void activate(String email) {
    accounts.activate(email.trim().toLowerCase(Locale.ROOT));
  }
}
