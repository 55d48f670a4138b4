package dev.pgqueuer.port;

import dev.pgqueuer.JobId;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.internal.Times;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Re-queue one job in place: attempts + 1, eligible after {@code delay}.
 *
 * @param id the job
 * @param delay not negative; truncated to microseconds
 * @param traceback the failure that caused the retry, {@code null} for none
 */
public record RetryRequest(JobId id, Duration delay, @Nullable TracebackRecord traceback) {

  /** @throws IllegalArgumentException when {@code delay} is negative or too large */
  public RetryRequest {
    Objects.requireNonNull(id, "id");
    delay = Times.checkDuration(delay, "delay", false);
  }

  /** A retry of {@code id} after {@code delay}, without traceback. */
  public static RetryRequest of(JobId id, Duration delay) {
    return new RetryRequest(id, delay, null);
  }
}
