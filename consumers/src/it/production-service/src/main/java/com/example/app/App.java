package com.example.app;

import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.SchemaNames;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.worker.QueueManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;

/** A production-style service: the PostgreSQL repository, a worker, no test library on its class path. */
public final class App {

  private App() {}

  /** Installs a queue in {@code schema}, enqueues {@code jobs} jobs, processes them and returns how many ran. */
  public static int run(String jdbcUrl, String schema, int jobs) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(jdbcUrl);
    AtomicInteger processed = new AtomicInteger();
    try (PostgresRepository queue = PostgresRepository.builder(dataSource).names(SchemaNames.of(schema, "")).build()) {
      if (queue.isInstalled()) {
        queue.uninstall();
      }
      queue.install();
      try {
        for (int i = 0; i < jobs; i++) {
          queue.enqueue(EnqueueRequest.of(NewJob.of("send-invoice").withPayload("invoice-" + i)));
        }
        QueueManager worker = QueueManager.builder(queue)
            .entrypoint("send-invoice", ctx -> processed.incrementAndGet())
            .build();
        worker.runUntilDrained();
      } finally {
        queue.uninstall();
      }
    }
    return processed.get();
  }

  public static void main(String[] args) {
    System.out.println("processed " + run(args[0], "consumer_app", 10) + " jobs");
  }
}
