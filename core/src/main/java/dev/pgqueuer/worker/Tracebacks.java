package dev.pgqueuer.worker;

import dev.pgqueuer.Job;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds the traceback records the worker logs (PgQueuer's {@code additional_context} keys, string values). */
final class Tracebacks {

  private Tracebacks() {}

  /** A final failure: context {@code entrypoint}, {@code queue_manager_id}. */
  static TracebackRecord failure(Job job, Instant at, Throwable error, WorkerId worker) {
    return TracebackRecord.of(job.id(), at, error, base(job, worker));
  }

  /**
   * A retry: context {@code entrypoint}, {@code queue_manager_id}, {@code attempt} (the job's attempts before the
   * retry), {@code retry_delay} (rendered like Python's {@code timedelta}, e.g. {@code 0:00:30}) and {@code reason}
   * (omitted when there is none, since context values are strings).
   */
  static TracebackRecord retry(
      Job job, Instant at, Throwable error, WorkerId worker, Duration delay, @Nullable String reason) {
    Map<String, String> context = base(job, worker);
    context.put("attempt", Integer.toString(job.attempts()));
    context.put("retry_delay", pythonTimedelta(delay));
    if (reason != null) {
      context.put("reason", Checks.storable(reason));
    }
    return TracebackRecord.of(job.id(), at, error, context);
  }

  /** The reason recorded for an automatic retry: the error's message, or its class name when it has none. */
  static String reasonOf(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isEmpty() ? error.getClass().getSimpleName() : message;
  }

  /**
   * {@code str(timedelta)} of Python for a non-negative duration: {@code [D day[s], ]H:MM:SS[.ffffff]}.
   */
  static String pythonTimedelta(Duration duration) {
    long micros = duration.toSeconds() * 1_000_000L + duration.getNano() / 1_000;
    long days = micros / 86_400_000_000L;
    long rest = micros % 86_400_000_000L;
    long seconds = rest / 1_000_000L;
    long fraction = rest % 1_000_000L;
    StringBuilder out = new StringBuilder();
    if (days != 0) {
      out.append(days).append(days == 1 ? " day, " : " days, ");
    }
    out.append(seconds / 3600).append(':')
        .append(String.format("%02d:%02d", (seconds / 60) % 60, seconds % 60));
    if (fraction != 0) {
      out.append(String.format(".%06d", fraction));
    }
    return out.toString();
  }

  private static Map<String, String> base(Job job, WorkerId worker) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("entrypoint", job.entrypoint());
    context.put("queue_manager_id", worker.toString());
    return context;
  }
}
