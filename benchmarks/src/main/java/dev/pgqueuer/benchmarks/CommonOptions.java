package dev.pgqueuer.benchmarks;

import picocli.CommandLine.Option;

/**
 * Options every scenario accepts (a picocli mixin). Scenarios may ignore the ones that do not apply to them (for
 * example a memory footprint has no duration); the JSON settings report what was used.
 */
public final class CommonOptions {

  /** Measured duration of one run, in seconds. */
  @Option(names = "--seconds", defaultValue = "10", description = "measured seconds per run (default ${DEFAULT-VALUE})")
  public double seconds;

  /** Warm-up before the first run, in seconds. */
  @Option(names = "--warmup-seconds", defaultValue = "5",
      description = "untimed warm-up seconds before measuring (default ${DEFAULT-VALUE})")
  public double warmupSeconds;

  /** Jobs per enqueue, dequeue or lookup call. */
  @Option(names = "--batch-size", defaultValue = "10", description = "jobs per call (default ${DEFAULT-VALUE})")
  public int batchSize;

  /** Timed runs in one JVM; the JSON reports their median and every run. */
  @Option(names = "--runs", defaultValue = "1",
      description = "timed runs in this JVM; the figure is their median (default ${DEFAULT-VALUE})")
  public int runs;

  /** Random seed for payloads and id choices. */
  @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
  public long seed;
}
