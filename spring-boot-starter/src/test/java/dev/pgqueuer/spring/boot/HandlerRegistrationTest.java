package dev.pgqueuer.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.ScheduleKey;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.JobContext;
import dev.pgqueuer.worker.OnFailure;
import dev.pgqueuer.worker.QueueManager;
import dev.pgqueuer.worker.scheduler.ScheduleContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Handlers and schedules declared as annotated methods or beans, their attributes and property overrides. */
class HandlerRegistrationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PgQueuerAutoConfiguration.class))
      .withPropertyValues("pgqueuer.backend=in-memory", "pgqueuer.worker.enabled=false",
          "pgqueuer.scheduler.enabled=false");

  static class Mails {
    final List<String> sent = new CopyOnWriteArrayList<>();

    @PgQueuerHandler(value = "welcome", concurrencyLimit = 2, onFailure = OnFailure.HOLD, retryAttempts = 3,
        retryInitialDelay = "10s", retryMaxDelay = "1m")
    void welcome(String payload) {
      sent.add("welcome " + payload);
    }

    @PgQueuerHandler("receipt")
    void receipt(JobContext job) {
      sent.add("receipt " + job.id().value());
    }

    @PgQueuerHandler("ping")
    void ping() {
      sent.add("ping");
    }

    @PgQueuerHandler("job")
    void job(Job job) {
      sent.add("job " + job.entrypoint());
    }
  }

  static class Reports {
    final List<String> runs = new CopyOnWriteArrayList<>();

    @PgQueuerSchedule(entrypoint = "nightly", cron = "0 2 * * *")
    void nightly(ScheduleContext ctx) {
      runs.add(ctx.entrypoint());
    }

    @PgQueuerSchedule(entrypoint = "hourly", cron = "${reports.hourly:0 * * * *}")
    void hourly() {
      runs.add("hourly");
    }
  }

  static class BadSignature {
    @PgQueuerHandler("bad")
    void bad(String a, String b) {}
  }

  static class DuplicateOfWelcome {
    @PgQueuerHandler("welcome")
    void again() {}
  }

  private static Entrypoint entrypoint(QueueManager manager, String name) {
    return manager.entrypoint(name);
  }

  @Test
  void annotatedMethodsBecomeEntrypointsWithTheirAttributes() {
    runner.withBean(Mails.class).run(context -> {
      QueueManager manager = context.getBean(PgQueuerWorker.class).manager().orElseThrow();
      assertThat(manager.entrypoints()).containsExactlyInAnyOrder("welcome", "receipt", "ping", "job");
      Entrypoint welcome = entrypoint(manager, "welcome");
      assertThat(welcome.concurrencyLimit()).isEqualTo(2);
      assertThat(welcome.onFailure()).isEqualTo(OnFailure.HOLD);
      assertThat(welcome.retryPolicy().maxAttempts()).isEqualTo(3);
      assertThat(welcome.retryPolicy().initialDelay()).isEqualTo(Duration.ofSeconds(10));
      assertThat(welcome.retryPolicy().maxDelay()).isEqualTo(Duration.ofMinutes(1));
      assertThat(entrypoint(manager, "ping").retryPolicy().maxAttempts()).isZero();
    });
  }

  @Test
  void annotatedMethodsAreCalledWithTheParameterTheyDeclare() {
    runner.withBean(Mails.class).run(context -> {
      Repository repository = context.getBean(Repository.class);
      repository.enqueue(EnqueueRequest.of(NewJob.of("welcome").withPayload("ada")));
      repository.enqueue(EnqueueRequest.of(NewJob.of("receipt")));
      repository.enqueue(EnqueueRequest.of(NewJob.of("ping")));
      repository.enqueue(EnqueueRequest.of(NewJob.of("job")));

      context.getBean(PgQueuerWorker.class).manager().orElseThrow().step().drainUntilIdle();

      assertThat(context.getBean(Mails.class).sent)
          .containsExactlyInAnyOrder("welcome ada", "receipt 2", "ping", "job job");
    });
  }

  @Test
  void entrypointBeansAreRegisteredToo() {
    runner.withBean("report", Entrypoint.class, () -> Entrypoint.of("report", ctx -> { }).withConcurrencyLimit(1))
        .run(context -> assertThat(context.getBean(PgQueuerWorker.class).manager().orElseThrow()
            .entrypoint("report").concurrencyLimit()).isEqualTo(1));
  }

  @Test
  void propertiesOverrideTheAttributes() {
    runner.withBean(Mails.class).withPropertyValues(
        "pgqueuer.handlers.welcome.concurrency-limit=5",
        "pgqueuer.handlers.welcome.on-failure=delete",
        "pgqueuer.handlers.welcome.retry.max-attempts=7",
        "pgqueuer.handlers.welcome.retry.initial-delay=2s",
        "pgqueuer.handlers.welcome.retry.max-delay=3m",
        "pgqueuer.handlers.welcome.retry.multiplier=3",
        "pgqueuer.handlers.ping.retry.max-attempts=2").run(context -> {
          QueueManager manager = context.getBean(PgQueuerWorker.class).manager().orElseThrow();
          Entrypoint welcome = entrypoint(manager, "welcome");
          assertThat(welcome.concurrencyLimit()).isEqualTo(5);
          assertThat(welcome.onFailure()).isEqualTo(OnFailure.DELETE);
          assertThat(welcome.retryPolicy().maxAttempts()).isEqualTo(7);
          assertThat(welcome.retryPolicy().initialDelay()).isEqualTo(Duration.ofSeconds(2));
          assertThat(welcome.retryPolicy().maxDelay()).isEqualTo(Duration.ofMinutes(3));
          assertThat(welcome.retryPolicy().multiplier()).isEqualTo(3.0);
          Entrypoint ping = entrypoint(manager, "ping");
          assertThat(ping.retryPolicy().maxAttempts()).as("retries switched on by a property").isEqualTo(2);
          assertThat(ping.retryPolicy().initialDelay()).isEqualTo(Duration.ofSeconds(1));
        });
  }

  @Test
  void aPropertyForAnEntrypointWithoutHandlerFailsTheStartup() {
    runner.withBean(Mails.class).withPropertyValues("pgqueuer.handlers.welcom.concurrency-limit=1")
        .run(context -> Startup.failure(context)
            .isInstanceOf(PgQueuerConfigurationException.class)
            .hasMessageContaining("pgqueuer.handlers.welcom configures entrypoint welcom, which has no handler")
            .hasMessageContaining("welcome"));
  }

  @Test
  void anInvalidPropertyValueFailsTheStartupNamingIt() {
    runner.withBean(Mails.class).withPropertyValues("pgqueuer.handlers.welcome.concurrency-limit=-1")
        .run(context -> Startup.failure(context)
            .hasMessageContaining("pgqueuer.handlers.welcome is invalid"));
  }

  @Test
  void twoHandlersOfOneEntrypointFailTheStartup() {
    runner.withBean(Mails.class).withBean(DuplicateOfWelcome.class)
        .run(context -> Startup.failure(context)
            .hasMessageContaining("entrypoint welcome has two handlers"));
  }

  @Test
  void aHandlerMethodWithUnsupportedParametersFailsTheStartup() {
    runner.withBean(BadSignature.class).run(context -> Startup.failure(context)
        .isInstanceOf(PgQueuerConfigurationException.class)
        .hasMessageContaining("BadSignature.bad has parameters"));
  }

  @Test
  void anInvalidRetryDurationFailsTheStartup() {
    class BadDuration {
      @PgQueuerHandler(value = "x", retryAttempts = 1, retryInitialDelay = "soon")
      void x() {}
    }
    runner.withBean(BadDuration.class, BadDuration::new).run(context ->
        Startup.failure(context).hasMessageContaining("invalid duration 'soon'"));
  }

  @Test
  void schedulesComeFromAnnotationsBeansAndPlaceholders() {
    runner.withBean(Reports.class)
        .withBean("cleanup", ScheduleRegistration.class, () -> ScheduleRegistration.of("cleanup", "*/5 * * * *",
            ctx -> { }))
        .withPropertyValues("reports.hourly=30 * * * *")
        .run(context -> assertThat(context.getBean(PgQueuerScheduler.class).scheduler().orElseThrow().keys())
            .containsExactlyInAnyOrder(new ScheduleKey("cleanup", "*/5 * * * *"),
                new ScheduleKey("nightly", "0 2 * * *"), new ScheduleKey("hourly", "30 * * * *")));
  }

  @Test
  void propertiesOverrideOrSwitchOffSchedules() {
    runner.withBean(Reports.class)
        .withPropertyValues("pgqueuer.schedules.nightly.cron=0 3 * * *", "pgqueuer.schedules.hourly.enabled=false")
        .run(context -> assertThat(context.getBean(PgQueuerScheduler.class).scheduler().orElseThrow().keys())
            .containsExactly(new ScheduleKey("nightly", "0 3 * * *")));
  }

  @Test
  void aPropertyForAnUndeclaredScheduleFailsTheStartup() {
    runner.withBean(Reports.class).withPropertyValues("pgqueuer.schedules.weekly.cron=0 0 * * 0")
        .run(context -> Startup.failure(context)
            .hasMessageContaining("pgqueuer.schedules.weekly configures schedule weekly, which is not declared"));
  }

  @Test
  void anInvalidCronExpressionFailsTheStartup() {
    runner.withBean(Reports.class).withPropertyValues("pgqueuer.schedules.nightly.cron=every night")
        .run(context -> Startup.failure(context)
            .hasMessageContaining("schedule nightly 'every night' is invalid"));
  }

  @Test
  void withoutHandlersOrSchedulesNothingIsBuilt() {
    runner.run(context -> {
      assertThat(context.getBean(PgQueuerWorker.class).manager()).isEmpty();
      assertThat(context.getBean(PgQueuerScheduler.class).scheduler()).isEmpty();
    });
  }

  @Test
  void theZoneIsTheCronExpressionsTimeZone() {
    java.time.Instant midnight = java.time.Instant.parse("2026-12-06T00:00:00Z");
    runner.withBean(Reports.class).withPropertyValues("pgqueuer.scheduler.zone=Europe/Paris",
        "pgqueuer.schedules.hourly.enabled=false").run(context ->
            assertThat(context.getBean(PgQueuerScheduler.class).scheduler().orElseThrow().nextFireTimeAfter(midnight))
                .as("02:00 in Paris, in winter").contains(java.time.Instant.parse("2026-12-06T01:00:00Z")));
    runner.withBean(Reports.class).withPropertyValues("pgqueuer.schedules.hourly.enabled=false").run(context ->
        assertThat(context.getBean(PgQueuerScheduler.class).scheduler().orElseThrow().nextFireTimeAfter(midnight))
            .as("UTC by default").contains(java.time.Instant.parse("2026-12-06T02:00:00Z")));
  }
}
