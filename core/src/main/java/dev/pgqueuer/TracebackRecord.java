package dev.pgqueuer;

import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A captured failure, stored as JSON in the log's {@code traceback} column with PgQueuer's six keys.
 *
 * <p>{@code additionalContext} values are strings; a value written as another JSON type by PgQueuer (Python) is
 * read back as its JSON text.
 *
 * @param jobId the job that failed
 * @param timestamp when the failure was captured (truncated to microseconds)
 * @param exceptionType the exception's simple class name
 * @param exceptionMessage the exception's message, empty when none
 * @param traceback the formatted stack trace
 * @param additionalContext extra context; empty when none
 */
public record TracebackRecord(
    JobId jobId,
    Instant timestamp,
    String exceptionType,
    String exceptionMessage,
    String traceback,
    Map<String, String> additionalContext) {

  /** Validates the record. @throws NullPointerException for a null component */
  public TracebackRecord {
    Objects.requireNonNull(jobId, "jobId");
    timestamp = Times.truncate(Objects.requireNonNull(timestamp, "timestamp"));
    Checks.text(exceptionType, "exceptionType");
    Checks.text(exceptionMessage, "exceptionMessage");
    Checks.text(traceback, "traceback");
    additionalContext = Checks.copyHeaders(additionalContext, "additionalContext");
  }

  /** A record of {@code error} for {@code jobId}, captured at {@code at}. */
  public static TracebackRecord of(JobId jobId, Instant at, Throwable error, Map<String, String> context) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    String message = error.getMessage() == null ? "" : error.getMessage();
    return new TracebackRecord(
        jobId, at, error.getClass().getSimpleName(), Checks.storable(message), Checks.storable(trace.toString()),
        context);
  }
}
