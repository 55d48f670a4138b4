package dev.pgqueuer.benchmarks.worker;

import dev.pgqueuer.Job;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The drain without the worker: {@code n} threads, each calling {@code dequeue} and then {@code logJobs} (every job
 * successful) on the repository in a loop until a dequeue comes back empty. It issues the same statements per batch
 * as the worker does (one claim, one outcome write), so it shows how fast the repository's SQL alone drains the
 * queue; the worker's figure over this one is what the runtime around the SQL costs.
 */
final class DirectConsumers implements Consumers {

  private final List<Thread> threads = new ArrayList<>();
  private final LongAdder handled = new LongAdder();
  private final LongAdder held = new LongAdder();
  private final LongAdder failures = new LongAdder();

  DirectConsumers(Repository repository, int consumers, int batchSize) {
    for (int i = 0; i < consumers; i++) {
      DequeueRequest request = DequeueRequest.builder(WorkerId.random()).batchSize(batchSize)
          .entrypoint(WorkerFleet.ENTRYPOINT).build();
      threads.add(new Thread(() -> drain(repository, request), "direct-consumer-" + i));
    }
  }

  private void drain(Repository repository, DequeueRequest request) {
    while (true) {
      List<Job> jobs;
      try {
        jobs = repository.dequeue(request);
      } catch (RuntimeException e) {
        failures.increment();
        continue;
      }
      if (jobs.isEmpty()) {
        return;
      }
      held.add(jobs.size());
      List<JobOutcome> outcomes = new ArrayList<>(jobs.size());
      for (Job job : jobs) {
        outcomes.add(JobOutcome.successful(job.id()));
      }
      handled.add(jobs.size());
      while (true) {
        try {
          repository.logJobs(outcomes);
          break;
        } catch (RuntimeException e) {
          failures.increment();
        }
      }
      held.add(-jobs.size());
    }
  }

  @Override
  public void start() {
    threads.forEach(Thread::start);
  }

  @Override
  public long handled() {
    return handled.sum();
  }

  @Override
  public long held() {
    return held.sum();
  }

  @Override
  public long writeFailures() {
    return failures.sum();
  }

  @Override
  public void close() {
    try {
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
