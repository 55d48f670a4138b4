package dev.pgqueuer.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Large queues: ordering, counts and completeness hold at volume, including the compaction paths. */
class InMemoryVolumeTest {

  private final ManualClock clock = ManualClock.create();
  private final InMemoryRepository repo = InMemoryRepository.create(clock);
  private final WorkerId worker = WorkerId.random();

  @Test
  void twoHundredThousandJobsWithRandomPrioritiesAndDelaysDrainInKeyOrder() {
    SplittableRandom random = new SplittableRandom(11);
    int total = 200_000;
    for (int done = 0; done < total; done += 1_000) {
      List<NewJob> jobs = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        jobs.add(NewJob.of("e").withPriority(random.nextInt(50) - 25)
            .withDelay(Duration.ofSeconds(random.nextInt(100))));
      }
      repo.enqueue(EnqueueRequest.of(jobs));
    }
    long drained = 0;
    for (int second = 0; second <= 100; second++) {
      long eligible = repo.eligibleQueuedWork(Set.of("e"));
      List<Job> batch;
      long claimed = 0;
      Job previous = null;
      while (!(batch = repo.dequeue(request(500))).isEmpty()) {
        for (Job j : batch) {
          if (previous != null) {
            assertThat(j.priority() < previous.priority()
                || (j.priority() == previous.priority() && j.id().compareTo(previous.id()) > 0))
                .as("%s after %s", j.id(), previous.id()).isTrue();
          }
          assertThat(j.executeAfter()).isBeforeOrEqualTo(clock.instant());
          previous = j;
          claimed++;
        }
        complete(batch);
      }
      assertThat(claimed).isEqualTo(eligible);
      drained += claimed;
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(drained).isEqualTo(total);
    assertThat(repo.queueSize()).isEmpty();
  }

  @Test
  void cancellingMostOfAHugeQueueFromTheMiddleKeepsOrderAndCounts() {
    List<JobId> ids = new ArrayList<>();
    for (int done = 0; done < 300_000; done += 1_000) {
      List<NewJob> jobs = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        jobs.add(NewJob.of("e"));
      }
      ids.addAll(repo.enqueue(EnqueueRequest.of(jobs)).insertedIds());
    }
    List<JobId> doomed = new ArrayList<>();
    List<JobId> kept = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      (i % 10 == 0 ? kept : doomed).add(ids.get(i));
    }
    for (int from = 0; from < doomed.size(); from += 10_000) {
      repo.cancelJobs(doomed.subList(from, Math.min(doomed.size(), from + 10_000)));
      repo.enqueue(EnqueueRequest.of(NewJob.of("e"))).insertedIds().forEach(kept::add);
    }
    assertThat(repo.queuedWork(Set.of("e"))).isEqualTo(kept.size());
    List<JobId> drained = new ArrayList<>();
    List<Job> batch;
    while (!(batch = repo.dequeue(request(1_000))).isEmpty()) {
      batch.forEach(j -> drained.add(j.id()));
      complete(batch);
    }
    assertThat(drained).isEqualTo(kept);
  }

  @Test
  void manyHeartbeatsOfManyPickedJobsKeepStaleDetectionExact() {
    List<NewJob> jobs = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      jobs.add(NewJob.of("e"));
    }
    repo.enqueue(EnqueueRequest.of(jobs));
    List<Job> picked = repo.dequeue(request(20_000));
    List<JobId> ids = new ArrayList<>();
    picked.forEach(j -> ids.add(j.id()));
    for (int round = 0; round < 20; round++) {
      clock.advance(Duration.ofSeconds(10));
      repo.updateHeartbeat(ids.subList(round % 2, ids.size()));
    }
    clock.advance(Duration.ofSeconds(20));
    // the first job beat only in even rounds: its last beat is 30 s old (stale at a 30 s timeout), the others 20 s
    List<Job> stale = repo.dequeue(DequeueRequest.builder(WorkerId.random()).batchSize(100).entrypoint("e")
        .heartbeatTimeout(Duration.ofSeconds(30)).build());
    assertThat(stale).extracting(Job::id).containsExactly(ids.get(0));
    assertThat(repo.jobStatus(ids).values()).containsOnly(JobStatus.PICKED);
  }

  @Test
  void logAndStatusLookupsAreExactAcrossStorageChunkBoundaries() {
    List<NewJob> batch = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      batch.add(NewJob.of("e"));
    }
    int total = 1_100_000;
    for (int done = 0; done < total; done += batch.size()) {
      repo.enqueue(EnqueueRequest.of(batch));
    }
    repo.dequeue(request(200_000));
    repo.aggregateLogs();
    // first-chunk growth steps, the log chunk size (2^14), the per-id chunk size (2^15) and their neighbours
    long[] probes = {1, 1_024, 1_025, 2_048, 2_049, 16_384, 16_385, 32_768, 32_769, 1_048_576, 1_048_577, total};
    for (long id : probes) {
      List<JobStatus> expected = id <= 200_000 ? List.of(JobStatus.QUEUED, JobStatus.PICKED) : List.of(JobStatus.QUEUED);
      assertThat(repo.jobLog(JobId.of(id))).extracting(e -> e.status()).as("log of %d", id).isEqualTo(expected);
      assertThat(repo.jobLog(JobId.of(id))).allSatisfy(e -> assertThat(e.aggregated()).isTrue());
      assertThat(repo.jobStatus(List.of(JobId.of(id)))).containsEntry(JobId.of(id), expected.get(expected.size() - 1));
    }
    List<dev.pgqueuer.LogEntry> log = repo.queueLog();
    assertThat(log).hasSize(total + 200_000);
    for (int i = 0; i < total; i++) {
      assertThat(log.get(i).jobId().value()).isEqualTo(i + 1);
    }
    assertThat(repo.jobStatus(List.of(JobId.of(total + 1)))).isEmpty();
  }

  private DequeueRequest request(int batch) {
    return DequeueRequest.builder(worker).batchSize(batch).entrypoint("e").build();
  }

  private void complete(List<Job> jobs) {
    List<JobOutcome> outcomes = new ArrayList<>(jobs.size());
    jobs.forEach(j -> outcomes.add(JobOutcome.successful(j.id())));
    repo.logJobs(outcomes);
  }
}
