package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MaintenanceTest {

  @Test
  void heartbeatsCountFromWhenTheWorkerStartedNotFromWhenTheWriterThreadFirstRuns() throws Exception {
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repo = InMemoryRepository.create(clock)) {
      CountDownLatch beaten = new CountDownLatch(1);
      Engine engine = new Engine(repo, WorkerId.random(), WorkerSettings.defaults(),
          Map.of("work", Entrypoint.of("work", ctx -> { })), List.of(new WorkerListener() {
            @Override
            public void heartbeatWritten(List<JobId> jobs) {
              beaten.countDown();
            }
          }));
      JobId id = repo.enqueue(EnqueueRequest.of(List.of(NewJob.of("work")))).rows().get(0).orElseThrow();
      assertThat(engine.admit(engine.claim(1, false).get(0))).isNotNull();
      Maintenance maintenance = new Maintenance(engine);

      // The clock moves on by one heartbeat interval before the writer thread has even started.
      clock.advance(engine.settings.heartbeatInterval());
      Thread writer = new Thread(maintenance, "maintenance-test-writer");
      writer.start();
      try {
        assertThat(beaten.await(10, TimeUnit.SECONDS)).as("a heartbeat once the interval has passed").isTrue();
        assertThat(repo.findJob(id).orElseThrow().heartbeat()).isEqualTo(clock.instant());
      } finally {
        maintenance.finish();
        writer.join(TimeUnit.SECONDS.toMillis(10));
      }
      assertThat(writer.isAlive()).isFalse();
    }
  }
}
