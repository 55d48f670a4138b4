package dev.pgqueuer.benchmarks.memory;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Timer;
import dev.pgqueuer.inmemory.InMemoryRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One thread runs the full job cycle in a loop: enqueue a batch, dequeue a batch, record it successful. A job
 * counts once, when completed. Every {@code --round-jobs} jobs the repository is replaced (untimed), so the
 * ever-growing log does not fill the heap.
 */
@Command(name = "memory-cycle", description = "enqueue -> dequeue -> log successful on one thread (jobs/s)")
public final class MemoryCycle extends SingleThreadScenario {

  @Option(names = "--round-jobs", defaultValue = "5000000",
      description = "jobs per repository before a fresh one is used (default ${DEFAULT-VALUE})")
  long roundJobs;

  @Override
  protected long roundJobs() {
    return roundJobs;
  }

  @Override
  protected double[] run(MemoryWorkload w, double seconds, Progress progress, String phase) {
    Timer timer = new Timer(seconds).start();
    long done = 0;
    long inRound = 0;
    InMemoryRepository repo = MemoryWorkload.newRepository();
    double paused = 0;
    while (!timer.done()) {
      if (inRound >= roundJobs) {
        long t0 = System.nanoTime();
        repo.close();
        repo = MemoryWorkload.newRepository();
        inRound = 0;
        paused += (System.nanoTime() - t0) / 1e9;
      }
      repo.enqueue(w.nextBatch());
      int n = MemoryWorkload.dequeueAndComplete(repo, w.dequeue());
      done += n;
      inRound += n;
      if ((done & 0xffff) < n) {
        progress.tick("%s: %,d jobs, %,.0f jobs/s", phase, done, done / (timer.elapsedSeconds() - paused));
      }
    }
    repo.close();
    return new double[] {done, timer.elapsedSeconds() - paused, timer.cpuSeconds()};
  }
}
