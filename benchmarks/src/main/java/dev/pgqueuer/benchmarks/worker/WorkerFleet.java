package dev.pgqueuer.benchmarks.worker;

import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.QueueManager;
import dev.pgqueuer.worker.WorkerGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The consumers of a worker scenario: {@code n} QueueManagers whose handler only counts the job, in one
 * {@link WorkerGroup} unless {@code --group none}.
 */
final class WorkerFleet implements Consumers {

  static final String ENTRYPOINT = "bench";

  private final List<QueueManager> managers = new ArrayList<>();
  private final LongAdder handled = new LongAdder();

  WorkerFleet(Repository repository, WorkerOptions options, int batchSize) {
    WorkerGroup group = switch (options.group.toLowerCase(Locale.ROOT)) {
      case "shared" -> WorkerGroup.of(repository);
      case "none" -> null;
      default -> throw new IllegalArgumentException("--group must be shared or none, got " + options.group);
    };
    for (int i = 0; i < options.consumers; i++) {
      QueueManager.Builder b = QueueManager.builder(repository).batchSize(batchSize)
          .flushInterval(Duration.ofMillis(options.flushMillis))
          .entrypoint(ENTRYPOINT, ctx -> handled.increment());
      if (options.maxConcurrent > 0) {
        b.maxConcurrentTasks(options.maxConcurrent);
      }
      if (options.flushSize > 0) {
        b.flushSize(options.flushSize);
      }
      if (group != null) {
        b.group(group);
      }
      managers.add(b.build());
    }
  }

  List<QueueManager> managers() {
    return managers;
  }

  @Override
  public void start() {
    managers.forEach(QueueManager::start);
  }

  /** Jobs whose handler returned. */
  @Override
  public long handled() {
    return handled.sum();
  }

  /** Jobs claimed whose outcome is not written yet, over all workers. */
  @Override
  public long held() {
    return managers.stream().mapToLong(m -> m.stats().inFlight()).sum();
  }

  @Override
  public long writeFailures() {
    return managers.stream().mapToLong(m -> m.stats().writeFailures()).sum();
  }

  @Override
  public void close() {
    managers.forEach(QueueManager::stop);
  }
}
