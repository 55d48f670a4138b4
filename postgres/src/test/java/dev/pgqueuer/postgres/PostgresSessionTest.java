package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.Schedule;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.RetryRequest;
import dev.pgqueuer.port.ScheduleSpec;
import dev.pgqueuer.port.StatisticsQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rule T10: the session time zone never matters. Durations travel as microseconds and every computation is on
 * {@code timestamptz}, so in a session set to a zone with daylight saving time (or an odd offset) "one day" is still
 * 86,400 s, statistics buckets are UTC seconds, and instants read back unchanged.
 */
class PostgresSessionTest {

  /** Europe/Oslo switches to summer time at 2026-03-29T01:00Z, 13 hours after this instant. */
  private static final Instant BEFORE_DST = Instant.parse("2026-03-28T12:00:00.123456Z");

  @ParameterizedTest
  @ValueSource(strings = {"Europe/Oslo", "Asia/Kathmandu", "America/St_Johns", "UTC"})
  void aDayIsExactly86400SecondsWhateverTheSessionTimeZone(String zone) {
    ManualClock clock = ManualClock.startingAt(BEFORE_DST);
    try (PgTestQueue queue = PgTestQueue.open(TestPostgres.sharedOrAbort(), clock);
        PostgresRepository repo = inZone(queue, clock, zone)) {
      Duration day = Duration.ofDays(1);
      JobId id = repo.enqueue(EnqueueRequest.of(NewJob.of("e").withDelay(day))).single();
      Job stored = repo.findJob(id).orElseThrow();
      assertThat(stored.created()).isEqualTo(BEFORE_DST);
      assertThat(stored.executeAfter()).isEqualTo(BEFORE_DST.plusSeconds(86_400));
      assertThat(repo.nextDeferredEta(Set.of("e"))).contains(day);

      clock.advance(day);
      assertThat(repo.eligibleQueuedWork(Set.of("e"))).isEqualTo(1);
      List<Job> picked = repo.dequeue(DequeueRequest.builder(WorkerId.random()).entrypoint("e").build());
      assertThat(picked).extracting(Job::id).containsExactly(id);
      assertThat(repo.retryJob(RetryRequest.of(id, day))).isTrue();
      assertThat(repo.findJob(id).orElseThrow().executeAfter()).isEqualTo(clock.instant().plus(day));

      repo.insertSchedules(List.of(ScheduleSpec.of("cron", "* * * * *", day.plusMillis(1_500))));
      Schedule schedule = repo.peekSchedules().get(0);
      assertThat(schedule.nextRun()).isEqualTo(Instant.parse("2026-03-30T12:00:01Z"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Europe/Oslo", "Asia/Kathmandu", "Africa/Monrovia"})
  void statisticsBucketsAreUtcSecondsWhateverTheSessionTimeZone(String zone) {
    ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-29T00:59:59.999999Z"));
    try (PgTestQueue queue = PgTestQueue.open(TestPostgres.sharedOrAbort(), clock);
        PostgresRepository repo = inZone(queue, clock, zone)) {
      repo.enqueue(EnqueueRequest.of(NewJob.of("e"), NewJob.of("e")));
      clock.advance(Duration.ofNanos(1_000));
      repo.enqueue(EnqueueRequest.of(NewJob.of("e")));
      List<LogStatistics> buckets = repo.logStatistics(StatisticsQuery.all());
      assertThat(buckets).extracting(LogStatistics::created, LogStatistics::count).containsExactly(
          tuple(Instant.parse("2026-03-29T01:00:00Z"), 1L), tuple(Instant.parse("2026-03-29T00:59:59Z"), 2L));
    }
  }

  /** A repository on the fresh queue's schema whose every connection runs in {@code zone}. */
  private static PostgresRepository inZone(PgTestQueue queue, ManualClock clock, String zone) {
    DataSource zoned = PostgresTestSupport.withSession(
        TestPostgres.sharedOrAbort().directDataSource(), "SET TimeZone TO '" + zone + "'");
    try (Connection c = zoned.getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW TimeZone")) {
      rs.next();
      assertThat(rs.getString(1)).as("session time zone").isEqualTo(zone);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return PostgresRepository.builder(zoned).names(queue.names()).clock(clock).build();
  }
}
