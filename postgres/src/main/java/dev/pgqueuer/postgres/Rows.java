package dev.pgqueuer.postgres;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.Payload;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.ScheduleKey;
import dev.pgqueuer.WorkerId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Maps result rows to domain records. The queries select the column lists below, so mapping is by name.
 * Timestamps are read as {@link OffsetDateTime} (an instant whatever the session time zone). Stateless.
 */
final class Rows {

  /** The queue columns every job-returning query selects (with the table alias {@code j}). */
  static final String JOB_COLUMNS = "j.id, j.priority, j.queue_manager_id, j.created, j.updated, j.heartbeat, "
      + "j.execute_after, j.status::text AS status, j.entrypoint, j.dedupe_key, j.payload, j.headers::text AS headers, "
      + "j.attempts";

  /** The log columns every log query selects (alias {@code l}). */
  static final String LOG_COLUMNS = "l.created, l.job_id, l.status::text AS status, l.priority, l.entrypoint, "
      + "l.traceback::text AS traceback, coalesce(l.aggregated, false) AS aggregated";

  /** The schedule columns (alias {@code s}). */
  static final String SCHEDULE_COLUMNS = "s.id, s.expression, s.entrypoint, s.heartbeat, s.created, s.updated, "
      + "s.next_run, s.last_run, coalesce(s.status, 'queued')::text AS status";

  private Rows() {}

  static Job job(ResultSet rs) throws SQLException {
    UUID worker = rs.getObject("queue_manager_id", UUID.class);
    JobStatus status = JobStatus.fromDbValue(rs.getString("status"));
    byte[] payload = rs.getBytes("payload");
    return new Job(
        JobId.of(rs.getLong("id")),
        rs.getInt("priority"),
        instant(rs, "created"),
        instant(rs, "updated"),
        instant(rs, "heartbeat"),
        instant(rs, "execute_after"),
        status,
        rs.getString("entrypoint"),
        payload == null ? null : Payload.of(payload),
        rs.getInt("attempts"),
        status == JobStatus.PICKED && worker != null ? new WorkerId(worker) : null,
        Json.readHeaders(rs.getString("headers")),
        rs.getString("dedupe_key"));
  }

  static LogEntry log(ResultSet rs) throws SQLException {
    JobId id = JobId.of(rs.getLong("job_id"));
    return new LogEntry(
        instant(rs, "created"),
        id,
        JobStatus.fromDbValue(rs.getString("status")),
        rs.getInt("priority"),
        rs.getString("entrypoint"),
        Json.readTraceback(rs.getString("traceback"), id),
        rs.getBoolean("aggregated"));
  }

  static Schedule schedule(ResultSet rs) throws SQLException {
    return new Schedule(
        ScheduleId.of(rs.getLong("id")),
        new ScheduleKey(rs.getString("entrypoint"), rs.getString("expression")),
        instant(rs, "heartbeat"),
        instant(rs, "created"),
        instant(rs, "updated"),
        instant(rs, "next_run"),
        nullableInstant(rs, "last_run"),
        JobStatus.fromDbValue(rs.getString("status")));
  }

  static LogStatistics statistics(ResultSet rs) throws SQLException {
    return new LogStatistics(
        instant(rs, "created"),
        rs.getString("entrypoint"),
        rs.getInt("priority"),
        JobStatus.fromDbValue(rs.getString("status")),
        rs.getLong("count"));
  }

  static QueueStatistics queueStatistics(ResultSet rs) throws SQLException {
    return new QueueStatistics(
        rs.getString("entrypoint"),
        rs.getInt("priority"),
        JobStatus.fromDbValue(rs.getString("status")),
        rs.getLong("count"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Instant value = nullableInstant(rs, column);
    if (value == null) {
      throw new IllegalStateException("cannot happen: " + column + " is NULL");
    }
    return value;
  }

  static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
