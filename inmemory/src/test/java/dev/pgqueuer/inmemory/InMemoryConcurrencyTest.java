package dev.pgqueuer.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Thread-safety: many threads claiming and completing at once never lose or duplicate a job. */
class InMemoryConcurrencyTest {

  private static final int THREADS = 8;
  private static final int JOBS_PER_THREAD = 100_000;

  @Test
  void concurrentConsumersCompleteEveryJobExactlyOnce() throws Exception {
    try (InMemoryRepository repo = InMemoryRepository.builder().build()) {
      int total = THREADS * JOBS_PER_THREAD;
      enqueue(repo, total, 1_000);
      AtomicIntegerArray claims = new AtomicIntegerArray(total + 1);
      AtomicLong remaining = new AtomicLong(total);
      List<Future<Integer>> results = runAll(THREADS, t -> consume(repo, claims, remaining));
      long completed = 0;
      for (Future<Integer> f : results) {
        completed += f.get(5, TimeUnit.MINUTES);
      }
      assertThat(completed).isEqualTo(total);
      assertEveryJobClaimedOnceAndSuccessful(repo, claims, total);
    }
  }

  @Test
  void concurrentProducersAndConsumersCompleteEveryJobExactlyOnce() throws Exception {
    try (InMemoryRepository repo = InMemoryRepository.builder().build()) {
      int producers = THREADS / 2;
      int perProducer = JOBS_PER_THREAD;
      int total = producers * perProducer;
      AtomicIntegerArray claims = new AtomicIntegerArray(total + 1);
      AtomicLong remaining = new AtomicLong(total);
      List<Future<Integer>> results = runAll(THREADS, t -> {
        if (t < producers) {
          enqueue(repo, perProducer, 10);
          return 0;
        }
        return consume(repo, claims, remaining);
      });
      long completed = 0;
      for (Future<Integer> f : results) {
        completed += f.get(5, TimeUnit.MINUTES);
      }
      assertThat(completed).isEqualTo(total);
      assertEveryJobClaimedOnceAndSuccessful(repo, claims, total);
    }
  }

  private static void enqueue(InMemoryRepository repo, int count, int batch) {
    for (int done = 0; done < count; done += batch) {
      List<NewJob> jobs = new ArrayList<>(batch);
      for (int i = 0; i < Math.min(batch, count - done); i++) {
        jobs.add(NewJob.of("work").withPriority(i % 3));
      }
      repo.enqueue(EnqueueRequest.of(jobs));
    }
  }

  /** Claims and completes until {@code remaining} reaches zero. @return jobs completed by this thread */
  private static int consume(InMemoryRepository repo, AtomicIntegerArray claims, AtomicLong remaining) {
    DequeueRequest request = DequeueRequest.builder(WorkerId.random()).batchSize(10).entrypoint("work").build();
    int done = 0;
    while (remaining.get() > 0) {
      List<Job> jobs = repo.dequeue(request);
      if (jobs.isEmpty()) {
        Thread.yield();
        continue;
      }
      List<JobOutcome> outcomes = new ArrayList<>(jobs.size());
      for (Job j : jobs) {
        claims.incrementAndGet((int) j.id().value());
        outcomes.add(JobOutcome.successful(j.id()));
      }
      assertThat(repo.logJobs(outcomes)).isEqualTo(jobs.size());
      remaining.addAndGet(-jobs.size());
      done += jobs.size();
    }
    return done;
  }

  private static void assertEveryJobClaimedOnceAndSuccessful(InMemoryRepository repo, AtomicIntegerArray claims,
      int total) {
    List<JobId> ids = new ArrayList<>(total);
    for (int id = 1; id <= total; id++) {
      assertThat(claims.get(id)).as("claims of job %d", id).isEqualTo(1);
      ids.add(JobId.of(id));
    }
    assertThat(repo.queueSize()).isEmpty();
    assertThat(repo.jobStatus(ids).values()).hasSize(total).containsOnly(JobStatus.SUCCESSFUL);
    assertThat(repo.queueLog()).hasSize(3 * total);
  }

  private interface Task {
    int run(int thread) throws Exception;
  }

  private static List<Future<Integer>> runAll(int threads, Task task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> out = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      out.add(pool.submit(() -> {
        start.await();
        return task.run(thread);
      }));
    }
    start.countDown();
    pool.shutdown();
    return out;
  }
}
