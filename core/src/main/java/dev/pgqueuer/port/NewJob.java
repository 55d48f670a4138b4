package dev.pgqueuer.port;

import dev.pgqueuer.Payload;
import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One job to enqueue. Build with {@link #of(String)} and the {@code with…} methods.
 *
 * @param entrypoint the handler name: not blank, well-formed, no NUL, at most {@link Limits#MAX_KEY_BYTES} bytes
 * @param payload the payload, {@code null} for none; at most {@link Limits#MAX_PAYLOAD_BYTES} bytes
 * @param priority larger is more urgent
 * @param delay added to the call's {@code now} to give {@code executeAfter}; zero or negative means eligible at
 *     once; truncated to microseconds; at most {@link Times#MAX_DURATION} either way
 * @param dedupeKey at most one active job per non-null key; {@code null} for none; well-formed, no NUL, at most
 *     {@link Limits#MAX_KEY_BYTES} bytes
 * @param headers string headers; never {@code null}; well-formed, no NUL, at most {@link Limits#MAX_HEADERS_BYTES}
 *     bytes
 */
public record NewJob(
    String entrypoint,
    @Nullable Payload payload,
    int priority,
    Duration delay,
    @Nullable String dedupeKey,
    Map<String, String> headers) {

  /** Validates and normalises. @throws NullPointerException @throws IllegalArgumentException on bad input */
  public NewJob {
    Checks.name(entrypoint, "entrypoint");
    delay = Times.checkDuration(delay, "delay", true);
    if (payload != null && payload.size() > Limits.MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("payload must have at most " + Limits.MAX_PAYLOAD_BYTES + " bytes, got "
          + payload.size());
    }
    if (dedupeKey != null) {
      Checks.key(dedupeKey, "dedupeKey");
    }
    headers = Checks.copyHeaders(headers, "headers");
  }

  /** A job for {@code entrypoint}: no payload, priority 0, no delay, no dedupe key, no headers. */
  public static NewJob of(String entrypoint) {
    return new NewJob(entrypoint, null, 0, Duration.ZERO, null, Map.of());
  }

  /** This job with {@code payload} (may be null). */
  public NewJob withPayload(@Nullable Payload payload) {
    return new NewJob(entrypoint, payload, priority, delay, dedupeKey, headers);
  }

  /** This job with a UTF-8 text payload. */
  public NewJob withPayload(String utf8) {
    return withPayload(Payload.ofUtf8(Objects.requireNonNull(utf8, "utf8")));
  }

  /** This job with {@code priority}. */
  public NewJob withPriority(int priority) {
    return new NewJob(entrypoint, payload, priority, delay, dedupeKey, headers);
  }

  /** This job with {@code delay}. */
  public NewJob withDelay(Duration delay) {
    return new NewJob(entrypoint, payload, priority, delay, dedupeKey, headers);
  }

  /** This job with {@code dedupeKey} (may be null). */
  public NewJob withDedupeKey(@Nullable String dedupeKey) {
    return new NewJob(entrypoint, payload, priority, delay, dedupeKey, headers);
  }

  /** This job with {@code headers}. */
  public NewJob withHeaders(Map<String, String> headers) {
    return new NewJob(entrypoint, payload, priority, delay, dedupeKey, headers);
  }
}
