package dev.pgqueuer.benchmarks;

import dev.pgqueuer.benchmarks.fixture.FixtureFreshQueue;
import dev.pgqueuer.benchmarks.memory.MemoryCycle;
import dev.pgqueuer.benchmarks.memory.MemoryEnqueue;
import dev.pgqueuer.benchmarks.memory.MemoryFootprint;
import dev.pgqueuer.benchmarks.memory.MemoryProducersConsumers;
import dev.pgqueuer.benchmarks.memory.MemoryStatus;
import dev.pgqueuer.benchmarks.postgres.PostgresCycle;
import dev.pgqueuer.benchmarks.postgres.PostgresEnqueue;
import dev.pgqueuer.benchmarks.postgres.PostgresTxEnqueue;
import dev.pgqueuer.benchmarks.postgres.PostgresFreshQueue;
import dev.pgqueuer.benchmarks.worker.WorkerDrain;
import dev.pgqueuer.benchmarks.worker.WorkerThroughput;
import java.util.List;

/**
 * The registry of scenarios: one line per scenario class. A scenario is a picocli {@code @Command} whose name is
 * the scenario name ({@code memory-*}, {@code postgres-*}, {@code worker-*}, {@code fixture-*}) and that extends
 * {@link Scenario}. To add one, write the class (usually in a package per backend) and add it to this list.
 */
public final class Scenarios {

  private Scenarios() {}

  /** Every scenario class, in the order {@code benchmarks/run --help} lists them. */
  public static List<Class<? extends Scenario>> all() {
    return List.of(
        MemoryEnqueue.class,
        MemoryCycle.class,
        MemoryProducersConsumers.class,
        MemoryStatus.class,
        MemoryFootprint.class,
        WorkerThroughput.class,
        WorkerDrain.class,
        PostgresFreshQueue.class,
        PostgresEnqueue.class,
        PostgresTxEnqueue.class,
        PostgresCycle.class,
        FixtureFreshQueue.class);
  }
}
