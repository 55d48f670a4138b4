package dev.pgqueuer.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Under JUnit's parallel execution every test still gets its own queue, clock and mode: nothing is shared, nothing
 * leaks, and every queue ends with its test.
 */
class PgQueuerExtensionParallelTest {

  static final int TESTS = 64;
  static final int OVERLAP = 4;
  static final List<Repository> REPOSITORIES = new CopyOnWriteArrayList<>();
  static final Set<String> THREADS = Collections.synchronizedSet(new java.util.HashSet<>());
  static volatile CountDownLatch together = new CountDownLatch(OVERLAP);

  @Test
  void isolatesEveryTestUnderParallelExecution() {
    // GIVEN
    REPOSITORIES.clear();
    THREADS.clear();
    together = new CountDownLatch(OVERLAP);
    // WHEN
    EngineExecutionResults results = Engine.runInParallel(ManyTests.class);
    // THEN
    results.testEvents().assertStatistics(s -> s.started(TESTS).succeeded(TESTS).failed(0));
    assertThat(THREADS).as("tests ran on several threads at once").hasSizeGreaterThan(1);
    Set<Repository> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    distinct.addAll(REPOSITORIES);
    assertThat(distinct).as("one repository per test").hasSize(TESTS);
    for (Repository leaked : REPOSITORIES) {
      assertThatThrownBy(() -> leaked.enqueue(EnqueueRequest.of(NewJob.of("late"))))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("which has ended");
    }
  }

  @Test
  void isolatesTheEventsOfConcurrentQueuesOnEveryBackend() {
    // GIVEN
    together = new CountDownLatch(OVERLAP);
    // WHEN
    EngineExecutionResults results = Engine.runInParallel(ConcurrentEvents.class);
    // THEN
    results.testEvents().assertStatistics(s -> s.started(12).succeeded(12).failed(0));
  }

  @Fixture
  @PgQueuerTest
  static class ConcurrentEvents {
    @ParityTest
    void first(TestQueue queue) throws InterruptedException {
      hearsOnlyItsOwnEvents(queue);
    }

    @ParityTest
    void second(TestQueue queue) throws InterruptedException {
      hearsOnlyItsOwnEvents(queue);
    }

    @ParityTest
    void third(TestQueue queue) throws InterruptedException {
      hearsOnlyItsOwnEvents(queue);
    }

    @ParityTest
    void fourth(TestQueue queue) throws InterruptedException {
      hearsOnlyItsOwnEvents(queue);
    }

    @ParityTest
    void fifth(TestQueue queue) throws InterruptedException {
      hearsOnlyItsOwnEvents(queue);
    }

    @ParityTest
    void sixth(TestQueue queue) throws InterruptedException {
      hearsOnlyItsOwnEvents(queue);
    }

    /** Subscribes, enqueues twice while other tests do the same, and hears exactly its own two inserts. */
    private static void hearsOnlyItsOwnEvents(TestQueue queue) throws InterruptedException {
      BlockingQueue<QueueEvent> events = new LinkedBlockingQueue<>();
      Subscription subscription = queue.repository().subscribe(events::add);
      try {
        together.countDown();
        assertThat(together.await(60, TimeUnit.SECONDS)).as("overlapping tests").isTrue();
        queue.enqueue("a");
        queue.enqueue("b");
        UUID probe = UUID.randomUUID();
        queue.repository().notifyHealthCheck(probe);
        List<QueueEvent> heard = new ArrayList<>();
        while (true) {
          QueueEvent event = events.poll(30, TimeUnit.SECONDS);
          assertThat(event).as("the probe echo").isNotNull();
          if (event instanceof HealthCheckEvent && ((HealthCheckEvent) event).id().equals(probe)) {
            break;
          }
          heard.add(event);
        }
        assertThat(heard).hasSize(2).allSatisfy(e -> {
          assertThat(e).isInstanceOf(TableChangedEvent.class);
          assertThat(((TableChangedEvent) e).operation()).isEqualTo(TableOperation.INSERT);
          assertThat(e.channel()).isEqualTo(queue.repository().channel());
        });
      } finally {
        subscription.close();
      }
    }
  }

  @Fixture
  @PgQueuerTest
  static class ManyTests {
    @InjectQueue TestQueue queue;

    @RepeatedTest(TESTS)
    void ownsItsQueue(RepetitionInfo repetition) throws InterruptedException {
      int n = repetition.getCurrentRepetition();
      REPOSITORIES.add(queue.repository());
      THREADS.add(Thread.currentThread().getName());
      String mine = "job-of-test-" + n;
      boolean inline = n % 2 == 0;
      if (inline) {
        queue.handle(mine, ctx -> { }).inline();
      }
      // the first OVERLAP tests wait for each other, so they provably run at the same time
      together.countDown();
      assertThat(together.await(30, TimeUnit.SECONDS)).as("overlapping tests").isTrue();
      queue.advance(Duration.ofSeconds(n));
      for (int i = 0; i < 3; i++) {
        assertThat(queue.enqueue(NewJob.of(mine).withPayload("p" + i))).isEqualTo(JobId.of(i + 1));
      }
      assertThat(queue.jobs()).allMatch(j -> j.entrypoint().equals(mine));
      assertThat(queue.enqueued()).hasSize(inline ? 0 : 3);
      assertThat(queue.history(JobId.of(3)).status()).contains(inline ? JobStatus.SUCCESSFUL : JobStatus.QUEUED);
      assertThat(queue.now()).isEqualTo(dev.pgqueuer.ManualClock.DEFAULT_START.plusSeconds(n));
    }
  }
}
