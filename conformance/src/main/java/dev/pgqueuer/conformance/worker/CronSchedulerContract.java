package dev.pgqueuer.conformance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.conformance.ContractSupport;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.ScheduleSpec;
import dev.pgqueuer.worker.scheduler.ScheduleRun;
import dev.pgqueuer.worker.scheduler.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The cron scheduler ({@code dev.pgqueuer.worker.scheduler}): each due time fires once across any number of
 * schedulers, missed times do not pile up, and a firing claimed by a dead scheduler is taken over once stale.
 */
public interface CronSchedulerContract extends ContractSupport {

  /** Moves the clock to the next whole minute (the suite's clock starts on one, but tests may have moved it). */
  private static void toNextMinute(TestQueue q) {
    Instant now = q.now();
    Instant next = Instant.ofEpochSecond((now.getEpochSecond() / 60 + 1) * 60);
    q.clock().set(next);
  }

  @Test
  default void eachDueTimeFiresOnceAcrossSchedulers(TestQueue q) {
    // GIVEN three schedulers of the same every-five-minutes schedule
    AtomicInteger fired = new AtomicInteger();
    List<Scheduler> schedulers = List.of(
        Scheduler.builder(q.repository()).schedule("sweep", "*/5 * * * *", ctx -> fired.incrementAndGet()).build(),
        Scheduler.builder(q.repository()).schedule("sweep", "*/5 * * * *", ctx -> fired.incrementAndGet()).build(),
        Scheduler.builder(q.repository()).schedule("sweep", "*/5 * * * *", ctx -> fired.incrementAndGet()).build());
    schedulers.forEach(Scheduler::runDue);
    Instant firstDue = q.repository().peekSchedules().get(0).nextRun();
    // WHEN each due time is reached and every scheduler runs
    for (int period = 1; period <= 3; period++) {
      q.clock().set(firstDue.plus(Duration.ofMinutes(5L * (period - 1))));
      schedulers.forEach(Scheduler::runDue);
      // THEN exactly one of them fired
      assertThat(fired).hasValue(period);
    }
    assertThat(q.repository().peekSchedules()).singleElement()
        .satisfies(s -> assertThat(s.status()).isEqualTo(JobStatus.QUEUED));
  }

  @Test
  default void aLongOutageFiresOnceAndNextRunMovesToTheFuture(TestQueue q) {
    // GIVEN an hourly schedule
    AtomicInteger fired = new AtomicInteger();
    Scheduler scheduler = Scheduler.builder(q.repository()).schedule("hourly", "0 * * * *",
        ctx -> fired.incrementAndGet()).build();
    scheduler.runDue();
    // WHEN two days pass without a scheduler
    q.advance(Duration.ofDays(2));
    List<ScheduleRun> runs = scheduler.runDue();
    // THEN it fires once, not 48 times, and its next run is the next hour
    assertThat(runs).hasSize(1);
    assertThat(scheduler.runDue()).isEmpty();
    Schedule s = q.repository().peekSchedules().get(0);
    assertThat(s.nextRun()).isAfter(q.now());
    assertThat(Duration.between(q.now(), s.nextRun())).isLessThanOrEqualTo(Duration.ofHours(1));
    assertThat(s.lastRun()).isEqualTo(q.now());
    assertThat(fired).hasValue(1);
  }

  @Test
  default void failingHandlerIsReportedAndTheScheduleStaysActive(TestQueue q) {
    // GIVEN
    toNextMinute(q);
    Scheduler scheduler = Scheduler.builder(q.repository()).schedule("bad", "* * * * *", ctx -> {
      throw new IllegalStateException("nope");
    }).build();
    scheduler.runDue();
    // WHEN
    q.advance(Duration.ofMinutes(1));
    List<ScheduleRun> runs = scheduler.runDue();
    // THEN
    assertThat(runs).singleElement().satisfies(r -> assertThat(r.error()).hasMessage("nope"));
    assertThat(q.repository().peekSchedules().get(0).status()).isEqualTo(JobStatus.QUEUED);
    q.advance(Duration.ofMinutes(1));
    assertThat(scheduler.runDue()).hasSize(1);
  }

  @Test
  default void firingClaimedByADeadSchedulerIsTakenOverOnceStale(TestQueue q) {
    // GIVEN a due firing claimed by a scheduler that died before finishing
    toNextMinute(q);
    AtomicInteger fired = new AtomicInteger();
    Scheduler scheduler = Scheduler.builder(q.repository()).schedule("job", "* * * * *",
        ctx -> fired.incrementAndGet()).build();
    scheduler.runDue();
    q.advance(Duration.ofMinutes(1));
    assertThat(q.repository().fetchDueSchedules(List.of(ScheduleSpec.of("job", "* * * * *", Duration.ofMinutes(1)))))
        .hasSize(1);
    // WHEN its heartbeat is exactly 30 s old, THEN it is not yet taken over (strict)
    q.advance(Duration.ofSeconds(30));
    assertThat(scheduler.runDue()).isEmpty();
    // WHEN it is older, THEN a live scheduler takes it over and fires it
    q.advance(Duration.ofNanos(1_000));
    assertThat(scheduler.runDue()).hasSize(1);
    assertThat(fired).hasValue(1);
  }
}
