package dev.pgqueuer.cli;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.QueueStatistics;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.FailedJobsQuery;
import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.PruneResult;
import dev.pgqueuer.port.SortOrder;
import dev.pgqueuer.port.StatisticsQuery;
import dev.pgqueuer.postgres.PostgresRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The job verbs: enqueue, failed, requeue, cancel, queue, stats and prune. */
final class JobCommands {

  private JobCommands() {}

  @Command(name = "enqueue", mixinStandardHelpOptions = true, description = "Enqueue jobs; prints their ids.")
  static final class Enqueue extends SchemaCommands.Verb {
    @Parameters(index = "0", paramLabel = "ENTRYPOINT") String entrypoint = "";
    @Option(names = "--payload", description = "the payload, as UTF-8 text (default: none)") @Nullable String payload;
    @Option(names = "--priority", defaultValue = "0") int priority;
    @Option(names = "--delay", converter = DurationConverter.class, description = "run after this delay, e.g. 30s")
    @Nullable Duration delay;
    @Option(names = "--dedupe-key") @Nullable String dedupeKey;
    @Option(names = "--header", paramLabel = "NAME=VALUE", description = "a header; repeatable")
    Map<String, String> headers = new LinkedHashMap<>();
    @Option(names = "--count", defaultValue = "1", description = "how many identical jobs (default 1)") int count;

    @Override
    public Integer call() {
      if (count < 1) {
        throw new IllegalArgumentException("--count must be at least 1, got " + count);
      }
      NewJob job = NewJob.of(entrypoint).withPriority(priority).withHeaders(headers).withDedupeKey(dedupeKey);
      if (payload != null) {
        job = job.withPayload(payload);
      }
      if (delay != null) {
        job = job.withDelay(delay);
      }
      List<NewJob> jobs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        jobs.add(job);
      }
      try (PostgresRepository repo = root.open()) {
        for (JobId id : repo.enqueue(EnqueueRequest.of(jobs)).insertedIds()) {
          out().println(id.value());
        }
      }
      return Pgq.OK;
    }
  }

  @Command(name = "failed", mixinStandardHelpOptions = true, description = "List failed (held) jobs.")
  static final class Failed extends SchemaCommands.Verb {
    @Option(names = "--limit", defaultValue = "50") int limit;
    @Option(names = "--newest-first", description = "newest first (default: oldest first)") boolean newestFirst;

    @Override
    public Integer call() {
      try (PostgresRepository repo = root.open()) {
        List<Job> jobs = repo.listFailedJobs(new FailedJobsQuery(limit, newestFirst ? SortOrder.DESC : SortOrder.ASC));
        Table t = new Table("id", "entrypoint", "priority", "attempts", "created", "updated");
        for (Job j : jobs) {
          t.row(j.id().value(), j.entrypoint(), j.priority(), j.attempts(), j.created(), j.updated());
        }
        t.print(out());
      }
      return Pgq.OK;
    }
  }

  @Command(name = "requeue", mixinStandardHelpOptions = true,
      description = "Queue failed jobs again; exit 1 when some id was not a failed job.")
  static final class Requeue extends SchemaCommands.Verb {
    @Parameters(paramLabel = "ID", arity = "1..*") List<Long> ids = List.of();

    @Override
    public Integer call() {
      try (PostgresRepository repo = root.open()) {
        int n = repo.requeueJobs(ids.stream().map(JobId::of).toList());
        out().println("requeued " + n + " of " + ids.size() + " jobs");
        return n == ids.size() ? Pgq.OK : Pgq.PROBLEM;
      }
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancel jobs (queued, running or failed); running ones are told to stop. Exit 1 when some id "
          + "was not in the queue.")
  static final class Cancel extends SchemaCommands.Verb {
    @Parameters(paramLabel = "ID", arity = "1..*") List<Long> ids = List.of();

    @Override
    public Integer call() {
      try (PostgresRepository repo = root.open()) {
        int n = repo.cancelJobs(ids.stream().map(JobId::of).toList());
        out().println("canceled " + n + " of " + ids.size() + " jobs");
        return n == ids.size() ? Pgq.OK : Pgq.PROBLEM;
      }
    }
  }

  @Command(name = "queue", mixinStandardHelpOptions = true,
      description = "Queue size: jobs per entrypoint, priority and status.")
  static final class QueueSize extends SchemaCommands.Verb {
    @Override
    public Integer call() {
      try (PostgresRepository repo = root.open()) {
        Table t = new Table("entrypoint", "priority", "status", "count");
        for (QueueStatistics s : repo.queueSize()) {
          t.row(s.entrypoint(), s.priority(), s.status().dbValue(), s.count());
        }
        t.print(out());
      }
      return Pgq.OK;
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = "Log statistics: jobs per second bucket, entrypoint, priority and status, newest first.")
  static final class Stats extends SchemaCommands.Verb {
    @Option(names = "--window", converter = DurationConverter.class, description = "only the last WINDOW, e.g. 1h")
    @Nullable Duration window;
    @Option(names = "--limit", defaultValue = "50") int limit;

    @Override
    public Integer call() {
      try (PostgresRepository repo = root.open()) {
        StatisticsQuery q = StatisticsQuery.all().withLimit(limit);
        Table t = new Table("second", "entrypoint", "priority", "status", "count");
        for (LogStatistics s : repo.logStatistics(window == null ? q : q.within(window))) {
          t.row(s.created(), s.entrypoint(), s.priority(), s.status().dbValue(), s.count());
        }
        t.print(out());
      }
      return Pgq.OK;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Log retention: delete the log rows of jobs finished longer than --log-age ago (after folding "
          + "them into statistics), and statistics older than --statistics-age.")
  static final class Prune extends SchemaCommands.Verb {
    @Option(names = "--log-age", required = true, converter = DurationConverter.class, description = "e.g. 7d")
    Duration logAge = Duration.ZERO;
    @Option(names = "--statistics-age", converter = DurationConverter.class,
        description = "e.g. 90d (default: keep statistics)")
    @Nullable Duration statisticsAge;

    @Override
    public Integer call() {
      LogRetention retention = new LogRetention(logAge, statisticsAge);
      try (PostgresRepository repo = root.open()) {
        PruneResult r = repo.pruneLog(retention);
        out().println("pruned " + r.logRows() + " log rows and " + r.statisticsBuckets() + " statistics buckets");
      }
      return Pgq.OK;
    }
  }
}
