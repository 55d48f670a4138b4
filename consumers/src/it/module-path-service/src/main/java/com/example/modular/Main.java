package com.example.modular;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.postgres.PostgresRepository;
import dev.pgqueuer.worker.Entrypoint;
import dev.pgqueuer.worker.QueueManager;
import java.util.concurrent.atomic.AtomicInteger;

/** Enqueues and runs jobs through the worker, with every library module on the module path. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    AtomicInteger handled = new AtomicInteger();
    try (Repository repository = InMemoryRepository.create(ManualClock.create())) {
      repository.enqueue(EnqueueRequest.of(NewJob.of("mail"), NewJob.of("mail")));
      try (QueueManager manager = QueueManager.builder(repository)
          .entrypoint(Entrypoint.of("mail", job -> handled.incrementAndGet()))
          .build()) {
        manager.runUntilDrained();
      }
      long successful = repository.queueLog().stream().filter(e -> e.status() == JobStatus.SUCCESSFUL).count();
      System.out.println("handled " + handled.get() + ", successful " + successful);
      System.out.println("module of the PostgreSQL backend: " + PostgresRepository.class.getModule().getName());
    }
  }
}
