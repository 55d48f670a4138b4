package dev.pgqueuer.benchmarks.memory;

import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import java.util.Map;

/**
 * The measuring loop shared by the single-thread memory scenarios: one warm-up, then {@code --runs} timed runs
 * after a GC, each reported with its rate and its rate per CPU second, and the medians of both.
 */
abstract class SingleThreadScenario extends Scenario {

  /** Jobs per repository before a fresh one is used. */
  protected abstract long roundJobs();

  /**
   * One timed phase.
   *
   * @return {jobs, elapsed seconds, CPU seconds}
   */
  protected abstract double[] run(MemoryWorkload w, double seconds, Progress progress, String phase);

  @Override
  protected final String backend() {
    return "memory";
  }

  @Override
  protected final void measure(Report report, Progress progress) throws Exception {
    report.setting("round_jobs", roundJobs()).setting("threads", 1)
        .setting("payload_bytes", MemoryWorkload.PAYLOAD_BYTES);
    MemoryWorkload w = new MemoryWorkload(common.batchSize, common.seed);
    measureRuns(report, progress, common.warmupSeconds + " s", (phase, seconds) -> {
      double[] result = run(w, seconds, progress, phase);
      return Map.of("jobs", (long) result[0], "elapsed_s", result[1], "jobs_per_s", result[0] / result[1],
          "jobs_per_cpu_s", result[0] / result[2]);
    }, "jobs_per_s", "jobs_per_cpu_s");
  }
}
