package dev.pgqueuer.worker;

import dev.pgqueuer.PgQueuerException;
import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler to re-queue its job in place: same id, payload, headers and priority, {@code attempts + 1},
 * eligible again after {@link #delay()}. The request is always honoured, whatever the entrypoint's
 * {@link RetryPolicy} says (as in PgQueuer), unless the job was canceled meanwhile. The retry's log row carries a
 * traceback whose message is the reason (or {@code "Retry requested"}).
 */
public final class RetryRequested extends PgQueuerException {

  private final Duration delay;
  private final @Nullable String reason;

  /**
   * @param delay the time until the job is eligible again: not negative, truncated to microseconds
   * @param reason why, {@code null} for none
   * @throws IllegalArgumentException when {@code delay} is negative or beyond the port's maximum
   */
  public RetryRequested(Duration delay, @Nullable String reason) {
    this(delay, reason, null);
  }

  /**
   * @param delay the time until the job is eligible again: not negative, truncated to microseconds
   * @param reason why, {@code null} for none
   * @param cause the failure that led to the retry, {@code null} for none
   */
  public RetryRequested(Duration delay, @Nullable String reason, @Nullable Throwable cause) {
    super(reason == null ? "Retry requested" : reason);
    if (cause != null) {
      initCause(cause);
    }
    this.delay = Times.checkDuration(delay, "delay", false);
    this.reason = reason == null ? null : Checks.text(reason, "reason");
  }

  /** A retry as soon as possible, without reason. */
  public static RetryRequested now() {
    return new RetryRequested(Duration.ZERO, null);
  }

  /** A retry after {@code delay}, without reason. */
  public static RetryRequested after(Duration delay) {
    return new RetryRequested(delay, null);
  }

  /** The time until the job is eligible again; never {@code null}. */
  public Duration delay() {
    return delay;
  }

  /** The reason, when one was given. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }
}
