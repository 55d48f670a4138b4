package dev.pgqueuer.worker.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleKey;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:30Z"));
  private final InMemoryRepository repo = InMemoryRepository.create(clock);

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void scheduleFiresOncePerDueTime() {
    AtomicInteger fired = new AtomicInteger();
    Scheduler scheduler = Scheduler.builder(repo).schedule("tick", "* * * * *", ctx -> fired.incrementAndGet())
        .build();

    assertThat(scheduler.runDue()).isEmpty();
    Schedule stored = repo.peekSchedules().get(0);
    assertThat(stored.key()).isEqualTo(new ScheduleKey("tick", "* * * * *"));
    assertThat(stored.nextRun()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));

    clock.set(Instant.parse("2026-01-01T00:00:59.999999Z"));
    assertThat(scheduler.runDue()).isEmpty();
    clock.set(Instant.parse("2026-01-01T00:01:00Z"));
    List<ScheduleRun> runs = scheduler.runDue();
    assertThat(runs).singleElement().satisfies(r -> {
      assertThat(r.succeeded()).isTrue();
      assertThat(r.entrypoint()).isEqualTo("tick");
      assertThat(r.schedule().nextRun()).isEqualTo(Instant.parse("2026-01-01T00:02:00Z"));
    });
    assertThat(scheduler.runDue()).isEmpty();
    assertThat(fired).hasValue(1);
    Schedule after = repo.peekSchedules().get(0);
    assertThat(after.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(after.lastRun()).isEqualTo(clock.instant());
  }

  @Test
  void theFirstDueTimeAfterBuildingFiresEvenWhenTheClockMovedBeforeTheFirstRun() {
    // GIVEN a scheduler built at 00:00:30 whose first fire time is 00:01:00
    AtomicInteger fired = new AtomicInteger();
    Scheduler scheduler = Scheduler.builder(repo).schedule("tick", "* * * * *", ctx -> fired.incrementAndGet())
        .build();
    // WHEN the test moves the clock past two fire times before the first call
    clock.set(Instant.parse("2026-01-01T00:02:30Z"));
    List<ScheduleRun> runs = scheduler.runDue();
    // THEN the missed fire times fire once, at once, and the next one follows the clock
    assertThat(runs).singleElement().satisfies(r -> assertThat(r.succeeded()).isTrue());
    assertThat(fired).hasValue(1);
    assertThat(repo.peekSchedules().get(0).nextRun()).isEqualTo(Instant.parse("2026-01-01T00:03:00Z"));
    assertThat(scheduler.runDue()).isEmpty();
  }

  @Test
  void aFireTimeStillAheadAtTheFirstRunIsKept() {
    Scheduler scheduler = Scheduler.builder(repo).schedule("tick", "*/5 * * * *", ctx -> { }).build();
    clock.set(Instant.parse("2026-01-01T00:03:00Z"));
    assertThat(scheduler.runDue()).isEmpty();
    assertThat(repo.peekSchedules().get(0).nextRun()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
  }

  @Test
  void manySchedulersFireEachDueTimeOnlyOnce() {
    AtomicInteger fired = new AtomicInteger();
    List<Scheduler> schedulers = List.of(
        Scheduler.builder(repo).schedule("job", "*/5 * * * *", ctx -> fired.incrementAndGet()).build(),
        Scheduler.builder(repo).schedule("job", "*/5  *  * * *", ctx -> fired.incrementAndGet()).build(),
        Scheduler.builder(repo).schedule("job", "*/5 * * * *", ctx -> fired.incrementAndGet()).build());
    schedulers.forEach(Scheduler::runDue);
    assertThat(repo.peekSchedules()).hasSize(1);

    for (int period = 1; period <= 3; period++) {
      clock.advance(Duration.ofMinutes(5));
      schedulers.forEach(Scheduler::runDue);
      assertThat(fired).hasValue(period);
    }
  }

  @Test
  void aLongOutageFiresOnceThenKeepsToTheCron() {
    AtomicInteger fired = new AtomicInteger();
    Scheduler scheduler = Scheduler.builder(repo).schedule("hourly", "0 * * * *", ctx -> fired.incrementAndGet())
        .build();
    scheduler.runDue();

    clock.advance(Duration.ofDays(2));
    assertThat(scheduler.runDue()).hasSize(1);
    assertThat(scheduler.runDue()).isEmpty();
    assertThat(repo.peekSchedules().get(0).nextRun()).isEqualTo(Instant.parse("2026-01-03T01:00:00Z"));
    assertThat(fired).hasValue(1);
  }

  @Test
  void failingHandlerIsReportedAndTheScheduleFiresAgainNextTime() {
    AtomicInteger calls = new AtomicInteger();
    Scheduler scheduler = Scheduler.builder(repo).schedule("bad", "* * * * *", ctx -> {
      calls.incrementAndGet();
      throw new IllegalStateException("nope");
    }).build();
    scheduler.runDue();
    clock.advance(Duration.ofMinutes(1));

    assertThat(scheduler.runDue()).singleElement().satisfies(r -> assertThat(r.error()).hasMessage("nope"));
    assertThat(repo.peekSchedules().get(0).status()).isEqualTo(JobStatus.QUEUED);
    clock.advance(Duration.ofMinutes(1));
    assertThat(scheduler.runDue()).hasSize(1);
    assertThat(calls).hasValue(2);
  }

  @Test
  void scheduleClaimedByADeadSchedulerIsReclaimedOnceStale() {
    AtomicInteger fired = new AtomicInteger();
    Scheduler scheduler = Scheduler.builder(repo).schedule("job", "0 * * * *", ctx -> fired.incrementAndGet())
        .build();
    scheduler.runDue();
    clock.set(Instant.parse("2026-01-01T01:00:00Z"));
    ScheduleSpec spec = ScheduleSpec.of("job", "0 * * * *", Duration.ofHours(1));
    assertThat(repo.fetchDueSchedules(List.of(spec))).hasSize(1);

    clock.advance(Duration.ofSeconds(30));
    assertThat(scheduler.runDue()).isEmpty();
    clock.advance(Duration.ofNanos(1_000));
    assertThat(scheduler.runDue()).hasSize(1);
    assertThat(fired).hasValue(1);
  }

  @Test
  void sixFieldExpressionsFireOnSeconds() {
    AtomicInteger fired = new AtomicInteger();
    Scheduler scheduler = Scheduler.builder(repo).schedule("fast", "*/10 * * * * *", ctx -> fired.incrementAndGet())
        .build();
    scheduler.runDue();

    clock.set(Instant.parse("2026-01-01T00:00:40Z"));
    assertThat(scheduler.runDue()).hasSize(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(scheduler.runDue()).hasSize(1);
    assertThat(fired).hasValue(2);
  }

  @Test
  void replaceExistingDeletesStoredSchedulesOfTheEntrypoint() {
    Scheduler.builder(repo).schedule("report", "0 * * * *", ctx -> { }).build().runDue();
    Scheduler replacing = Scheduler.builder(repo).schedule("report", "30 * * * *", ctx -> { })
        .replaceExisting("report").build();

    replacing.runDue();

    assertThat(repo.peekSchedules()).extracting(s -> s.key().expression()).containsExactly("30 * * * *");
  }

  @Test
  void badRegistrationsAreRejected() {
    Scheduler.Builder b = Scheduler.builder(repo).schedule("a", "* * * * *", ctx -> { });
    assertThatThrownBy(() -> b.schedule("a", "*  * * * *", ctx -> { })).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already registered");
    assertThatThrownBy(() -> b.schedule("a", "61 * * * *", ctx -> { })).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid cron expression '61 * * * *'");
    assertThatThrownBy(() -> b.schedule("a", "* * *", ctx -> { })).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 fields");
    assertThatThrownBy(() -> b.schedule("a", "0 0 30 2 *", ctx -> { })).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never fires");
    assertThatThrownBy(() -> b.schedule(" ", "* * * * *", ctx -> { })).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.replaceExisting("other")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no schedule of entrypoint other");
    assertThatThrownBy(() -> Scheduler.builder(repo).build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void cronExpressionsAreNormalisedAndEvaluatedInTheirZone() {
    assertThat(CronExpression.parse(" 0   12 * * MON ").text()).isEqualTo("0 12 * * 1");
    CronExpression paris = CronExpression.parse("0 12 * * *", ZoneId.of("Europe/Paris"));
    assertThat(paris.nextAfter(Instant.parse("2026-01-01T00:00:00Z"))).contains(Instant.parse("2026-01-01T11:00:00Z"));
    assertThat(CronExpression.parse("* * * * *").delayAfter(Instant.parse("2026-01-01T00:00:00Z")))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void threadedSchedulerFiresAtTheCronTime() throws Exception {
    try (InMemoryRepository real = InMemoryRepository.create(java.time.InstantSource.system())) {
      CountDownLatch fired = new CountDownLatch(2);
      Scheduler scheduler = Scheduler.builder(real).schedule("sec", "* * * * * *", ctx -> fired.countDown()).build();
      scheduler.start();
      try {
        assertThat(fired.await(20, TimeUnit.SECONDS)).isTrue();
      } finally {
        scheduler.stop();
      }
      assertThat(real.peekSchedules()).singleElement()
          .satisfies(s -> assertThat(s.status()).isEqualTo(JobStatus.QUEUED));
    }
  }
}
