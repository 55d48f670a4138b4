package dev.pgqueuer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.LogRetention;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.worker.JobContext;
import dev.pgqueuer.worker.JobResult;
import dev.pgqueuer.worker.WorkerListener;
import dev.pgqueuer.worker.WorkerSettings;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The worker and scheduler lifecycle beans: started with the context, stopped gracefully when it closes. */
class WorkerLifecycleTest {

  private static final long WAIT_SECONDS = 30;

  private final TestDatabase db = new TestDatabase();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PgQueuerAutoConfiguration.class));

  @AfterEach
  void dropSchema() {
    db.close();
  }

  /** A handler that runs until the worker is asked to stop, and counts finished jobs. */
  static class Jobs implements WorkerListener {
    final CountDownLatch slowStarted = new CountDownLatch(1);
    final CountDownLatch fastFinished = new CountDownLatch(3);
    volatile boolean slowSawShutdown;

    @PgQueuerHandler("slow")
    void slow(JobContext ctx) {
      slowStarted.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (!ctx.isShutdownRequested() && System.nanoTime() - deadline < 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      slowSawShutdown = ctx.isShutdownRequested();
    }

    @PgQueuerHandler("fast")
    void fast() {}

    @Override
    public void jobFinished(JobResult result, Duration handlerTime) {
      if (result.entrypoint().equals("fast")) {
        fastFinished.countDown();
      }
    }
  }

  private ApplicationContextRunner backend(String backend) {
    ApplicationContextRunner r = runner.withBean(Jobs.class)
        // outcomes stay buffered until the stop writes them
        .withPropertyValues("pgqueuer.worker.flush-interval=1h", "pgqueuer.worker.flush-size=1000");
    if (backend.equals("in-memory")) {
      return r.withPropertyValues("pgqueuer.backend=in-memory");
    }
    return r.withBean(DataSource.class, () -> db.dataSource)
        .withPropertyValues("pgqueuer.schema.name=" + db.schema, "pgqueuer.schema.mode=install");
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-memory", "postgres"})
  void closingTheContextWaitsForRunningHandlersAndWritesBufferedOutcomes(String backend) {
    backend(backend).run(context -> {
      Repository repository = context.getBean(Repository.class);
      Jobs jobs = context.getBean(Jobs.class);
      assertThat(context.getBean(PgQueuerWorker.class).isRunning()).isTrue();
      List<JobId> fast = List.of(enqueue(repository, "fast"), enqueue(repository, "fast"),
          enqueue(repository, "fast"));
      JobId slow = enqueue(repository, "slow");
      assertThat(jobs.fastFinished.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(jobs.slowStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(statuses(repository, fast.get(0))).as("buffered, not written yet").doesNotContain(JobStatus.SUCCESSFUL);

      context.close();

      Repository after = backend.equals("in-memory") ? repository : reopen();
      assertThat(jobs.slowSawShutdown).as("the running handler was asked to stop and waited for").isTrue();
      assertThat(after.browseQueue(BrowseQuery.all().withStatuses(EnumSet.of(JobStatus.PICKED))))
          .as("no job left picked").isEmpty();
      for (JobId id : fast) {
        assertThat(statuses(after, id)).as("job %s", id).endsWith(JobStatus.SUCCESSFUL);
      }
      assertThat(statuses(after, slow)).endsWith(JobStatus.SUCCESSFUL);
    });
  }

  private Repository reopen() {
    return PostgresRepository.builder(db.dataSource).names(SchemaNames.of(db.schema, "")).build();
  }

  private static JobId enqueue(Repository repository, String entrypoint) {
    return repository.enqueue(EnqueueRequest.of(NewJob.of(entrypoint))).single();
  }

  private static List<JobStatus> statuses(Repository repository, JobId id) {
    return repository.jobLog(id).stream().map(LogEntry::status).collect(Collectors.toList());
  }

  @Test
  void workerSettingsComeFromTheProperties() {
    runner.withBean(Jobs.class).withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.worker.enabled=false",
        "pgqueuer.worker.batch-size=4", "pgqueuer.worker.max-concurrent-tasks=9",
        "pgqueuer.worker.heartbeat-timeout=1m", "pgqueuer.worker.dequeue-timeout=5s",
        "pgqueuer.worker.poll-interval=250ms", "pgqueuer.worker.flush-size=7", "pgqueuer.worker.flush-interval=20ms",
        "pgqueuer.worker.log-aggregation-interval=0s", "pgqueuer.worker.log-retention=7d",
        "pgqueuer.worker.statistics-retention=90d", "pgqueuer.worker.retention-interval=15m").run(context -> {
          WorkerSettings s = context.getBean(PgQueuerWorker.class).manager().orElseThrow().settings();
          assertThat(s).isEqualTo(new WorkerSettings(4, 9, Duration.ofMinutes(1), Duration.ofSeconds(5),
              Duration.ofMillis(250), 7, Duration.ofMillis(20), Duration.ZERO,
              new LogRetention(Duration.ofDays(7), Duration.ofDays(90)), Duration.ofMinutes(15)));
        });
  }

  @Test
  void unsetWorkerSettingsKeepTheLibraryDefaults() {
    runner.withBean(Jobs.class).withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.worker.enabled=false")
        .run(context -> assertThat(context.getBean(PgQueuerWorker.class).manager().orElseThrow().settings())
            .isEqualTo(WorkerSettings.defaults()));
  }

  @Test
  void anInvalidWorkerSettingFailsTheStartupNamingIt() {
    runner.withBean(Jobs.class).withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.worker.batch-size=0")
        .run(context -> Startup.failure(context).isInstanceOf(PgQueuerConfigurationException.class)
            .hasMessageContaining("pgqueuer.worker settings are invalid: batchSize must be >= 1"));
  }

  @Test
  void aDisabledWorkerDoesNotStartAndCanBeStepped() {
    runner.withBean(Jobs.class).withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.worker.enabled=false")
        .run(context -> {
          PgQueuerWorker worker = context.getBean(PgQueuerWorker.class);
          assertThat(worker.isRunning()).isFalse();
          assertThat(worker.manager().orElseThrow().isRunning()).isFalse();
          JobId id = enqueue(context.getBean(Repository.class), "fast");
          worker.manager().orElseThrow().step().drainUntilIdle();
          assertThat(statuses(context.getBean(Repository.class), id)).endsWith(JobStatus.SUCCESSFUL);
        });
  }

  static class Schedules {
    @PgQueuerSchedule(entrypoint = "yearly", cron = "0 0 1 1 *")
    void yearly() {}
  }

  @Test
  void theSchedulerStartsWithTheContextUnlessDisabled() {
    Function<String, ApplicationContextRunner> with = enabled -> runner.withBean(Schedules.class)
        .withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.scheduler.enabled=" + enabled);
    with.apply("true").run(context -> assertThat(context.getBean(PgQueuerScheduler.class).isRunning()).isTrue());
    with.apply("false").run(context -> {
      assertThat(context.getBean(PgQueuerScheduler.class).isRunning()).isFalse();
      assertThat(context.getBean(PgQueuerScheduler.class).scheduler()).isPresent();
    });
  }
}
