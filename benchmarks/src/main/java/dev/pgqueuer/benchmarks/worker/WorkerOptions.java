package dev.pgqueuer.benchmarks.worker;

import picocli.CommandLine.Option;

/** Options shared by the worker scenarios (a picocli mixin). */
final class WorkerOptions {

  @Option(names = "--backend", defaultValue = "memory", description = "memory or postgres (default ${DEFAULT-VALUE})")
  String backend;

  @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres",
      description = "PostgreSQL URL for --backend postgres (default ${DEFAULT-VALUE})")
  String jdbcUrl;

  @Option(names = "--consumers", defaultValue = "5",
      description = "worker instances (QueueManagers), each with its own loop (default ${DEFAULT-VALUE})")
  int consumers;

  @Option(names = "--group", defaultValue = "shared",
      description = "shared (the managers form one WorkerGroup: shared wake-ups, combined claims and writes) or none "
          + "(independent managers) (default ${DEFAULT-VALUE})")
  String group;

  @Option(names = "--max-concurrent", defaultValue = "0",
      description = "maxConcurrentTasks per worker, 0 for the default max(2 x batch, 32) (default ${DEFAULT-VALUE})")
  int maxConcurrent;

  @Option(names = "--flush-size", defaultValue = "0",
      description = "outcomes waiting that trigger a logJobs call, 0 for the worker's default, max(batch size, 100) "
          + "(default ${DEFAULT-VALUE})")
  int flushSize;

  @Option(names = "--flush-ms", defaultValue = "50",
      description = "longest wait before buffered outcomes are written, ms (default ${DEFAULT-VALUE})")
  int flushMillis;

  @Option(names = "--durability", defaultValue = "durable",
      description = "PostgreSQL table durability at install: durable, balanced (log and statistics unlogged) or "
          + "volatile (every table unlogged) (default ${DEFAULT-VALUE})")
  String durability;

  @Option(names = "--pool-size", defaultValue = "16",
      description = "PostgreSQL connection pool size (default ${DEFAULT-VALUE})")
  int poolSize;
}
