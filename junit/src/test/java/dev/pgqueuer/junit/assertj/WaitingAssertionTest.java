package dev.pgqueuer.junit.assertj;

import static dev.pgqueuer.junit.JobMatcher.entrypoint;
import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;
import static dev.pgqueuer.junit.assertj.QueueAssertTest.expectFailure;
import static org.assertj.core.api.BDDAssertions.then;

import dev.pgqueuer.JobStatus;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.QueueManager;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Waiting assertions complete as soon as the condition holds, woken by queue events and changes, not by sleeping;
 * the timeouts below are generous upper bounds that a passing test never reaches.
 */
@PgQueuerTest
class WaitingAssertionTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void waitsForAJobEnqueuedByAnotherThread(TestQueue queue) throws Exception {
    // GIVEN a producer that enqueues once the test has started waiting (or before; both must pass)
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService producer = Executors.newSingleThreadExecutor();
    try {
      Future<?> done = producer.submit(() -> {
        go.await();
        return queue.repository().enqueue(EnqueueRequest.of(NewJob.of("async-mail")));
      });
      go.countDown();
      // WHEN / THEN
      assertThat(queue).within(PATIENCE).hasEnqueued(entrypoint("async-mail"));
      done.get();
    } finally {
      producer.shutdownNow();
    }
  }

  @Test
  void waitsForABackgroundWorkerToFinishEveryJob(TestQueue queue, Repository repository) {
    // GIVEN a real threaded worker running against the test's repository
    for (int i = 0; i < 20; i++) {
      queue.enqueue("work");
    }
    try (QueueManager worker = QueueManager.builder(repository).entrypoint("work", ctx -> { }).build()) {
      worker.start();
      // WHEN / THEN woken by the delete events of finished jobs
      assertThat(queue).within(PATIENCE).isEmpty();
    }
  }

  @Test
  void wakesOnChangesThatSendNoEvent(TestQueue queue) throws Exception {
    // GIVEN a dequeue (no event) made through the test's repository on another thread
    queue.enqueue("work");
    Thread claimer = new Thread(() -> queue.repository().dequeue(
        dev.pgqueuer.port.DequeueRequest.builder(dev.pgqueuer.WorkerId.random()).entrypoint("work").build()));
    claimer.start();
    // WHEN / THEN
    assertThat(queue).within(PATIENCE).hasSize(JobStatus.PICKED, 1);
    claimer.join();
  }

  @Test
  void should_fail_after_the_timeout_with_what_the_queue_holds(TestQueue queue) {
    queue.enqueue("other");
    AssertionError error = expectFailure(() -> assertThat(queue).within(Duration.ofMillis(50))
        .hasEnqueued(entrypoint("never")));
    then(error).hasMessageStartingWith("[waited PT0.05S] Expecting the queue to have enqueued a job matching")
        .hasMessageContaining("#1 other queued");
  }
}
