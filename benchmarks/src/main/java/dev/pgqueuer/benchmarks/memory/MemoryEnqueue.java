package dev.pgqueuer.benchmarks.memory;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.inmemory.InMemoryRepository;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One thread enqueues prebuilt batches into an empty repository until it holds {@code --round-jobs} queued jobs;
 * then (untimed) a fresh repository is used. Only the enqueue calls are timed, so the figure is the enqueue rate
 * into a queue growing from empty to {@code --round-jobs}.
 */
@Command(name = "memory-enqueue", description = "batch enqueue into a growing queue on one thread (jobs/s)")
public final class MemoryEnqueue extends SingleThreadScenario {

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  @Option(names = "--round-jobs", defaultValue = "1000000",
      description = "queued jobs per repository before a fresh one is used (default ${DEFAULT-VALUE})")
  long roundJobs;

  @Override
  protected long roundJobs() {
    return roundJobs;
  }

  /** Enqueues until {@code seconds} of enqueue time have been spent. @return {jobs, timed seconds} */
  @Override
  protected double[] run(MemoryWorkload w, double seconds, Progress progress, String phase) {
    long budget = (long) (seconds * 1e9);
    long timed = 0;
    long cpu = 0;
    long jobs = 0;
    int batch = common.batchSize;
    while (timed < budget) {
      InMemoryRepository repo = MemoryWorkload.newRepository();
      long inRound = 0;
      long t0 = System.nanoTime();
      long c0 = CPU.getCurrentThreadCpuTime();
      while (inRound < roundJobs) {
        repo.enqueue(w.nextBatch());
        inRound += batch;
        if ((inRound & 0x3fff) < batch && System.nanoTime() - t0 + timed >= budget) {
          break;
        }
      }
      timed += System.nanoTime() - t0;
      cpu += CPU.getCurrentThreadCpuTime() - c0;
      jobs += inRound;
      progress.tick("%s: %,d jobs, %,.0f jobs/s", phase, jobs, jobs / (timed / 1e9));
      repo.close();
    }
    return new double[] {jobs, timed / 1e9, cpu / 1e9};
  }
}
