package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rule T12: with {@code databaseClock()} every timestamp is the server's transaction time, shared by all workers.
 * Bounds come from the server's own clock read before and after each call, so no client clock is involved.
 */
class PostgresDatabaseClockTest {

  @Test
  void jobsAreStampedWithTheServersTransactionTimeAndAreEligibleAtOnce() {
    try (PgTestQueue queue = PgTestQueue.openWithDatabaseClock(TestPostgres.sharedOrAbort())) {
      PostgresRepository repo = queue.repository();
      assertThat(repo.timeSource()).isNotInstanceOf(ManualClock.class);
      Instant before = serverNow();
      JobId id = repo.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
      Instant after = serverNow();
      Job job = repo.findJob(id).orElseThrow();
      assertThat(job.created()).isBetween(before, after);
      assertThat(List.of(job.updated(), job.heartbeat(), job.executeAfter())).containsOnly(job.created());

      List<Job> picked = repo.dequeue(DequeueRequest.builder(WorkerId.random()).entrypoint("e").build());
      assertThat(picked).extracting(Job::id).containsExactly(id);
      assertThat(picked.get(0).updated()).isBetween(after, serverNow());
      List<LogEntry> log = repo.jobLog(id);
      assertThat(log.get(1).created()).isEqualTo(picked.get(0).updated());
    }
  }

  @Test
  void deferredJobsWaitForTheServerClock() {
    try (PgTestQueue queue = PgTestQueue.openWithDatabaseClock(TestPostgres.sharedOrAbort())) {
      PostgresRepository repo = queue.repository();
      repo.enqueue(EnqueueRequest.of(NewJob.of("e").withDelay(Duration.ofHours(1))));
      assertThat(repo.dequeue(DequeueRequest.builder(WorkerId.random()).entrypoint("e").build())).isEmpty();
      assertThat(repo.eligibleQueuedWork(Set.of("e"))).isZero();
      assertThat(repo.nextDeferredEta(Set.of("e")).orElseThrow())
          .isLessThanOrEqualTo(Duration.ofHours(1)).isGreaterThan(Duration.ofMinutes(59));
    }
  }

  @Test
  void tableEventsCarryTheTransactionTimeOfTheirStatement() throws InterruptedException {
    try (PgTestQueue queue = PgTestQueue.openWithDatabaseClock(TestPostgres.sharedOrAbort())) {
      PostgresRepository repo = queue.repository();
      BlockingQueue<QueueEvent> events = new LinkedBlockingQueue<>();
      Subscription subscription = repo.subscribe(events::add);
      try {
        JobId id = repo.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
        QueueEvent event = events.poll(30, TimeUnit.SECONDS);
        assertThat(event).isInstanceOf(TableChangedEvent.class);
        assertThat(event.sentAt()).isEqualTo(repo.findJob(id).orElseThrow().created());
      } finally {
        subscription.close();
      }
    }
  }

  private static Instant serverNow() {
    try (Connection c = TestPostgres.sharedOrAbort().dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
      rs.next();
      return rs.getObject(1, OffsetDateTime.class).toInstant();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
