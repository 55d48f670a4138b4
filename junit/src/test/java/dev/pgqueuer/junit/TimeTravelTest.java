package dev.pgqueuer.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogStatistics;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.StatisticsQuery;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.Jitter;
import dev.pgqueuer.worker.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Time is the manual clock's: deferred jobs, retries with delay, heartbeat timeouts and statistics windows react to
 * it identically on both backends, and nothing sleeps. Each test runs once per backend.
 */
@PgQueuerTest
class TimeTravelTest {

  @ParityTest
  void deferredJobRunsWhenTheDrainReachesItsTime(TestQueue queue) {
    // GIVEN
    Instant start = queue.now();
    List<Instant> ranAt = new CopyOnWriteArrayList<>();
    queue.handle("reminder", ctx -> ranAt.add(ctx.now()));
    queue.enqueue(NewJob.of("reminder").withDelay(Duration.ofHours(1)));
    // WHEN / THEN: not due yet
    assertThat(queue.drain().processed()).isZero();
    assertThat(queue.drain(DrainOptions.defaults().upTo(start.plus(Duration.ofMinutes(59)))).processed()).isZero();
    assertThat(queue.now()).isEqualTo(start.plus(Duration.ofMinutes(59)));
    // WHEN the drain reaches it
    assertThat(queue.drain(DrainOptions.defaults().upTo(start.plus(Duration.ofDays(1)))).processed()).isEqualTo(1);
    // THEN it ran exactly at its time, and the clock ends at the target
    assertThat(ranAt).containsExactly(start.plus(Duration.ofHours(1)));
    assertThat(queue.now()).isEqualTo(start.plus(Duration.ofDays(1)));
  }

  @ParityTest
  void retriesWithDelayRunAtTheirBackoffTimes(TestQueue queue) {
    // GIVEN a handler that fails twice, with 10 s doubling backoff and no jitter
    Instant start = queue.now();
    List<Instant> runs = new CopyOnWriteArrayList<>();
    AtomicInteger failures = new AtomicInteger(2);
    queue.handle(Entrypoint.of("flaky", ctx -> {
      runs.add(ctx.now());
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("try again");
      }
    }).withRetryPolicy(new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(5), 2.0, Jitter.none())));
    JobId id = queue.enqueue("flaky");
    // WHEN the first run fails, the retry waits for the clock
    queue.drain();
    assertThat(queue.history(id).job()).get().extracting(Job::attempts, Job::executeAfter)
        .containsExactly(1, start.plusSeconds(10));
    // WHEN draining an hour ahead
    queue.drain(DrainOptions.defaults().upTo(start.plus(Duration.ofHours(1))));
    // THEN it ran at 0 s, 10 s and 30 s, and succeeded
    assertThat(runs).containsExactly(start, start.plusSeconds(10), start.plusSeconds(30));
    assertThat(queue.history(id).statuses()).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.QUEUED,
        JobStatus.PICKED, JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @ParityTest
  void jobOfACrashedWorkerIsRerunExactlyAtTheHeartbeatTimeout(TestQueue queue) {
    // GIVEN a worker claimed the job and died
    Instant start = queue.now();
    JobId id = queue.enqueue("report");
    List<Job> claimed = queue.repository().dequeue(
        DequeueRequest.builder(WorkerId.random()).entrypoint("report").build());
    assertThat(claimed).extracting(Job::id).containsExactly(id);
    queue.handle("report", ctx -> { });
    // WHEN / THEN: a second before the timeout it is not stale
    assertThat(queue.drain(DrainOptions.defaults().upTo(start.plus(Duration.ofSeconds(29)))).processed()).isZero();
    // WHEN the clock reaches the timeout (30 s)
    assertThat(queue.drain(DrainOptions.defaults().upTo(start.plus(DequeueRequest.DEFAULT_HEARTBEAT_TIMEOUT)))
        .results()).extracting(r -> r.id()).containsExactly(id);
    // THEN it was picked twice and finished
    assertThat(queue.history(id).statuses())
        .containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
  }

  @ParityTest
  void statisticsWindowFollowsTheClock(TestQueue queue) {
    // GIVEN one job finished at start and one 10 s later
    Instant start = queue.now();
    queue.handle("count", ctx -> { });
    queue.enqueue("count");
    queue.drain();
    queue.advance(Duration.ofSeconds(10));
    queue.enqueue("count");
    queue.drain();
    // WHEN reading the last 5 s
    List<LogStatistics> recent = queue.repository().logStatistics(StatisticsQuery.all().within(Duration.ofSeconds(5)));
    // THEN only the later second's buckets count
    assertThat(recent).isNotEmpty().allMatch(b -> b.created().equals(start.plusSeconds(10)));
    assertThat(queue.repository().logStatistics(StatisticsQuery.all()))
        .anyMatch(b -> b.created().equals(start) && b.status() == JobStatus.SUCCESSFUL);
  }
}
