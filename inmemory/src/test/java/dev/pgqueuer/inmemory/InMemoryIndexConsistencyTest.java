package dev.pgqueuer.inmemory;

import dev.pgqueuer.port.FailedJobsQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.DuplicateJobException;
import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.LogEntry;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.internal.Times;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.OnConflict;
import dev.pgqueuer.port.RetryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The incremental indexes (ready buckets with lazy FIFO entries, deferred trees, the heartbeat ring, the held
 * tree, the per-id index) agree with the plain state after every step of a long random sequence. The oracle reads
 * the state with {@code browseQueue} (a scan of the job table) and re-derives from it what {@code dequeue}, the
 * probes, {@code listFailedJobs} and {@code jobStatus} must answer.
 */
class InMemoryIndexConsistencyTest {

  private static final List<String> ENTRYPOINTS = List.of("a", "b", "c");
  private static final List<WorkerId> WORKERS = List.of(
      new WorkerId(new UUID(0, 1)), new WorkerId(new UUID(0, 2)), new WorkerId(new UUID(0, 3)));
  private static final Comparator<Job> KEY_ORDER =
      Comparator.comparingInt(Job::priority).reversed().thenComparing(Job::id);

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void indexesAgreeWithTheTableAfterEveryRandomStep(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repo = InMemoryRepository.create(clock)) {
      for (int step = 0; step < 2_000; step++) {
        int op = random.nextInt(100);
        if (op < 30) {
          enqueue(repo, random);
        } else if (op < 55) {
          dequeueAndCheck(repo, clock, random);
        } else if (op < 65) {
          logSome(repo, random);
        } else if (op < 72) {
          retrySome(repo, random);
        } else if (op < 76) {
          requeueSome(repo, random);
        } else if (op < 80) {
          repo.cancelJobs(randomIds(repo, random));
        } else if (op < 86) {
          repo.updateHeartbeat(randomIds(repo, random));
        } else if (op < 98) {
          clock.advance(Duration.ofMillis(random.nextInt(2_500)));
        } else if (op < 99) {
          repo.clearQueue(EntrypointScope.of(pick(ENTRYPOINTS, random)));
        } else if (random.nextInt(4) == 0) {
          repo.clearQueue(EntrypointScope.all());
        }
        assertIndexesMatchTable(repo, clock, random);
      }
    }
  }

  private static void enqueue(InMemoryRepository repo, SplittableRandom random) {
    int n = 1 + random.nextInt(6);
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NewJob job = NewJob.of(pick(ENTRYPOINTS, random))
          .withPriority(random.nextInt(4) - 1)
          .withDelay(Duration.ofMillis(random.nextInt(5_000) - 2_000));
      if (random.nextInt(4) == 0) {
        job = job.withDedupeKey("k" + random.nextInt(8));
      }
      jobs.add(job);
    }
    repo.enqueue(new EnqueueRequest(jobs, OnConflict.SKIP));
  }

  private static void dequeueAndCheck(InMemoryRepository repo, ManualClock clock, SplittableRandom random) {
    DequeueRequest.Builder b = DequeueRequest.builder(pick(WORKERS, random)).batchSize(1 + random.nextInt(6))
        .heartbeatTimeout(Duration.ofSeconds(List.of(0, 1, 3, 30).get(random.nextInt(4))));
    for (String e : ENTRYPOINTS) {
      if (random.nextInt(3) != 0) {
        b.entrypoint(e, random.nextInt(4));
      }
    }
    if (random.nextInt(3) == 0) {
      b.workerLimit(1 + random.nextInt(5));
    }
    DequeueRequest request = b.build();
    List<JobId> expected = expectedClaim(repo.browseQueue(BrowseQuery.all()), request, clock.instant());
    List<Job> claimed = repo.dequeue(request);
    assertThat(claimed).extracting(Job::id).as("claimed by %s", request).isEqualTo(expected);
    for (Job j : claimed) {
      assertThat(j.status()).isEqualTo(JobStatus.PICKED);
      assertThat(j.worker()).isEqualTo(request.worker());
      assertThat(j.heartbeat()).isEqualTo(clock.instant());
    }
  }

  /** The claim rules of docs/semantics.md §4, straight from the rows. */
  private static List<JobId> expectedClaim(List<Job> rows, DequeueRequest request, Instant now) {
    Map<String, Integer> limits = request.entrypoints();
    Instant staleBefore = now.minus(request.heartbeatTimeout());
    long load = rows.stream().filter(j -> j.status() == JobStatus.PICKED && request.worker().equals(j.worker())
        && limits.containsKey(j.entrypoint())).count();
    int k = request.batchSize();
    if (request.workerLimit() != null) {
      if (load >= request.workerLimit()) {
        return List.of();
      }
      k = (int) Math.min(k, request.workerLimit() - load);
    }
    List<Job> candidates = new ArrayList<>();
    for (Map.Entry<String, Integer> e : limits.entrySet()) {
      long picked = rows.stream().filter(j -> j.status() == JobStatus.PICKED && j.entrypoint().equals(e.getKey()))
          .count();
      long cap = e.getValue() == 0 ? request.batchSize() : Math.min(request.batchSize(), e.getValue() - picked);
      rows.stream().filter(j -> j.entrypoint().equals(e.getKey()) && j.status() == JobStatus.QUEUED
          && !j.executeAfter().isAfter(now)).sorted(KEY_ORDER).limit(Math.max(0, cap)).forEach(candidates::add);
      rows.stream().filter(j -> j.entrypoint().equals(e.getKey()) && j.status() == JobStatus.PICKED
          && !j.heartbeat().isAfter(staleBefore)).forEach(candidates::add);
    }
    return candidates.stream().sorted(KEY_ORDER).limit(k).map(Job::id).toList();
  }

  private static void logSome(InMemoryRepository repo, SplittableRandom random) {
    List<JobOutcome> outcomes = new ArrayList<>();
    for (JobId id : randomIds(repo, random)) {
      JobStatus status = List.of(JobStatus.SUCCESSFUL, JobStatus.EXCEPTION, JobStatus.FAILED, JobStatus.FAILED,
          JobStatus.DELETED).get(random.nextInt(5));
      outcomes.add(new JobOutcome(id, status, null));
    }
    repo.logJobs(outcomes);
  }

  private static void retrySome(InMemoryRepository repo, SplittableRandom random) {
    for (JobId id : randomIds(repo, random)) {
      try {
        repo.retryJob(RetryRequest.of(id, Duration.ofMillis(random.nextInt(3) * 1_000L)));
      } catch (DuplicateJobException e) {
        // a held job whose key is taken: allowed outcome, nothing changed
      }
    }
  }

  private static void requeueSome(InMemoryRepository repo, SplittableRandom random) {
    try {
      repo.requeueJobs(randomIds(repo, random));
    } catch (DuplicateJobException e) {
      // key clash: allowed outcome, nothing changed
    }
  }

  /** A few ids, mostly of live jobs, some finished or never allocated. */
  private static List<JobId> randomIds(InMemoryRepository repo, SplittableRandom random) {
    List<Job> rows = repo.browseQueue(BrowseQuery.all());
    List<JobId> ids = new ArrayList<>();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      if (!rows.isEmpty() && random.nextInt(5) != 0) {
        ids.add(rows.get(random.nextInt(rows.size())).id());
      } else {
        ids.add(JobId.of(1 + random.nextInt(2_000)));
      }
    }
    return ids.stream().distinct().toList();
  }

  private static void assertIndexesMatchTable(InMemoryRepository repo, ManualClock clock, SplittableRandom random) {
    Instant now = clock.instant();
    List<Job> rows = repo.browseQueue(BrowseQuery.all());
    assertThat(rows).isSortedAccordingTo(KEY_ORDER);
    for (String e : ENTRYPOINTS) {
      List<Job> queued = rows.stream().filter(j -> j.entrypoint().equals(e) && j.status() == JobStatus.QUEUED)
          .toList();
      assertThat(repo.queuedWork(Set.of(e))).as("queuedWork(%s)", e).isEqualTo(queued.size());
      assertThat(repo.eligibleQueuedWork(Set.of(e))).as("eligibleQueuedWork(%s)", e)
          .isEqualTo(queued.stream().filter(j -> !j.executeAfter().isAfter(now)).count());
      Optional<Duration> eta = queued.stream().map(Job::executeAfter).filter(t -> t.isAfter(now))
          .min(Comparator.naturalOrder()).map(t -> Duration.between(now, t));
      assertThat(repo.nextDeferredEta(Set.of(e))).as("nextDeferredEta(%s)", e).isEqualTo(eta);
    }
    List<Job> held = rows.stream().filter(j -> j.status() == JobStatus.FAILED)
        .sorted(Comparator.comparing(Job::created).thenComparing(Job::id)).toList();
    assertThat(repo.listFailedJobs(FailedJobsQuery.oldest(1_000))).isEqualTo(held);
    for (Job j : rows) {
      assertThat(repo.findJob(j.id())).contains(j);
    }
    List<JobId> probe = new ArrayList<>(randomIds(repo, random));
    rows.stream().limit(3).forEach(j -> probe.add(j.id()));
    Map<JobId, JobStatus> statuses = repo.jobStatus(probe);
    for (JobId id : probe.stream().distinct().toList()) {
      List<LogEntry> log = repo.jobLog(id);
      if (log.isEmpty()) {
        assertThat(statuses).doesNotContainKey(id);
      } else {
        assertThat(statuses).containsEntry(id, log.get(log.size() - 1).status());
      }
    }
    assertThat(List.copyOf(statuses.keySet())).isSorted();
    assertThat(Times.truncate(now)).isEqualTo(now);
  }

  private static <T> T pick(List<T> list, SplittableRandom random) {
    return list.get(random.nextInt(list.size()));
  }
}
