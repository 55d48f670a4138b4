package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.Job;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DispatcherTest {

  @Test
  void aRunnerTheExecutorRejectedDoesNotCountSoQueuedJobsStillRunAndDrainingEnds() throws Exception {
    InMemoryRepository repo = InMemoryRepository.builder().build();
    CountDownLatch ran = new CountDownLatch(3);
    Engine engine = new Engine(repo, WorkerId.random(), WorkerSettings.defaults(),
        Map.of("work", Entrypoint.of("work", ctx -> ran.countDown())), List.of());
    repo.enqueue(EnqueueRequest.of(List.of(NewJob.of("work"), NewJob.of("work"), NewJob.of("work"))));
    List<Job> jobs = repo.dequeue(DequeueRequest.builder(engine.id).batchSize(3).entrypoint("work").build());
    List<JobContext> admitted = new ArrayList<>();
    jobs.forEach(job -> admitted.add(engine.admit(job)));

    ExecutorService pool = Executors.newCachedThreadPool();
    AtomicInteger rejected = new AtomicInteger();
    // The first start fails as a shut-down or thread-starved executor would; later ones (the watchdog's) run.
    Dispatcher dispatcher = new Dispatcher(engine, task -> {
      if (rejected.getAndIncrement() == 0) {
        throw new RejectedExecutionException("first start refused");
      }
      pool.execute(task);
    }, 4, "dispatcher-test");
    try {
      dispatcher.submit(admitted);

      assertThat(ran.await(10, TimeUnit.SECONDS)).as("every queued job ran after the refused start").isTrue();
      ExecutorService closer = Executors.newSingleThreadExecutor();
      Future<?> drained = closer.submit(() -> {
        dispatcher.drainAndClose();
        return null;
      });
      drained.get(10, TimeUnit.SECONDS);
      closer.shutdown();
      assertThat(rejected.get()).as("starts attempted").isGreaterThanOrEqualTo(2);
      assertThat(dispatcher.isIdle()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
