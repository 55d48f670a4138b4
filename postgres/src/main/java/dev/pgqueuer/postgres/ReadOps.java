package dev.pgqueuer.postgres;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.SortOrder;
import dev.pgqueuer.port.StatisticsQuery;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The reading operations, the log and the statistics of {@link PostgresRepository}. Thread-safe. */
final class ReadOps {

  private final PgContext ctx;
  private final String findJob;
  private final String queueSize;
  private final String queuedWork;
  private final String eligibleWork;
  private final String nextDeferred;
  private final String oldestPicked;
  private final String jobStatus;
  private final String queueLog;
  private final String jobLog;
  private final String aggregate;
  private final String statistics;
  private final String clearStatisticsOf;
  private final String clearStatistics;

  ReadOps(PgContext ctx) {
    this.ctx = ctx;
    this.findJob = ctx.render(ReadQueries.FIND_JOB.replace("{job_columns}", Rows.JOB_COLUMNS));
    this.queueSize = ctx.render(ReadQueries.QUEUE_SIZE);
    this.queuedWork = ctx.render(ReadQueries.QUEUED_WORK);
    this.eligibleWork = ctx.render(ReadQueries.ELIGIBLE_WORK);
    this.nextDeferred = ctx.render(ReadQueries.NEXT_DEFERRED);
    this.oldestPicked = ctx.render(ReadQueries.OLDEST_PICKED);
    this.jobStatus = ctx.render(ReadQueries.JOB_STATUS);
    this.queueLog = ctx.render(ReadQueries.QUEUE_LOG.replace("{log_columns}", Rows.LOG_COLUMNS));
    this.jobLog = ctx.render(ReadQueries.JOB_LOG.replace("{log_columns}", Rows.LOG_COLUMNS));
    this.aggregate = ctx.render(ReadQueries.AGGREGATE);
    this.statistics = ctx.sql.render(ReadQueries.STATISTICS);
    this.clearStatisticsOf = ctx.render(ReadQueries.CLEAR_STATISTICS_OF);
    this.clearStatistics = ctx.render(ReadQueries.CLEAR_STATISTICS);
  }

  Optional<Job> findJob(JobId id) {
    Objects.requireNonNull(id, "id");
    return ctx.jdbc.autocommit("findJob", c -> {
      try (PreparedStatement ps = c.prepareStatement(findJob)) {
        ps.setLong(1, id.value());
        return Jdbc.query(ps, 0, Rows::job).stream().findFirst();
      }
    });
  }

  /** {@link #findJob(JobId)} in {@code session}: sees that session's own uncommitted writes. */
  Optional<Job> findJob(Session session, JobId id) {
    Objects.requireNonNull(id, "id");
    String sql = session.sql(findJob);
    return session.oneRoundTrip("findJob", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, id.value());
        return Jdbc.query(ps, session.lead(), Rows::job).stream().findFirst();
      }
    });
  }

  List<Job> listFailedJobs(int limit, SortOrder order) {
    Checks.nonNegative(limit, "limit");
    Objects.requireNonNull(order, "order");
    String sql = ctx.render(ReadQueries.LIST_FAILED.replace("{job_columns}", Rows.JOB_COLUMNS)
        .replace("{order}", order == SortOrder.ASC ? "ASC" : "DESC").replace("{limit}", Integer.toString(limit)));
    return ctx.jdbc.autocommit("listFailedJobs", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        return Jdbc.query(ps, 0, Rows::job);
      }
    });
  }

  List<Job> browseQueue(BrowseQuery query) {
    Objects.requireNonNull(query, "query");
    List<String> where = new ArrayList<>();
    String[] statuses = null;
    if (query.statuses() != null) {
      where.add(ReadQueries.BROWSE_STATUSES);
      statuses = query.statuses().stream().map(JobStatus::dbValue).toArray(String[]::new);
    }
    String[] eps = null;
    if (query.entrypoints() != null) {
      where.add(ReadQueries.BROWSE_ENTRYPOINTS);
      eps = query.entrypoints().toArray(new String[0]);
    }
    String sql = ctx.render(ReadQueries.BROWSE.replace("{job_columns}", Rows.JOB_COLUMNS)
        .replace("{where}", where.isEmpty() ? "true" : String.join(" AND ", where))
        .replace("{limit}", query.limit() == null ? "ALL" : Integer.toString(query.limit()))
        .replace("{offset}", Integer.toString(query.offset())));
    String[] statusFilter = statuses;
    String[] entrypointFilter = eps;
    return ctx.jdbc.autocommit("browseQueue", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Jdbc.Binder b = new Jdbc.Binder(c, ps);
        if (statusFilter != null) {
          b.array("text", statusFilter);
        }
        if (entrypointFilter != null) {
          b.array("text", entrypointFilter);
        }
        return Jdbc.query(ps, 0, Rows::job);
      }
    });
  }

  List<QueueStatistics> queueSize() {
    return ctx.jdbc.autocommit("queueSize", c -> {
      try (PreparedStatement ps = c.prepareStatement(queueSize)) {
        return Jdbc.query(ps, 0, Rows::queueStatistics);
      }
    });
  }

  long queuedWork(Set<String> entrypoints) {
    String[] eps = names(entrypoints);
    return ctx.jdbc.autocommit("queuedWork", c -> {
      try (PreparedStatement ps = c.prepareStatement(queuedWork)) {
        new Jdbc.Binder(c, ps).array("text", eps);
        return Jdbc.queryOne(ps, 0, rs -> rs.getLong(1));
      }
    });
  }

  long eligibleQueuedWork(Set<String> entrypoints) {
    String[] eps = names(entrypoints);
    Instant now = ctx.now();
    return ctx.jdbc.autocommit("eligibleQueuedWork", c -> {
      try (PreparedStatement ps = c.prepareStatement(eligibleWork)) {
        new Jdbc.Binder(c, ps).array("text", eps).instant(now);
        return Jdbc.queryOne(ps, 0, rs -> rs.getLong(1));
      }
    });
  }

  Optional<Duration> nextDeferredEta(Set<String> entrypoints) {
    return untilFirst("nextDeferredEta", nextDeferred, names(entrypoints), 0);
  }

  Optional<Duration> nextStaleEta(Set<String> entrypoints, Duration heartbeatTimeout) {
    String[] eps = names(entrypoints);
    long timeout = Times.toMicros(Times.checkDuration(heartbeatTimeout, "heartbeatTimeout", false));
    return untilFirst("nextStaleEta", oldestPicked, eps, timeout)
        .map(d -> d.isNegative() ? Duration.ZERO : d);
  }

  /** {@code first + offset - now} from a query of columns {@code first} (nullable) and {@code now}. */
  private Optional<Duration> untilFirst(String operation, String sql, String[] eps, long offsetMicros) {
    Instant now = ctx.now();
    return ctx.jdbc.autocommit(operation, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        new Jdbc.Binder(c, ps).instant(now).array("text", eps);
        return Jdbc.queryOne(ps, 0, rs -> {
          Instant first = Rows.nullableInstant(rs, "first");
          Instant at = Rows.instant(rs, "now");
          return Optional.ofNullable(first)
              .map(f -> Times.durationOfMicros(Times.toMicros(f) + offsetMicros - Times.toMicros(at)));
        });
      }
    });
  }

  Map<JobId, JobStatus> jobStatus(Collection<JobId> ids) {
    List<JobId> distinct = Checks.distinctIds(ids, "ids");
    Long[] values = new Long[distinct.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = distinct.get(i).value();
    }
    return ctx.jdbc.autocommit("jobStatus", c -> {
      Map<JobId, JobStatus> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(jobStatus)) {
        new Jdbc.Binder(c, ps).array("int8", values);
        for (Map.Entry<JobId, JobStatus> e : Jdbc.query(ps, 0, rs -> Map.entry(
            JobId.of(rs.getLong(1)), JobStatus.fromDbValue(rs.getString(2))))) {
          out.put(e.getKey(), e.getValue());
        }
      }
      return out;
    });
  }

  List<LogEntry> queueLog() {
    return ctx.jdbc.autocommit("queueLog", c -> {
      try (PreparedStatement ps = c.prepareStatement(queueLog)) {
        return Jdbc.query(ps, 0, Rows::log);
      }
    });
  }

  List<LogEntry> jobLog(JobId id) {
    Objects.requireNonNull(id, "id");
    return ctx.jdbc.autocommit("jobLog", c -> {
      try (PreparedStatement ps = c.prepareStatement(jobLog)) {
        ps.setLong(1, id.value());
        return Jdbc.query(ps, 0, Rows::log);
      }
    });
  }

  void aggregateLogs() {
    ctx.jdbc.transaction("aggregateLogs", c -> {
      boolean locked;
      try (PreparedStatement ps = c.prepareStatement(ReadQueries.TRY_AGGREGATION_LOCK)) {
        ps.setLong(1, ctx.aggregationLockKey);
        locked = Jdbc.queryOne(ps, 0, rs -> rs.getBoolean(1));
      }
      if (locked) {
        try (Statement st = c.createStatement()) {
          st.executeUpdate(aggregate);
        }
      } else {
        ctx.requireInstalled(c, "aggregateLogs");
      }
      return null;
    });
  }

  List<LogStatistics> logStatistics(StatisticsQuery query) {
    Objects.requireNonNull(query, "query");
    String sql = ReadQueries.AGGREGATION_LOCK + ";\n" + aggregate + ";\n" + SqlNames.complete(statistics
        .replace("{limit}", query.limit() == null ? "ALL" : Integer.toString(query.limit())));
    Long window = query.window() == null ? null : Times.toMicros(query.window());
    Instant now = ctx.now();
    return ctx.jdbc.transaction("logStatistics", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        new Jdbc.Binder(c, ps).bigint(ctx.aggregationLockKey).nullableBigint(window).instant(now)
            .nullableBigint(window);
        return Jdbc.query(ps, 2, Rows::statistics);
      }
    });
  }

  void clearStatistics(EntrypointScope scope) {
    Objects.requireNonNull(scope, "scope");
    ctx.jdbc.autocommit("clearStatistics", c -> {
      if (scope.isAll()) {
        try (Statement st = c.createStatement()) {
          st.executeUpdate(clearStatistics);
        }
      } else {
        try (PreparedStatement ps = c.prepareStatement(clearStatisticsOf)) {
          new Jdbc.Binder(c, ps).array("text", Objects.requireNonNull(scope.entrypoints()).toArray(new String[0]));
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  private static String[] names(Set<String> entrypoints) {
    Objects.requireNonNull(entrypoints, "entrypoints");
    String[] out = new String[entrypoints.size()];
    int i = 0;
    for (String e : entrypoints) {
      out[i++] = Objects.requireNonNull(e, "entrypoints element");
    }
    return out;
  }
}
