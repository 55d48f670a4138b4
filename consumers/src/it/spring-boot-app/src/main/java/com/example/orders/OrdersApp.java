package com.example.orders;

import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.spring.boot.PgQueuerHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

@SpringBootApplication
public class OrdersApp {

  public static void main(String[] args) {
    SpringApplication.run(OrdersApp.class, args);
  }

  @Component
  public static class Receipts {
    final List<String> sent = new CopyOnWriteArrayList<>();
    private final QueueWrites queue;

    Receipts(QueueWrites queue) {
      this.queue = queue;
    }

    public void order(String email) {
      queue.enqueue(EnqueueRequest.of(NewJob.of("receipt").withPayload(email)));
    }

    @PgQueuerHandler(value = "receipt", retryAttempts = 2)
    void send(String email) {
      synchronized (sent) {
        sent.add(email);
        sent.notifyAll();
      }
    }
  }
}
