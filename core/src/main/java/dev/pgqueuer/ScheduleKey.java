package dev.pgqueuer;

import dev.pgqueuer.internal.Checks;

/**
 * The natural key of a schedule: an entrypoint and its cron expression text.
 *
 * @param entrypoint non-blank
 * @param expression non-blank cron text (stored as given; the scheduler normalises it before)
 */
public record ScheduleKey(String entrypoint, String expression) {

  /** @throws NullPointerException when a component is null @throws IllegalArgumentException when blank */
  public ScheduleKey {
    Checks.name(entrypoint, "entrypoint");
    Checks.name(expression, "expression");
  }
}
