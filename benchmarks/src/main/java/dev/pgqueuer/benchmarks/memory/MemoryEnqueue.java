package dev.pgqueuer.benchmarks.memory;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.inmemory.InMemoryRepository;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One thread enqueues prebuilt batches into an empty repository until it holds {@code --round-jobs} queued jobs;
 * then (untimed) a fresh repository is used. Only the enqueue calls are timed, so the figure is the enqueue rate
 * into a queue growing from empty to {@code --round-jobs}.
 */
@Command(name = "memory-enqueue", description = "batch enqueue into a growing queue on one thread (jobs/s)")
public final class MemoryEnqueue extends Scenario {

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  @Option(names = "--round-jobs", defaultValue = "1000000",
      description = "queued jobs per repository before a fresh one is used (default ${DEFAULT-VALUE})")
  long roundJobs;

  @Override
  protected String backend() {
    return "memory";
  }

  @Override
  protected void measure(Report report, Progress progress) {
    report.setting("round_jobs", roundJobs).setting("threads", 1).setting("payload_bytes", MemoryWorkload.PAYLOAD_BYTES);
    MemoryWorkload w = new MemoryWorkload(common.batchSize, common.seed);
    progress.say("warming up %.0f s", common.warmupSeconds);
    run(w, common.warmupSeconds, progress, "warm-up");
    for (int r = 1; r <= common.runs; r++) {
      System.gc();
      progress.say("run %d/%d: measuring %.0f s of enqueue time", r, common.runs, common.seconds);
      double[] result = run(w, common.seconds, progress, "run " + r);
      double rate = result[0] / result[1];
      progress.say("run %d/%d: %,.0f jobs/s (%,.0f per CPU second)", r, common.runs, rate, result[0] / result[2]);
      report.addRun(Map.of("jobs", (long) result[0], "elapsed_s", result[1], "jobs_per_s", rate,
          "jobs_per_cpu_s", result[0] / result[2]));
    }
    report.put("jobs_per_s", medianOf(report, "jobs_per_s"));
    report.put("jobs_per_cpu_s", medianOf(report, "jobs_per_cpu_s"));
  }

  /** Enqueues until {@code seconds} of enqueue time have been spent. @return {jobs, timed seconds} */
  private double[] run(MemoryWorkload w, double seconds, Progress progress, String phase) {
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
