package dev.pgqueuer.benchmarks.memory;

import dev.pgqueuer.Payload;
import dev.pgqueuer.benchmarks.Progress;
import dev.pgqueuer.benchmarks.Report;
import dev.pgqueuer.benchmarks.Scenario;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Heap bytes per queued job: used heap after full GCs with the payloads already allocated (and held), then again
 * after enqueueing {@code --jobs} jobs carrying those payloads. The difference is what the repository holds per
 * job beyond the payload objects: the queue row, its indexes and its {@code queued} log row.
 */
@Command(name = "memory-footprint", description = "heap bytes per queued job beyond the payload")
public final class MemoryFootprint extends Scenario {

  @Option(names = "--jobs", defaultValue = "1000000", description = "queued jobs (default ${DEFAULT-VALUE})")
  int jobs;

  @Override
  protected String backend() {
    return "memory";
  }

  @Override
  protected void measure(Report report, Progress progress) {
    report.setting("jobs", jobs).setting("payload_bytes", MemoryWorkload.PAYLOAD_BYTES);
    SplittableRandom random = new SplittableRandom(common.seed);
    long emptyHeap = usedHeapAfterGc();
    Payload[] payloads = new Payload[jobs];
    for (int i = 0; i < jobs; i++) {
      payloads[i] = MemoryWorkload.payload(random);
    }
    long before = usedHeapAfterGc();
    double payloadBytes = (before - emptyHeap) / (double) jobs;
    progress.say("payloads: %,.1f bytes each (object + array + reference)", payloadBytes);
    InMemoryRepository repo = MemoryWorkload.newRepository();
    int batch = common.batchSize;
    for (int n = 0; n < jobs; n += batch) {
      List<NewJob> list = new ArrayList<>(batch);
      for (int i = n; i < Math.min(jobs, n + batch); i++) {
        list.add(NewJob.of(MemoryWorkload.ENTRYPOINT).withPayload(payloads[i]));
      }
      repo.enqueue(EnqueueRequest.of(list));
    }
    long after = usedHeapAfterGc();
    double perJob = (after - before) / (double) jobs;
    progress.say("repository: %,.1f bytes per queued job beyond the payload", perJob);
    report.put("bytes_per_job", perJob);
    report.put("payload_bytes_per_job", payloadBytes);
    report.put("bytes_per_job_including_payload", perJob + payloadBytes);
    report.put("queued", repo.queuedWork(java.util.Set.of(MemoryWorkload.ENTRYPOINT)));
    if (payloads.length != jobs) {
      throw new IllegalStateException("cannot happen");
    }
    repo.close();
  }

  private static long usedHeapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
