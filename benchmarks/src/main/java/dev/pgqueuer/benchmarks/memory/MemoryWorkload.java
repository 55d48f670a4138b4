package dev.pgqueuer.benchmarks.memory;

import dev.pgqueuer.Job;
import dev.pgqueuer.Payload;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The job shape of every memory scenario (PgQueuer's benchmark shape): one entrypoint, priority 0, a random 16-byte
 * payload, no delay, key or headers. Requests are immutable records, so a pool of prebuilt batches is cycled
 * through instead of building requests inside the timed loop.
 */
final class MemoryWorkload {

  static final String ENTRYPOINT = "bench";
  static final int PAYLOAD_BYTES = 16;
  private static final int POOL = 1024;

  private final EnqueueRequest[] requests;
  private final DequeueRequest dequeue;
  private int next;

  MemoryWorkload(int batchSize, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    requests = new EnqueueRequest[POOL];
    for (int r = 0; r < POOL; r++) {
      List<NewJob> jobs = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        jobs.add(NewJob.of(ENTRYPOINT).withPayload(payload(random)));
      }
      requests[r] = EnqueueRequest.of(jobs);
    }
    dequeue = DequeueRequest.builder(WorkerId.random()).batchSize(batchSize).entrypoint(ENTRYPOINT).build();
  }

  /** A random 16-byte payload. */
  static Payload payload(SplittableRandom random) {
    byte[] b = new byte[PAYLOAD_BYTES];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return Payload.of(b);
  }

  /** The next prebuilt enqueue batch. */
  EnqueueRequest nextBatch() {
    EnqueueRequest r = requests[next];
    next = (next + 1) & (POOL - 1);
    return r;
  }

  /** A dequeue request for this workload's worker. */
  DequeueRequest dequeue() {
    return dequeue;
  }

  /** A dequeue request for another worker. */
  static DequeueRequest dequeueFor(WorkerId worker, int batchSize) {
    return DequeueRequest.builder(worker).batchSize(batchSize).entrypoint(ENTRYPOINT).build();
  }

  /** Claims one batch and records it successful, as a worker does. @return jobs completed */
  static int dequeueAndComplete(InMemoryRepository repo, DequeueRequest request) {
    List<Job> jobs = repo.dequeue(request);
    int n = jobs.size();
    if (n == 0) {
      return 0;
    }
    List<JobOutcome> outcomes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      outcomes.add(JobOutcome.successful(jobs.get(i).id()));
    }
    repo.logJobs(outcomes);
    return n;
  }

  /** A fresh repository on the system clock. */
  static InMemoryRepository newRepository() {
    return InMemoryRepository.builder().build();
  }
}
