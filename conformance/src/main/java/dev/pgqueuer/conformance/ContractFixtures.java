package dev.pgqueuer.conformance;

import dev.pgqueuer.CancellationEvent;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.TracebackRecord;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small, stateless builders shared by the outcome, retry, cancellation, clearing, status, statistics, schedule,
 * notification and schema contracts: expected events, sample tracebacks, id lists and log projections.
 */
final class ContractFixtures {

  /** A cron expression firing every minute. */
  static final String MINUTELY = "* * * * *";
  /** A cron expression firing every hour. */
  static final String HOURLY = "0 * * * *";

  private ContractFixtures() {}

  /** The ids of a contiguous range, {@code from} to {@code to} inclusive, ascending. */
  static List<JobId> idRange(long from, long to) {
    List<JobId> out = new ArrayList<>();
    for (long v = from; v <= to; v++) {
      out.add(JobId.of(v));
    }
    return out;
  }

  /** The table-changed event {@code repo} must send for {@code operation} in a call made at {@code sentAt}. */
  static TableChangedEvent tableEvent(Repository repo, TableOperation operation, Instant sentAt) {
    return new TableChangedEvent(repo.channel(), sentAt, operation, repo.names().queueTable());
  }

  /** The cancellation event {@code repo} must send naming {@code ids} in a call made at {@code sentAt}. */
  static CancellationEvent cancellationEvent(Repository repo, Instant sentAt, List<JobId> ids) {
    return new CancellationEvent(repo.channel(), sentAt, ids);
  }

  /** A traceback exercising every field: micro-second timestamp, non-ASCII text, multi-line trace, context. */
  static TracebackRecord sampleTraceback(JobId id) {
    return new TracebackRecord(
        id,
        Instant.parse("2025-12-31T23:59:58.123456Z"),
        "IllegalStateException",
        "boom: naïve café ✓ \"quoted\"",
        "java.lang.IllegalStateException: boom\n\tat dev.example.Handler.run(Handler.java:42)\n",
        Map.of("attempt", "2", "host", "worker-7", "empty", ""));
  }

  /** One outcome per id, all with {@code status} and no traceback. */
  static List<JobOutcome> outcomes(JobStatus status, List<JobId> ids) {
    List<JobOutcome> out = new ArrayList<>(ids.size());
    for (JobId id : ids) {
      out.add(new JobOutcome(id, status, null));
    }
    return out;
  }

  /** A held outcome for {@code id}, without traceback. */
  static List<JobOutcome> held(JobId id) {
    return List.of(JobOutcome.held(id, null));
  }

  /** A successful outcome for {@code id}. */
  static List<JobOutcome> successful(JobId id) {
    return List.of(JobOutcome.successful(id));
  }

  /** The log rows written after the first {@code skip} rows of {@code log}. */
  static List<LogEntry> after(List<LogEntry> log, int skip) {
    return log.subList(Math.min(skip, log.size()), log.size());
  }

  /** The (job id, status) pairs of log rows, as "id:status" strings, in order. */
  static List<String> idStatus(List<LogEntry> rows) {
    List<String> out = new ArrayList<>(rows.size());
    for (LogEntry e : rows) {
      out.add(e.jobId() + ":" + e.status().dbValue());
    }
    return out;
  }

  /** Shorthand for a duration of {@code micros} microseconds. */
  static Duration micros(long micros) {
    return Duration.ofNanos(Math.multiplyExact(micros, 1_000L));
  }
}
