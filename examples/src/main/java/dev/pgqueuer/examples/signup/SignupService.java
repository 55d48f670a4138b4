package dev.pgqueuer.examples.signup;

import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.tx.ManagedUnitOfWork;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Signs users up: in one unit of work, creates the account and enqueues (in one call) the welcome mail, due at
 * once, and an activation reminder, due after {@link #REMINDER_DELAY}; the account and its mails commit together,
 * so a sign-up that fails or is rejected leaves no mail job, and no handler ever sees a mail whose account is not
 * committed. The jobs carry the address as payload and the name as a header, and a dedupe key per address, so
 * signing up twice never mails twice. Thread-safe.
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

  /** Decides, once the account and its mails are written but not committed, whether the sign-up goes ahead. */
  @FunctionalInterface
  public interface Screening {
    /** Whether {@code email} may sign up (a fraud check, say); false rolls the whole sign-up back. */
    boolean allows(String email);
  }

  private final Repository queue;
  private final Accounts accounts;
  private final Screening screening;

  /** A service enqueueing into {@code queue} and storing accounts in {@code accounts}; every sign-up allowed. */
  public SignupService(Repository queue, Accounts accounts) {
    this(queue, accounts, email -> true);
  }

  /** A service whose sign-ups must pass {@code screening}. */
  public SignupService(Repository queue, Accounts accounts, Screening screening) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.screening = Objects.requireNonNull(screening, "screening");
  }

  /**
   * Registers {@code email} for {@code name} and schedules its mails.
   *
   * @return whether a new account was created (false when the address was already registered, or the screening
   *     rejected it: then nothing is kept and nothing is sent)
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
    try (ManagedUnitOfWork uow = queue.begin()) {
      if (!accounts.create(uow, address, name.trim())) {
        return false;
      }
      enqueueMails(queue.in(uow), address, name.trim());
      if (!screening.allows(address)) {
        uow.rollback();
        return false;
      }
      uow.commit();
      return true;
    }
  }

  private static void enqueueMails(QueueWrites queue, String address, String name) {
    Map<String, String> headers = Map.of("name", name);
    queue.enqueue(EnqueueRequest.of(
        NewJob.of(WELCOME_MAIL).withPayload(address).withHeaders(headers).withPriority(WELCOME_PRIORITY)
            .withDedupeKey("welcome:" + address),
        NewJob.of(ACTIVATION_REMINDER).withPayload(address).withHeaders(headers).withDelay(REMINDER_DELAY)
            .withDedupeKey("reminder:" + address))
        .onConflict(OnConflict.SKIP));
  }

  /** The user confirmed the address: the pending reminder will not be sent. */
  public void activate(String email) {
    accounts.activate(email.trim().toLowerCase(Locale.ROOT));
  }
}
