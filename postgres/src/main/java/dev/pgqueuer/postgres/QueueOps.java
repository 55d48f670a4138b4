package dev.pgqueuer.postgres;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.internal.Batches;
import dev.pgqueuer.internal.Checks;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EnqueueResult;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.port.RetryRequest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The writing job operations of {@link PostgresRepository}: each is one transaction, and where it is one prepared
 * string, one round trip ({@link Jdbc#oneRoundTrip}). Thread-safe.
 */
final class QueueOps {

  /** PostgreSQL's NOTIFY payload limit is 8000 bytes: 300 ids of up to 19 digits stay far below it. */
  static final int CANCELLATION_CHUNK = 300;

  private final PgContext ctx;
  private final Session own;
  private final Rendered enqueueRaise;
  private final Rendered enqueueSkip;
  private final String dedupeIndex;
  private final Rendered logJobs;
  private final Rendered retry;
  private final Rendered dedupeKey;
  private final Rendered heldKeys;
  private final Rendered activeKeys;
  private final Rendered requeue;
  private final Rendered cancel;
  private final Rendered clearEntrypoints;
  private final Rendered truncate;
  private final Rendered heartbeat;
  private final Rendered healthCheck;

  QueueOps(PgContext ctx) {
    this.ctx = ctx;
    this.own = Session.own(ctx.jdbc);
    this.enqueueRaise = new Rendered(() -> ctx.withNow(ctx.render(QueueQueries.ENQUEUE.replace("{on_conflict}", ""))));
    this.enqueueSkip = new Rendered(() -> ctx.withNow(
        ctx.render(QueueQueries.ENQUEUE.replace("{on_conflict}", QueueQueries.ON_CONFLICT_SKIP))));
    this.dedupeIndex = ctx.sql.names().queueTable() + "_unique_dedupe_key";
    this.logJobs = new Rendered(() -> ctx.withNow(ctx.render(QueueQueries.LOG_JOBS)));
    this.retry = new Rendered(() -> ctx.render(QueueQueries.RETRY));
    this.dedupeKey = new Rendered(() -> ctx.render(QueueQueries.DEDUPE_KEY));
    this.heldKeys = new Rendered(() -> ctx.render(QueueQueries.HELD_KEYS));
    this.activeKeys = new Rendered(() -> ctx.render(QueueQueries.ACTIVE_KEYS));
    this.requeue = new Rendered(() -> ctx.render(QueueQueries.REQUEUE));
    this.cancel = new Rendered(() -> ctx.withNow(
        ctx.render(QueueQueries.DELETE_LOGGED.replace("{filter}", "j.id = ANY(?::int8[])")))
        + ";\n" + ctx.sql.render(QueueQueries.NOTIFY_CANCELLATION));
    this.clearEntrypoints = new Rendered(() -> ctx.withNow(
        ctx.render(QueueQueries.DELETE_LOGGED.replace("{filter}", "j.entrypoint = ANY(?::text[])"))));
    this.truncate = new Rendered(() -> ctx.withNow(ctx.render(QueueQueries.TRUNCATE)));
    this.heartbeat = new Rendered(() -> ctx.render(QueueQueries.HEARTBEAT));
    this.healthCheck = new Rendered(() -> ctx.sql.render(QueueQueries.NOTIFY_HEALTH_CHECK));
  }

  EnqueueResult enqueue(EnqueueRequest request) {
    return enqueue(own, request);
  }

  EnqueueResult enqueue(Session session, EnqueueRequest request) {
    Objects.requireNonNull(request, "request");
    List<NewJob> jobs = request.jobs();
    int n = jobs.size();
    String[] entrypoints = new String[n];
    byte[][] payloads = new byte[n][];
    Integer[] priorities = new Integer[n];
    Long[] delays = new Long[n];
    String[] keys = new String[n];
    String[] headers = new String[n];
    for (int i = 0; i < n; i++) {
      NewJob job = jobs.get(i);
      entrypoints[i] = job.entrypoint();
      payloads[i] = job.payload() == null ? null : job.payload().toByteArray();
      priorities[i] = job.priority();
      delays[i] = Times.toMicros(job.delay());
      keys[i] = job.dedupeKey();
      headers[i] = Json.headers(job.headers());
    }
    Instant now = ctx.now();
    String sql = session.sql(request.onConflict() == OnConflict.SKIP ? enqueueSkip.sql() : enqueueRaise.sql());
    try {
      return session.oneRoundTrip("enqueue", c -> {
        if (n == 0) {
          ctx.requireInstalled(c, "enqueue");
          return new EnqueueResult(List.of());
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          Jdbc.Binder b = new Jdbc.Binder(c, ps);
          ctx.bindNow(b, now);
          b.instant(now).array("text", entrypoints).array("bytea", payloads).array("int4", priorities)
              .array("int8", delays).array("text", keys).array("text", headers).bigint(n);
          List<Optional<JobId>> ids = Jdbc.query(ps, session.lead() + ctx.nowStatements(),
              rs -> rs.getBoolean(2) ? Optional.of(JobId.of(rs.getLong(1))) : Optional.<JobId>empty());
          return new EnqueueResult(ids);
        } catch (SQLException e) {
          if (SqlErrors.isUniqueViolation(e, dedupeIndex)) {
            throw new Session.Clash();
          }
          throw e;
        }
      });
    } catch (Session.Clash e) {
      throw duplicate(session, "enqueue", Arrays.asList(keys));
    }
  }

  /** The exception for a clash among {@code keys}, read once the failed transaction is rolled back. */
  private DuplicateJobException duplicate(Session session, String operation, List<@Nullable String> keys) {
    String[] distinct = keys.stream().filter(Objects::nonNull).distinct().toArray(String[]::new);
    Set<String> active = new HashSet<>(session.afterFailure(operation, c -> {
      try (PreparedStatement ps = c.prepareStatement(activeKeys.sql())) {
        new Jdbc.Binder(c, ps).array("text", distinct);
        return Jdbc.query(ps, 0, rs -> rs.getString(1));
      }
    }));
    return new DuplicateJobException(keys, Checks.firstClash(keys, active::contains));
  }

  int logJobs(List<JobOutcome> outcomes) {
    return logJobs(own, outcomes);
  }

  int logJobs(Session session, List<JobOutcome> outcomes) {
    List<JobOutcome> batch = Batches.outcomes(outcomes);
    int n = batch.size();
    Long[] ids = new Long[n];
    String[] statuses = new String[n];
    String[] tracebacks = new String[n];
    for (int i = 0; i < n; i++) {
      JobOutcome o = batch.get(i);
      ids[i] = o.id().value();
      statuses[i] = o.status().dbValue();
      tracebacks[i] = Json.traceback(o.traceback());
    }
    Instant now = ctx.now();
    String sql = session.sql(logJobs.sql());
    return session.oneRoundTrip("logJobs", c -> {
      if (n == 0) {
        ctx.requireInstalled(c, "logJobs");
        return 0;
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Jdbc.Binder b = new Jdbc.Binder(c, ps);
        ctx.bindNow(b, now);
        b.instant(now).array("int8", ids).array("text", statuses).array("text", tracebacks);
        return Jdbc.queryOne(ps, session.lead() + ctx.nowStatements(), rs -> rs.getInt(1));
      }
    });
  }

  boolean retryJob(RetryRequest request) {
    return retryJob(own, request);
  }

  boolean retryJob(Session session, RetryRequest request) {
    Objects.requireNonNull(request, "request");
    Instant now = ctx.now();
    String traceback = Json.traceback(request.traceback());
    try {
      String sql = session.sql(retry.sql());
      return session.oneRoundTrip("retryJob", c -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          new Jdbc.Binder(c, ps).instant(now).bigint(Times.toMicros(request.delay()))
              .bigint(request.id().value()).text(traceback);
          return Jdbc.queryOne(ps, session.lead(), rs -> rs.getInt(1)) > 0;
        } catch (SQLException e) {
          if (SqlErrors.isUniqueViolation(e, dedupeIndex)) {
            throw new Session.Clash();
          }
          throw e;
        }
      });
    } catch (Session.Clash e) {
      String key = session.afterFailure("retryJob", c -> {
        try (PreparedStatement ps = c.prepareStatement(dedupeKey.sql())) {
          ps.setLong(1, request.id().value());
          List<@Nullable String> keys = Jdbc.query(ps, 0, rs -> rs.getString(1));
          return keys.isEmpty() ? null : keys.get(0);
        }
      });
      throw new DuplicateJobException(Collections.singletonList(key), key);
    }
  }

  int requeueJobs(Collection<JobId> ids) {
    return requeueJobs(own, ids);
  }

  int requeueJobs(Session session, Collection<JobId> ids) {
    Long[] distinct = values(Checks.distinctIds(ids, "ids"));
    Instant now = ctx.now();
    AtomicReference<List<@Nullable String>> held = new AtomicReference<>(List.of());
    try {
      return session.transaction("requeueJobs", c -> {
        if (distinct.length == 0) {
          ctx.requireInstalled(c, "requeueJobs");
          return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(heldKeys.sql())) {
          new Jdbc.Binder(c, ps).array("int8", distinct);
          held.set(Jdbc.query(ps, 0, rs -> rs.getString(2)));
        }
        try (PreparedStatement ps = c.prepareStatement(requeue.sql())) {
          new Jdbc.Binder(c, ps).instant(now).array("int8", distinct);
          return Jdbc.queryOne(ps, 0, rs -> rs.getInt(1));
        } catch (SQLException e) {
          if (SqlErrors.isUniqueViolation(e, dedupeIndex)) {
            throw new Session.Clash();
          }
          throw e;
        }
      });
    } catch (Session.Clash e) {
      throw duplicate(session, "requeueJobs", held.get());
    }
  }

  int cancelJobs(Collection<JobId> ids) {
    return cancelJobs(own, ids);
  }

  int cancelJobs(Session session, Collection<JobId> ids) {
    List<JobId> distinct = Checks.distinctIds(ids, "ids");
    Long[] values = values(distinct);
    List<String> chunks = new ArrayList<>();
    for (int from = 0; from < distinct.size(); from += CANCELLATION_CHUNK) {
      chunks.add(Json.idArray(distinct.subList(from, Math.min(distinct.size(), from + CANCELLATION_CHUNK))));
    }
    Instant now = ctx.now();
    String sql = session.sql(cancel.sql());
    return session.oneRoundTrip("cancelJobs", c -> {
      if (values.length == 0) {
        ctx.requireInstalled(c, "cancelJobs");
        return 0;
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Jdbc.Binder b = new Jdbc.Binder(c, ps);
        ctx.bindNow(b, now);
        b.instant(now).text(JobStatus.CANCELED.dbValue()).array("int8", values);
        b.text(ctx.channel()).text(ctx.channel()).instant(now).array("text", chunks.toArray(new String[0]));
        return Jdbc.queryOne(ps, session.lead() + ctx.nowStatements(), rs -> rs.getInt(1));
      }
    });
  }

  int updateHeartbeat(Collection<JobId> ids) {
    Long[] distinct = values(Checks.distinctIds(ids, "ids"));
    Instant now = ctx.now();
    return ctx.jdbc.oneRoundTrip("updateHeartbeat", c -> {
      if (distinct.length == 0) {
        ctx.requireInstalled(c, "updateHeartbeat");
        return 0;
      }
      try (PreparedStatement ps = c.prepareStatement(heartbeat.sql())) {
        new Jdbc.Binder(c, ps).instant(now).array("int8", distinct);
        return ps.executeUpdate();
      }
    });
  }

  void clearQueue(EntrypointScope scope) {
    Objects.requireNonNull(scope, "scope");
    Instant now = ctx.now();
    ctx.jdbc.oneRoundTrip("clearQueue", c -> {
      if (scope.isAll()) {
        try (PreparedStatement ps = c.prepareStatement(truncate.sql())) {
          ctx.bindNow(new Jdbc.Binder(c, ps), now);
          ps.execute();
        }
        return null;
      }
      String[] eps = Objects.requireNonNull(scope.entrypoints()).toArray(new String[0]);
      try (PreparedStatement ps = c.prepareStatement(clearEntrypoints.sql())) {
        Jdbc.Binder b = new Jdbc.Binder(c, ps);
        ctx.bindNow(b, now);
        b.instant(now).text(JobStatus.DELETED.dbValue()).array("text", eps);
        return Jdbc.queryOne(ps, ctx.nowStatements(), rs -> rs.getInt(1));
      }
    });
  }

  void notifyHealthCheck(UUID id) {
    Objects.requireNonNull(id, "id");
    Instant now = ctx.now();
    ctx.jdbc.autocommit("notifyHealthCheck", c -> {
      try (PreparedStatement ps = c.prepareStatement(healthCheck.sql())) {
        new Jdbc.Binder(c, ps).text(ctx.channel()).text(ctx.channel()).instant(now).text(id.toString());
        ps.execute();
      }
      return null;
    });
  }

  private static Long[] values(List<JobId> ids) {
    Long[] out = new Long[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i).value();
    }
    return out;
  }
}
