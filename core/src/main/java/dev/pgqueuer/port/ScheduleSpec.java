package dev.pgqueuer.port;

import dev.pgqueuer.ScheduleKey;
import dev.pgqueuer.internal.Times;
import java.time.Duration;
import java.util.Objects;

/**
 * A schedule key with the time until its next fire ({@code next_run = trunc_to_second(now + delay)}).
 *
 * @param key the schedule
 * @param delay not negative
 */
public record ScheduleSpec(ScheduleKey key, Duration delay) {

  /** @throws IllegalArgumentException when {@code delay} is negative */
  public ScheduleSpec {
    Objects.requireNonNull(key, "key");
    delay = Times.checkDuration(delay, "delay", false);
  }

  /** A spec for {@code entrypoint} and {@code expression}. */
  public static ScheduleSpec of(String entrypoint, String expression, Duration delay) {
    return new ScheduleSpec(new ScheduleKey(entrypoint, expression), delay);
  }
}
