package dev.pgqueuer.benchmarks.memory;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.benchmarks.Timer;
import dev.pgqueuer.inmemory.InMemoryRepository;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One thread runs the full job cycle in a loop: enqueue a batch, dequeue a batch, record it successful. A job
 * counts once, when completed. Every {@code --round-jobs} jobs the repository is replaced (untimed), so the
 * ever-growing log does not fill the heap.
 */
@Command(name = "memory-cycle", description = "enqueue -> dequeue -> log successful on one thread (jobs/s)")
public final class MemoryCycle extends Scenario {

  @Option(names = "--round-jobs", defaultValue = "5000000",
      description = "jobs per repository before a fresh one is used (default ${DEFAULT-VALUE})")
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
      progress.say("run %d/%d: measuring %.0f s", r, common.runs, common.seconds);
      double[] result = run(w, common.seconds, progress, "run " + r);
      double rate = result[0] / result[1];
      progress.say("run %d/%d: %,.0f jobs/s (%,.0f per CPU second)", r, common.runs, rate, result[0] / result[2]);
      report.addRun(Map.of("jobs", (long) result[0], "elapsed_s", result[1], "jobs_per_s", rate,
          "jobs_per_cpu_s", result[0] / result[2]));
    }
    report.put("jobs_per_s", medianOf(report, "jobs_per_s"));
    report.put("jobs_per_cpu_s", medianOf(report, "jobs_per_cpu_s"));
  }

  private double[] run(MemoryWorkload w, double seconds, Progress progress, String phase) {
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
