package dev.pgqueuer.postgres;

import dev.pgqueuer.port.ScheduleDeletion;
import dev.pgqueuer.internal.Batches;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.SchedulePort;
import dev.pgqueuer.port.ScheduleSpec;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The schedule operations of {@link PostgresRepository}: one statement each, no events. Thread-safe. */
final class ScheduleOps {

  private final PgContext ctx;
  private final Rendered insert;
  private final Rendered fetchDue;
  private final Rendered markQueued;
  private final Rendered heartbeat;
  private final Rendered peek;
  private final Rendered delete;
  private final Rendered clear;

  ScheduleOps(PgContext ctx) {
    this.ctx = ctx;
    this.insert = new Rendered(() -> ctx.render(ScheduleQueries.INSERT));
    this.fetchDue = new Rendered(
        () -> ctx.render(ScheduleQueries.FETCH_DUE.replace("{schedule_columns}", Rows.SCHEDULE_COLUMNS)));
    this.markQueued = new Rendered(() -> ctx.render(ScheduleQueries.MARK_QUEUED));
    this.heartbeat = new Rendered(() -> ctx.render(ScheduleQueries.HEARTBEAT));
    this.peek = new Rendered(
        () -> ctx.render(ScheduleQueries.PEEK.replace("{schedule_columns}", Rows.SCHEDULE_COLUMNS)));
    this.delete = new Rendered(() -> ctx.render(ScheduleQueries.DELETE));
    this.clear = new Rendered(() -> ctx.render(ScheduleQueries.CLEAR));
  }

  int insertSchedules(List<ScheduleSpec> specs) {
    Columns cols = new Columns(Batches.scheduleSpecs(specs));
    Instant now = ctx.now();
    return ctx.jdbc.transaction("insertSchedules", c -> {
      if (cols.size() == 0) {
        ctx.requireInstalled(c, "insertSchedules");
        return 0;
      }
      try (PreparedStatement ps = c.prepareStatement(insert.sql())) {
        new Jdbc.Binder(c, ps).instant(now).array("text", cols.entrypoints).array("text", cols.expressions)
            .array("int8", cols.delays);
        return Jdbc.queryOne(ps, 0, rs -> rs.getInt(1));
      }
    });
  }

  List<Schedule> fetchDueSchedules(List<ScheduleSpec> specs) {
    Columns cols = new Columns(Batches.scheduleSpecs(specs));
    Instant now = ctx.now();
    return ctx.jdbc.transaction("fetchDueSchedules", c -> {
      if (cols.size() == 0) {
        ctx.requireInstalled(c, "fetchDueSchedules");
        return List.of();
      }
      try (PreparedStatement ps = c.prepareStatement(fetchDue.sql())) {
        new Jdbc.Binder(c, ps).instant(now).bigint(Times.toMicros(SchedulePort.STALE_AFTER))
            .array("text", cols.entrypoints).array("text", cols.expressions).array("int8", cols.delays);
        return Jdbc.query(ps, 0, Rows::schedule);
      }
    });
  }

  int markSchedulesQueued(Collection<ScheduleId> ids) {
    Long[] values = ids(ids);
    Instant now = ctx.now();
    return ctx.jdbc.transaction("markSchedulesQueued", c -> {
      try (PreparedStatement ps = c.prepareStatement(markQueued.sql())) {
        new Jdbc.Binder(c, ps).instant(now).instant(now).array("int8", values);
        return ps.executeUpdate();
      }
    });
  }

  int updateScheduleHeartbeat(Collection<ScheduleId> ids) {
    Long[] values = ids(ids);
    Instant now = ctx.now();
    return ctx.jdbc.transaction("updateScheduleHeartbeat", c -> {
      try (PreparedStatement ps = c.prepareStatement(heartbeat.sql())) {
        new Jdbc.Binder(c, ps).instant(now).instant(now).array("int8", values);
        return ps.executeUpdate();
      }
    });
  }

  List<Schedule> peekSchedules() {
    return ctx.jdbc.autocommit("peekSchedules", c -> {
      try (PreparedStatement ps = c.prepareStatement(peek.sql())) {
        return Jdbc.query(ps, 0, Rows::schedule);
      }
    });
  }

  int deleteSchedules(ScheduleDeletion deletion) {
    Long[] values = ids(deletion.ids());
    String[] eps = deletion.entrypoints().toArray(new String[0]);
    return ctx.jdbc.transaction("deleteSchedules", c -> {
      try (PreparedStatement ps = c.prepareStatement(delete.sql())) {
        new Jdbc.Binder(c, ps).array("int8", values).array("text", eps);
        return ps.executeUpdate();
      }
    });
  }

  void clearSchedules() {
    ctx.jdbc.transaction("clearSchedules", c -> {
      try (Statement st = c.createStatement()) {
        st.executeUpdate(clear.sql());
      }
      return null;
    });
  }

  private static Long[] ids(Collection<ScheduleId> ids) {
    Objects.requireNonNull(ids, "ids");
    Set<Long> distinct = new LinkedHashSet<>();
    for (ScheduleId id : ids) {
      distinct.add(Objects.requireNonNull(id, "ids must not contain null").value());
    }
    return distinct.toArray(new Long[0]);
  }

  /** A spec batch as parallel arrays. */
  private static final class Columns {
    final String[] entrypoints;
    final String[] expressions;
    final Long[] delays;

    Columns(List<ScheduleSpec> specs) {
      int n = specs.size();
      entrypoints = new String[n];
      expressions = new String[n];
      delays = new Long[n];
      for (int i = 0; i < n; i++) {
        ScheduleSpec s = specs.get(i);
        entrypoints[i] = s.key().entrypoint();
        expressions[i] = s.key().expression();
        delays[i] = Times.toMicros(s.delay());
      }
    }

    int size() {
      return entrypoints.length;
    }
  }
}
