package dev.pgqueuer.conformance;

import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.ScheduleDeletion;
import static dev.pgqueuer.conformance.ContractFixtures.HOURLY;
import static dev.pgqueuer.conformance.ContractFixtures.MINUTELY;
import static dev.pgqueuer.conformance.ContractSteps.recordEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.ScheduleId;
import dev.pgqueuer.ScheduleKey;
import dev.pgqueuer.port.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Section 7 and rules T6, T9 and I3 of {@code docs/semantics.md}: inserting leaves existing keys alone and consumes
 * one id per spec, fetching claims due or stale schedules at exact boundaries and advances {@code next_run} (D29)
 * in id order (D30), peeking orders by last run (D14), and schedule operations send no events.
 */
public interface ScheduleContract extends ContractSupport {

  private static ScheduleSpec spec(String entrypoint, String expression, Duration delay) {
    return ScheduleSpec.of(entrypoint, expression, delay);
  }

  private static List<Long> idsOf(List<Schedule> schedules) {
    return schedules.stream().map(s -> s.id().value()).toList();
  }

  private static Schedule only(TestQueue q) {
    List<Schedule> all = q.repository().peekSchedules();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  default void insertedScheduleRunsNextAtTheFlooredSecondOfNowPlusDelay(TestQueue q) {
    // GIVEN the clock at t0 + 0.7 s
    Instant t0 = q.now();
    Instant now = q.advance(Duration.ofMillis(700));
    // WHEN a schedule is inserted with a delay of 10.5 s
    int inserted = q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ofMillis(10_500))));
    // THEN next_run = floor_second(t0 + 11.2 s) = t0 + 11 s; queued, never run, stamped now (T9)
    assertThat(inserted).isEqualTo(1);
    assertThat(only(q)).isEqualTo(new Schedule(ScheduleId.of(1), new ScheduleKey("a", MINUTELY), now, now, now,
        t0.plusSeconds(11), null, JobStatus.QUEUED));
  }

  @Test
  default void insertingAnExistingKeyLeavesTheScheduleUntouched(TestQueue q) {
    // GIVEN a schedule inserted at t0 with a 10 s delay
    q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ofSeconds(10))));
    Schedule before = only(q);
    q.advance(Duration.ofSeconds(3));
    // WHEN the same key is inserted again with another delay
    int inserted = q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ofHours(1))));
    // THEN nothing was inserted or changed
    assertThat(inserted).isZero();
    assertThat(only(q)).isEqualTo(before);
  }

  @Test
  default void insertingConsumesOneScheduleIdPerSpecInOrder(TestQueue q) {
    // GIVEN schedules A (id 1) and B (id 2)
    q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ZERO), spec("b", MINUTELY, Duration.ZERO)));
    // WHEN A (existing) and C are inserted
    int inserted = q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ZERO),
        spec("c", MINUTELY, Duration.ZERO)));
    // THEN only C was inserted, and it got id 4 because A consumed id 3 (I3)
    assertThat(inserted).isEqualTo(1);
    assertThat(q.repository().peekSchedules()).extracting(s -> s.key().entrypoint(), s -> s.id().value())
        .containsExactly(tuple("a", 1L), tuple("b", 2L),
            tuple("c", 4L));
  }

  @Test
  default void scheduleIsDueExactlyAtItsNextRunAndFetchAdvancesIt(TestQueue q) {
    // GIVEN a schedule inserted at t0 with a 10 s delay (next_run t0 + 10 s)
    Instant t0 = q.now();
    ScheduleSpec inserted = spec("a", MINUTELY, Duration.ofSeconds(10));
    q.repository().insertSchedules(List.of(inserted));
    ScheduleSpec fetch = spec("a", MINUTELY, Duration.ofMillis(90_500));
    // WHEN fetched 1 µs before next_run, THEN nothing is due
    q.advance(Duration.ofSeconds(10).minusNanos(1_000));
    assertThat(q.repository().fetchDueSchedules(List.of(fetch))).isEmpty();
    // WHEN fetched exactly at next_run (T6)
    Instant at = q.advance(Duration.ofNanos(1_000));
    List<Schedule> fetched = q.repository().fetchDueSchedules(List.of(fetch));
    // THEN it is claimed: picked, heartbeat = updated = now, next_run = floor_second(now + 90.5 s) (T9, D29)
    Schedule expected = new Schedule(ScheduleId.of(1), inserted.key(), at, t0, at, t0.plusSeconds(100), null,
        JobStatus.PICKED);
    assertThat(fetched).containsExactly(expected);
    assertThat(only(q)).isEqualTo(expected);
  }

  @Test
  default void fetchAdvancesNextRunSoASecondFetchAtTheSameInstantReturnsNothing(TestQueue q) {
    // GIVEN a schedule due at once (inserted at t0 + 0.5 s with no delay: next_run t0)
    Instant t0 = q.now();
    q.advance(Duration.ofMillis(500));
    q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ZERO)));
    List<ScheduleSpec> fetch = List.of(spec("a", MINUTELY, Duration.ofSeconds(60)));
    // WHEN it is fetched, marked finished, and fetched again at the same instant
    assertThat(q.repository().fetchDueSchedules(fetch)).hasSize(1);
    q.repository().markSchedulesQueued(List.of(ScheduleId.of(1)));
    List<Schedule> again = q.repository().fetchDueSchedules(fetch);
    // THEN the second fetch returns nothing: next_run moved to t0 + 60 s (D29)
    assertThat(again).isEmpty();
    assertThat(only(q).nextRun()).isEqualTo(t0.plusSeconds(60));
    // AND at next_run it is due again
    q.advance(Duration.ofMillis(59_500));
    assertThat(q.repository().fetchDueSchedules(fetch)).extracting(s -> s.id().value()).containsExactly(1L);
  }

  @Test
  default void pickedScheduleIsRefetchedOnlyMoreThan30SecondsAfterItsHeartbeat(TestQueue q) {
    // GIVEN a schedule fetched at t1 (next_run pushed an hour ahead)
    q.repository().insertSchedules(List.of(spec("a", HOURLY, Duration.ZERO)));
    List<ScheduleSpec> fetch = List.of(spec("a", HOURLY, Duration.ofHours(1)));
    Instant t1 = q.advance(Duration.ofSeconds(1));
    assertThat(q.repository().fetchDueSchedules(fetch)).hasSize(1);
    // WHEN fetched exactly 30 s later, THEN it is not stale yet (strict, T6)
    q.advance(Duration.ofSeconds(30));
    assertThat(q.repository().fetchDueSchedules(fetch)).isEmpty();
    // WHEN fetched 30 s + 1 µs later, THEN it is re-claimed though next_run is in the future
    Instant at = q.advance(Duration.ofNanos(1_000));
    List<Schedule> refetched = q.repository().fetchDueSchedules(fetch);
    assertThat(refetched).extracting(Schedule::status, Schedule::heartbeat, Schedule::updated)
        .containsExactly(tuple(JobStatus.PICKED, at, at));
    assertThat(refetched.get(0).heartbeat()).isAfter(t1);
  }

  @Test
  default void scheduleHeartbeatPostponesStalenessAndStampsUpdated(TestQueue q) {
    // GIVEN a schedule fetched at t1 and beating at t1 + 20 s
    q.repository().insertSchedules(List.of(spec("a", HOURLY, Duration.ZERO)));
    List<ScheduleSpec> fetch = List.of(spec("a", HOURLY, Duration.ofHours(1)));
    Instant t1 = q.advance(Duration.ofSeconds(1));
    q.repository().fetchDueSchedules(fetch);
    Instant beat = q.advance(Duration.ofSeconds(20));
    int touched = q.repository().updateScheduleHeartbeat(List.of(ScheduleId.of(1), ScheduleId.of(9)));
    // THEN heartbeat = updated = the beat, and the schedule is not stale 30 s + 1 µs after t1
    assertThat(touched).isEqualTo(1);
    assertThat(only(q)).extracting(Schedule::heartbeat, Schedule::updated).containsExactly(beat, beat);
    q.clock().set(t1.plusSeconds(30).plusNanos(1_000));
    assertThat(q.repository().fetchDueSchedules(fetch)).isEmpty();
    // AND it is stale 30 s + 1 µs after the beat
    q.clock().set(beat.plusSeconds(30).plusNanos(1_000));
    assertThat(q.repository().fetchDueSchedules(fetch)).hasSize(1);
  }

  @Test
  default void fetchReturnsClaimedSchedulesInIdOrder(TestQueue q) {
    // GIVEN three due schedules with ids 1 (a), 2 (b), 3 (c)
    q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ZERO), spec("b", MINUTELY, Duration.ZERO),
        spec("c", MINUTELY, Duration.ZERO)));
    // WHEN fetched naming c, a, b
    List<Schedule> fetched = q.repository().fetchDueSchedules(List.of(spec("c", MINUTELY, Duration.ofMinutes(1)),
        spec("a", MINUTELY, Duration.ofMinutes(1)), spec("b", MINUTELY, Duration.ofMinutes(1))));
    // THEN they come back in id order (D30)
    assertThat(idsOf(fetched)).containsExactly(1L, 2L, 3L);
  }

  @Test
  default void fetchIgnoresUnknownKeysAndClaimsOnlyNamedSchedules(TestQueue q) {
    // GIVEN two due schedules a and b
    q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ZERO), spec("b", MINUTELY, Duration.ZERO)));
    // WHEN fetched naming a, an unknown entrypoint x, and b with another expression
    List<Schedule> fetched = q.repository().fetchDueSchedules(List.of(spec("a", MINUTELY, Duration.ofMinutes(1)),
        spec("x", MINUTELY, Duration.ZERO), spec("b", HOURLY, Duration.ZERO)));
    // THEN only a is claimed; nothing was inserted; b stays queued
    assertThat(idsOf(fetched)).containsExactly(1L);
    assertThat(q.repository().peekSchedules()).extracting(s -> s.key().entrypoint(), Schedule::status)
        .containsExactly(tuple("a", JobStatus.PICKED),
            tuple("b", JobStatus.QUEUED));
  }

  @Test
  default void markingSchedulesQueuedSetsLastRunAndUpdated(TestQueue q) {
    // GIVEN a schedule fetched at t1
    Instant t0 = q.now();
    q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ZERO)));
    Instant t1 = q.advance(Duration.ofSeconds(1));
    q.repository().fetchDueSchedules(List.of(spec("a", MINUTELY, Duration.ofMinutes(1))));
    Instant t2 = q.advance(Duration.ofSeconds(4));
    // WHEN it and an unknown id are marked queued at t2
    int touched = q.repository().markSchedulesQueued(List.of(ScheduleId.of(1), ScheduleId.of(5)));
    // THEN queued, last_run = updated = t2, heartbeat from the fetch, next_run from the fetch
    assertThat(touched).isEqualTo(1);
    assertThat(only(q)).isEqualTo(new Schedule(ScheduleId.of(1), new ScheduleKey("a", MINUTELY), t1, t0, t2,
        t0.plusSeconds(61), t2, JobStatus.QUEUED));
  }

  @Test
  default void peekOrdersByLastRunAscendingNeverRunLastThenId(TestQueue q) {
    // GIVEN schedules 1..5; 3 finished at t1, 5 and 1 together at t2; 2 and 4 never ran
    q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ZERO), spec("b", MINUTELY, Duration.ZERO),
        spec("c", MINUTELY, Duration.ZERO), spec("d", MINUTELY, Duration.ZERO), spec("e", MINUTELY, Duration.ZERO)));
    q.advance(Duration.ofSeconds(1));
    q.repository().markSchedulesQueued(List.of(ScheduleId.of(3)));
    q.advance(Duration.ofSeconds(1));
    q.repository().markSchedulesQueued(List.of(ScheduleId.of(5), ScheduleId.of(1)));
    // WHEN peeked
    List<Schedule> peeked = q.repository().peekSchedules();
    // THEN last_run ascending, never-run last, ties by id (D14)
    assertThat(idsOf(peeked)).containsExactly(3L, 1L, 5L, 2L, 4L);
  }

  @Test
  default void deletingSchedulesMatchesEitherIdsOrEntrypoints(TestQueue q) {
    // GIVEN schedules 1 (a), 2 (b), 3 (c minutely), 4 (c hourly)
    q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ZERO), spec("b", MINUTELY, Duration.ZERO),
        spec("c", MINUTELY, Duration.ZERO), spec("c", HOURLY, Duration.ZERO)));
    // WHEN id 1 or entrypoint c is deleted, and then nothing is named
    int deleted = q.repository().deleteSchedules(new ScheduleDeletion(Set.of(ScheduleId.of(1)), Set.of("c")));
    int none = q.repository().deleteSchedules(ScheduleDeletion.ids(Set.of()));
    // THEN three went and only b remains
    assertThat(deleted).isEqualTo(3);
    assertThat(none).isZero();
    assertThat(idsOf(q.repository().peekSchedules())).containsExactly(2L);
  }

  @Test
  default void clearingSchedulesDeletesEverySchedule(TestQueue q) {
    // GIVEN two schedules, one of them picked
    q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ZERO), spec("b", MINUTELY, Duration.ZERO)));
    q.repository().fetchDueSchedules(List.of(spec("a", MINUTELY, Duration.ZERO)));
    // WHEN schedules are cleared
    q.repository().clearSchedules();
    // THEN none is left and none can be fetched
    assertThat(q.repository().peekSchedules()).isEmpty();
    assertThat(q.repository().fetchDueSchedules(List.of(spec("b", MINUTELY, Duration.ZERO)))).isEmpty();
  }

  @Test
  default void scheduleOperationsSendNoEvents(TestQueue q) {
    // GIVEN a recorder
    EventRecorder events = recordEvents(q);
    // WHEN every schedule operation runs
    q.repository().insertSchedules(List.of(spec("a", MINUTELY, Duration.ZERO), spec("b", MINUTELY, Duration.ZERO)));
    q.repository().fetchDueSchedules(List.of(spec("a", MINUTELY, Duration.ofMinutes(1))));
    q.repository().updateScheduleHeartbeat(List.of(ScheduleId.of(1)));
    q.repository().markSchedulesQueued(List.of(ScheduleId.of(1)));
    q.repository().peekSchedules();
    q.repository().deleteSchedules(ScheduleDeletion.ids(Set.of(ScheduleId.of(1))));
    q.repository().clearSchedules();
    // THEN no event was sent
    assertThat(events.settle()).isEmpty();
  }
}
