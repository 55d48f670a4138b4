package dev.pgqueuer.benchmarks.memory;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.benchmarks.Timer;
import dev.pgqueuer.inmemory.InMemoryRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobStatus} lookups of random ids on one thread, against a repository holding {@code --jobs} jobs of which
 * half have finished (successful) and half are still queued. The figure counts ids looked up per second; each call
 * asks for {@code --batch-size} ids (default 100 here).
 */
@Command(name = "memory-status", description = "jobStatus lookups of random ids (ids/s)")
public final class MemoryStatus extends Scenario {

  private static final int POOL = 4096;

  @Option(names = "--jobs", defaultValue = "1000000", description = "jobs in the repository (default ${DEFAULT-VALUE})")
  int jobs;

  @Override
  protected String backend() {
    return "memory";
  }

  @Override
  protected void measure(Report report, Progress progress) throws Exception {
    int batch = common.batchSize == 10 ? 100 : common.batchSize;
    report.setting("batch_size", batch).setting("jobs", jobs);
    InMemoryRepository repo = MemoryWorkload.newRepository();
    MemoryWorkload w = new MemoryWorkload(100, common.seed);
    progress.say("filling %,d jobs (half completed)", jobs);
    for (int n = 0; n < jobs; n += 100) {
      repo.enqueue(w.nextBatch());
      if ((n / 100) % 2 == 0) {
        MemoryWorkload.dequeueAndComplete(repo, MemoryWorkload.dequeueFor(dev.pgqueuer.WorkerId.random(), 100));
      }
    }
    SplittableRandom random = new SplittableRandom(common.seed);
    List<List<JobId>> lookups = new ArrayList<>(POOL);
    for (int i = 0; i < POOL; i++) {
      List<JobId> ids = new ArrayList<>(batch);
      for (int k = 0; k < batch; k++) {
        ids.add(JobId.of(1 + random.nextInt(jobs)));
      }
      lookups.add(ids);
    }
    measureRuns(report, progress, common.warmupSeconds + " s", (phase, seconds) -> {
      double[] result = run(repo, lookups, seconds, progress, phase);
      return Map.of("lookups", (long) result[0], "elapsed_s", result[1], "ops_per_s", result[0] / result[1],
          "ops_per_cpu_s", result[0] / result[2]);
    }, "ops_per_s", "ops_per_cpu_s");
    report.put("unit", "job ids looked up per second");
    repo.close();
  }

  private static double[] run(InMemoryRepository repo, List<List<JobId>> lookups, double seconds, Progress progress,
      String phase) {
    Timer timer = new Timer(seconds).start();
    long done = 0;
    long sink = 0;
    int i = 0;
    while (!timer.done()) {
      Map<JobId, JobStatus> m = repo.jobStatus(lookups.get(i));
      i = (i + 1) & (POOL - 1);
      done += lookups.get(i).size();
      sink += m.size();
      if (i == 0) {
        progress.tick("%s: %,.0f lookups/s", phase, done / timer.elapsedSeconds());
      }
    }
    if (sink < 0) {
      throw new IllegalStateException("cannot happen");
    }
    return new double[] {done, timer.elapsedSeconds(), timer.cpuSeconds()};
  }
}
