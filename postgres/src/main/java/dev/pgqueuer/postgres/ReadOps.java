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
import dev.pgqueuer.port.FailedJobsQuery;
import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.PruneResult;
import dev.pgqueuer.port.SortOrder;
import dev.pgqueuer.port.StaleQuery;
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
  private final Rendered findJob;
  private final Rendered queueSize;
  private final Rendered queuedWork;
  private final Rendered eligibleWork;
  private final Rendered nextDeferred;
  private final Rendered oldestPicked;
  private final Rendered jobStatus;
  private final Rendered queueLog;
  private final Rendered jobLog;
  private final Rendered aggregate;
  private final Rendered statistics;
  private final Rendered clearStatisticsOf;
  private final Rendered clearStatistics;
  private final Rendered pruneLog;
  private final Rendered pruneStatistics;
  /** {@link ReadQueries#BROWSE} and {@link ReadQueries#LIST_FAILED} with the queue's names; the call fills the rest. */
  private final Rendered browse;
  private final Rendered browseStatuses;
  private final Rendered listFailed;

  ReadOps(PgContext ctx) {
    this.ctx = ctx;
    this.findJob = new Rendered(() -> ctx.render(ReadQueries.FIND_JOB.replace("{job_columns}", Rows.JOB_COLUMNS)));
    this.queueSize = new Rendered(() -> ctx.render(ReadQueries.QUEUE_SIZE));
    this.queuedWork = new Rendered(() -> ctx.render(ReadQueries.QUEUED_WORK));
    this.eligibleWork = new Rendered(() -> ctx.render(ReadQueries.ELIGIBLE_WORK));
    this.nextDeferred = new Rendered(() -> ctx.render(ReadQueries.NEXT_DEFERRED));
    this.oldestPicked = new Rendered(() -> ctx.render(ReadQueries.OLDEST_PICKED));
    this.jobStatus = new Rendered(() -> ctx.render(ReadQueries.JOB_STATUS));
    this.queueLog = new Rendered(() -> ctx.render(ReadQueries.QUEUE_LOG.replace("{log_columns}", Rows.LOG_COLUMNS)));
    this.jobLog = new Rendered(() -> ctx.render(ReadQueries.JOB_LOG.replace("{log_columns}", Rows.LOG_COLUMNS)));
    this.aggregate = new Rendered(() -> ctx.render(ReadQueries.AGGREGATE));
    this.statistics = new Rendered(() -> ctx.sql.render(ReadQueries.STATISTICS));
    this.clearStatisticsOf = new Rendered(() -> ctx.render(ReadQueries.CLEAR_STATISTICS_OF));
    this.clearStatistics = new Rendered(() -> ctx.render(ReadQueries.CLEAR_STATISTICS));
    this.pruneLog = new Rendered(() -> ctx.render(ReadQueries.PRUNE_LOG));
    this.pruneStatistics = new Rendered(() -> ctx.render(ReadQueries.PRUNE_STATISTICS));
    this.browse = new Rendered(() -> ctx.sql.render(ReadQueries.BROWSE.replace("{job_columns}", Rows.JOB_COLUMNS)));
    this.browseStatuses = new Rendered(() -> ctx.render(ReadQueries.BROWSE_STATUSES));
    this.listFailed = new Rendered(
        () -> ctx.sql.render(ReadQueries.LIST_FAILED.replace("{job_columns}", Rows.JOB_COLUMNS)));
  }

  Optional<Job> findJob(JobId id) {
    Objects.requireNonNull(id, "id");
    return ctx.jdbc.autocommit("findJob", c -> {
      try (PreparedStatement ps = c.prepareStatement(findJob.sql())) {
        ps.setLong(1, id.value());
        return Jdbc.query(ps, 0, Rows::job).stream().findFirst();
      }
    });
  }

  /** {@link #findJob(JobId)} in {@code session}: sees that session's own uncommitted writes. */
  Optional<Job> findJob(Session session, JobId id) {
    Objects.requireNonNull(id, "id");
    String sql = session.sql(findJob.sql());
    return session.oneRoundTrip("findJob", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, id.value());
        return Jdbc.query(ps, session.lead(), Rows::job).stream().findFirst();
      }
    });
  }

  List<Job> listFailedJobs(FailedJobsQuery query) {
    int limit = query.limit();
    SortOrder order = query.order();
    String sql = SqlNames.complete(listFailed.sql().replace("{order}", order == SortOrder.ASC ? "ASC" : "DESC")
        .replace("{limit}", Integer.toString(limit)));
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
      where.add(browseStatuses.sql());
      statuses = query.statuses().stream().map(JobStatus::dbValue).toArray(String[]::new);
    }
    String[] eps = null;
    if (query.entrypoints() != null) {
      where.add(ReadQueries.BROWSE_ENTRYPOINTS);
      eps = query.entrypoints().toArray(new String[0]);
    }
    String sql = SqlNames.complete(browse.sql()
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
      try (PreparedStatement ps = c.prepareStatement(queueSize.sql())) {
        return Jdbc.query(ps, 0, Rows::queueStatistics);
      }
    });
  }

  long queuedWork(Set<String> entrypoints) {
    String[] eps = names(entrypoints);
    return ctx.jdbc.autocommit("queuedWork", c -> {
      try (PreparedStatement ps = c.prepareStatement(queuedWork.sql())) {
        new Jdbc.Binder(c, ps).array("text", eps);
        return Jdbc.queryOne(ps, 0, rs -> rs.getLong(1));
      }
    });
  }

  long eligibleQueuedWork(Set<String> entrypoints) {
    String[] eps = names(entrypoints);
    Instant now = ctx.now();
    return ctx.jdbc.autocommit("eligibleQueuedWork", c -> {
      try (PreparedStatement ps = c.prepareStatement(eligibleWork.sql())) {
        new Jdbc.Binder(c, ps).array("text", eps).instant(now);
        return Jdbc.queryOne(ps, 0, rs -> rs.getLong(1));
      }
    });
  }

  Optional<Duration> nextDeferredEta(Set<String> entrypoints) {
    return untilFirst("nextDeferredEta", nextDeferred.sql(), names(entrypoints), 0);
  }

  Optional<Duration> nextStaleEta(StaleQuery query) {
    String[] eps = names(query.entrypoints());
    long timeout = Times.toMicros(query.heartbeatTimeout());
    return untilFirst("nextStaleEta", oldestPicked.sql(), eps, timeout)
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
      try (PreparedStatement ps = c.prepareStatement(jobStatus.sql())) {
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
      try (PreparedStatement ps = c.prepareStatement(queueLog.sql())) {
        return Jdbc.query(ps, 0, Rows::log);
      }
    });
  }

  List<LogEntry> jobLog(JobId id) {
    Objects.requireNonNull(id, "id");
    return ctx.jdbc.autocommit("jobLog", c -> {
      try (PreparedStatement ps = c.prepareStatement(jobLog.sql())) {
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
          st.executeUpdate(aggregate.sql());
        }
      } else {
        ctx.requireInstalled(c, "aggregateLogs");
      }
      return null;
    });
  }

  List<LogStatistics> logStatistics(StatisticsQuery query) {
    Objects.requireNonNull(query, "query");
    String sql = ReadQueries.AGGREGATION_LOCK + ";\n" + aggregate.sql() + ";\n" + SqlNames.complete(statistics.sql()
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

  PruneResult pruneLog(LogRetention retention) {
    Objects.requireNonNull(retention, "retention");
    Instant now = ctx.now();
    long logAge = Times.toMicros(retention.logAge());
    Long statisticsAge = retention.statisticsAge() == null ? null : Times.toMicros(retention.statisticsAge());
    return ctx.jdbc.transaction("pruneLog", c -> {
      try (PreparedStatement ps = c.prepareStatement(ReadQueries.AGGREGATION_LOCK + ";\n" + aggregate.sql())) {
        ps.setLong(1, ctx.aggregationLockKey);
        ps.execute();
      }
      long rows;
      try (PreparedStatement ps = c.prepareStatement(pruneLog.sql())) {
        new Jdbc.Binder(c, ps).instant(now).bigint(logAge);
        rows = Jdbc.queryOne(ps, 0, rs -> rs.getLong(1));
      }
      long buckets = 0;
      if (statisticsAge != null) {
        try (PreparedStatement ps = c.prepareStatement(pruneStatistics.sql())) {
          new Jdbc.Binder(c, ps).instant(now).bigint(statisticsAge);
          buckets = Jdbc.queryOne(ps, 0, rs -> rs.getLong(1));
        }
      }
      return new PruneResult(rows, buckets);
    });
  }

  void clearStatistics(EntrypointScope scope) {
    Objects.requireNonNull(scope, "scope");
    ctx.jdbc.autocommit("clearStatistics", c -> {
      if (scope.isAll()) {
        try (Statement st = c.createStatement()) {
          st.executeUpdate(clearStatistics.sql());
        }
      } else {
        try (PreparedStatement ps = c.prepareStatement(clearStatisticsOf.sql())) {
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
