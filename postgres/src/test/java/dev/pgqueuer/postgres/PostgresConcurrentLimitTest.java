package dev.pgqueuer.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.testdatabase.TestPostgres;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rule Q3: a per-entrypoint concurrency limit holds fleet-wide while many workers on many connections dequeue at
 * the same moment (PgQueuer's snapshot race, D4, is closed by the advisory locks). Each worker counts the jobs it
 * holds in a shared counter only between the commit of its claim and the start of its completion, so the counter
 * never exceeds what the database holds as picked: seeing it above the limit proves an over-claim.
 */
class PostgresConcurrentLimitTest {

  private static final int WORKERS = 8;
  private static final Map<String, Integer> LIMITS = Map.of("a", 2, "b", 3, "c", 0);
  private static final int JOBS_PER_ENTRYPOINT = 300;

  @Test
  void limitsHoldFleetWideUnderOverlappingDequeuesOnManyConnections() throws Exception {
    ManualClock clock = ManualClock.create();
    TestPostgres pg = TestPostgres.sharedOrAbort();
    try (PgTestQueue queue = PgTestQueue.open(pg, clock);
        HikariDataSource pool = PostgresTestSupport.pool(pg.jdbcUrl(), WORKERS)) {
      PostgresRepository repo = PostgresRepository.builder(pool).names(queue.names()).clock(clock).build();
      List<NewJob> jobs = new ArrayList<>();
      for (int i = 0; i < JOBS_PER_ENTRYPOINT; i++) {
        for (String e : List.of("a", "b", "c")) {
          jobs.add(NewJob.of(e).withPriority(i % 5));
        }
      }
      repo.enqueue(EnqueueRequest.of(jobs));

      Map<String, AtomicInteger> holding = new ConcurrentHashMap<>();
      Map<String, AtomicInteger> highWater = new ConcurrentHashMap<>();
      LIMITS.keySet().forEach(e -> {
        holding.put(e, new AtomicInteger());
        highWater.put(e, new AtomicInteger());
      });
      List<JobId> completed = Collections.synchronizedList(new ArrayList<>());
      AtomicLong remaining = new AtomicLong(jobs.size());
      ExecutorService pool8 = Executors.newFixedThreadPool(WORKERS);
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
          workers.add(pool8.submit(() -> work(repo, holding, highWater, completed, remaining)));
        }
        for (Future<?> f : workers) {
          f.get();
        }
      } finally {
        pool8.shutdownNow();
      }

      for (Map.Entry<String, Integer> e : LIMITS.entrySet()) {
        if (e.getValue() > 0) {
          assertThat(highWater.get(e.getKey()).get()).as("most jobs of %s held at once", e.getKey())
              .isLessThanOrEqualTo(e.getValue()).isPositive();
        }
      }
      assertThat(completed).doesNotHaveDuplicates().hasSize(jobs.size());
      Map<JobId, List<JobStatus>> history = repo.queueLog().stream()
          .collect(Collectors.groupingBy(LogEntry::jobId, Collectors.mapping(LogEntry::status, Collectors.toList())));
      assertThat(history).hasSize(jobs.size());
      assertThat(history.values()).allSatisfy(statuses ->
          assertThat(statuses).containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL));
      repo.close();
    }
  }

  private static void work(PostgresRepository repo, Map<String, AtomicInteger> holding,
      Map<String, AtomicInteger> highWater, List<JobId> completed, AtomicLong remaining) {
    WorkerId me = WorkerId.random();
    DequeueRequest.Builder b = DequeueRequest.builder(me).batchSize(4).heartbeatTimeout(Duration.ofDays(1));
    LIMITS.forEach(b::entrypoint);
    DequeueRequest request = b.build();
    while (remaining.get() > 0) {
      List<Job> claimed = repo.dequeue(request);
      Map<String, Integer> counts = new HashMap<>();
      for (Job j : claimed) {
        counts.merge(j.entrypoint(), 1, Integer::sum);
      }
      counts.forEach((e, n) -> {
        int now = holding.get(e).addAndGet(n);
        highWater.get(e).accumulateAndGet(now, Math::max);
      });
      // hold the jobs across one more round trip, widening the window in which an over-claim would show
      repo.updateHeartbeat(claimed.stream().map(Job::id).collect(Collectors.toList()));
      counts.forEach((e, n) -> holding.get(e).addAndGet(-n));
      if (!claimed.isEmpty()) {
        repo.logJobs(claimed.stream().map(j -> JobOutcome.successful(j.id())).collect(Collectors.toList()));
        claimed.forEach(j -> completed.add(j.id()));
        remaining.addAndGet(-claimed.size());
      }
    }
  }
}
