package dev.pgqueuer.worker.scheduler;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed cron expression (cron-utils): five Unix fields ({@code minute hour day-of-month month day-of-week}), or
 * six with a leading seconds field (Spring syntax). The text is normalised (single spaces, names as numbers), and
 * the normalised text is the expression stored in the schedule key. Fire times are computed in a time zone, UTC
 * unless told otherwise. Immutable and thread-safe.
 */
public final class CronExpression {

  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser WITH_SECONDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

  private final String text;
  private final boolean withSeconds;
  private final ExecutionTime executionTime;
  private final ZoneId zone;

  private CronExpression(String text, boolean withSeconds, ExecutionTime executionTime, ZoneId zone) {
    this.text = text;
    this.withSeconds = withSeconds;
    this.executionTime = executionTime;
    this.zone = zone;
  }

  /** Parses {@code text} with fire times in UTC. @see #parse(String, ZoneId) */
  public static CronExpression parse(String text) {
    return parse(text, ZoneOffset.UTC);
  }

  /**
   * Parses {@code text}.
   *
   * @param text five or six whitespace-separated fields
   * @param zone the time zone fire times are computed in
   * @throws IllegalArgumentException when the text is not a valid cron expression, or never fires
   */
  public static CronExpression parse(String text, ZoneId zone) {
    Objects.requireNonNull(text, "expression");
    Objects.requireNonNull(zone, "zone");
    String trimmed = text.trim();
    int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    if (fields != 5 && fields != 6) {
      throw new IllegalArgumentException("cron expression must have 5 fields (minute hour day-of-month month "
          + "day-of-week) or 6 (seconds first), got " + fields + ": '" + text + "'");
    }
    Cron cron;
    try {
      cron = (fields == 5 ? UNIX : WITH_SECONDS).parse(trimmed).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid cron expression '" + text + "': " + e.getMessage(), e);
    }
    CronExpression expression = new CronExpression(cron.asString(), fields == 6, ExecutionTime.forCron(cron), zone);
    if (expression.nextAfter(Instant.parse("2000-01-01T00:00:00Z")).isEmpty()) {
      throw new IllegalArgumentException("cron expression '" + text + "' never fires");
    }
    return expression;
  }

  /** The normalised text. */
  public String text() {
    return text;
  }

  /** Whether the expression has a seconds field. */
  public boolean hasSeconds() {
    return withSeconds;
  }

  /** The time zone of the fire times. */
  public ZoneId zone() {
    return zone;
  }

  /** The first fire time strictly after {@code instant}, if any. */
  public Optional<Instant> nextAfter(Instant instant) {
    return executionTime.nextExecution(ZonedDateTime.ofInstant(instant, zone)).map(ZonedDateTime::toInstant);
  }

  /**
   * The time from {@code now} to the next fire time strictly after it.
   *
   * @throws IllegalStateException when the expression never fires again
   */
  public Duration delayAfter(Instant now) {
    Instant next = nextAfter(now).orElseThrow(
        () -> new IllegalStateException("cron expression '" + text + "' never fires after " + now));
    return Duration.between(now, next);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronExpression && ((CronExpression) o).text.equals(text)
        && ((CronExpression) o).zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
