package dev.pgqueuer.cli;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.RepositoryException;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.port.StatisticsQuery;
import dev.pgqueuer.postgres.PostgresRepository;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A live table per entrypoint, redrawn in place with ANSI escape codes: queued, running (picked) and failed (held)
 * jobs, the age of the oldest queued job, and, over the last {@code --window}, finished jobs per second and
 * failures (exception or failed). {@code --once} prints one table without escape codes.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "A live table per entrypoint: depth, throughput, failures and the oldest queued job.")
final class Dashboard extends SchemaCommands.Verb {

  private static final String HOME_AND_CLEAR = "\u001b[H\u001b[2J";

  @Option(names = "--interval", defaultValue = "2s", converter = DurationConverter.class,
      description = "time between refreshes (default ${DEFAULT-VALUE})")
  Duration interval = Duration.ofSeconds(2);

  @Option(names = "--window", defaultValue = "60s", converter = DurationConverter.class,
      description = "the period throughput and failures are measured over (default ${DEFAULT-VALUE})")
  Duration window = Duration.ofSeconds(60);

  @Option(names = "--once", description = "print one table and exit") boolean once;

  @Option(names = "--iterations", defaultValue = "0",
      description = "stop after this many refreshes (default: until interrupted)") int iterations;

  @Override
  public Integer call() throws InterruptedException {
    if (interval.isNegative() || interval.isZero() || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("--interval and --window must be positive");
    }
    PrintWriter out = out();
    try (PostgresRepository repo = root.open()) {
      for (int i = 1; ; i++) {
        Table t = snapshot(repo);
        if (!once) {
          out.print(HOME_AND_CLEAR);
        }
        out.println("pgq dashboard: " + root.names().queueTable() + " in " + where() + ", " + Instant.now()
            + (once ? "" : " (every " + interval.toMillis() + " ms; Ctrl-C to stop)"));
        t.print(out);
        out.flush();
        if (once || (iterations > 0 && i >= iterations)) {
          return Pgq.OK;
        }
        TimeUnit.MILLISECONDS.sleep(interval.toMillis());
      }
    }
  }

  /** One table: a row per entrypoint seen in the queue or in the window's statistics. */
  Table snapshot(PostgresRepository repo) {
    TreeMap<String, long[]> rows = new TreeMap<>();
    for (QueueStatistics s : repo.queueSize()) {
      long[] r = rows.computeIfAbsent(s.entrypoint(), e -> new long[5]);
      switch (s.status()) {
        case QUEUED -> r[0] += s.count();
        case PICKED -> r[1] += s.count();
        case FAILED -> r[2] += s.count();
        default -> { }
      }
    }
    for (LogStatistics s : repo.logStatistics(StatisticsQuery.all().within(window))) {
      long[] r = rows.computeIfAbsent(s.entrypoint(), e -> new long[5]);
      if (s.status() == JobStatus.SUCCESSFUL || s.status() == JobStatus.EXCEPTION
          || s.status() == JobStatus.CANCELED || s.status() == JobStatus.FAILED) {
        r[3] += s.count();
      }
      if (s.status() == JobStatus.EXCEPTION || s.status() == JobStatus.FAILED) {
        r[4] += s.count();
      }
    }
    Map<String, Instant> oldest = oldestQueued();
    Instant now = repo.timeSource().instant();
    double seconds = window.toMillis() / 1000.0;
    Table t = new Table("entrypoint", "queued", "running", "failed", "done/s", "failures", "oldest queued");
    rows.forEach((entrypoint, r) -> {
      Instant first = oldest.get(entrypoint);
      t.row(entrypoint, r[0], r[1], r[2], String.format(Locale.ROOT, "%.2f", r[3] / seconds), r[4],
          first == null ? "-" : age(Duration.between(first, now)));
    });
    return t;
  }

  /** The creation instant of the oldest queued job per entrypoint (one grouped query on the queue table). */
  private Map<String, Instant> oldestQueued() {
    SchemaNames n = root.names();
    String table = (n.schema() == null ? "" : quote(n.schema()) + ".") + quote(n.queueTable());
    Map<String, Instant> out = new HashMap<>();
    try (Connection c = root.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT entrypoint, min(created) FROM " + table
            + " WHERE status = 'queued' GROUP BY entrypoint");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
      }
    } catch (SQLException e) {
      throw new RepositoryException("dashboard", null, e);
    }
    return out;
  }

  /** A double-quoted identifier; names are validated lower-case identifiers ({@link SchemaNames}). */
  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String age(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 172_800) {
      return s / 3600 + "h";
    }
    return s / 86_400 + "d";
  }
}
