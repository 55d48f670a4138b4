package dev.pgqueuer.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.CancellationEvent;
import dev.pgqueuer.HealthCheckEvent;
import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.QueueEvent;
import dev.pgqueuer.Subscription;
import dev.pgqueuer.TableChangedEvent;
import dev.pgqueuer.TableOperation;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Event dispatch of the in-memory repository: commit order across threads, visibility of the change to a
 * listener, one dispatcher thread per subscription, chunked cancellations, and closing.
 */
class InMemoryEventDispatchTest {

  private static final long WAIT_SECONDS = 30;
  private final InMemoryRepository repo = InMemoryRepository.create(ManualClock.create());

  @Test
  void everySubscriptionSeesTheSameCommitOrderWhenManyThreadsWrite() throws Exception {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    Subscription a = repo.subscribe(first::add);
    Subscription b = repo.subscribe(second::add);
    try {
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        writers.add(new Thread(() -> {
          for (int i = 0; i < 500; i++) {
            JobId id = repo.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
            repo.cancelJobs(List.of(id));
          }
        }));
      }
      writers.forEach(Thread::start);
      for (Thread w : writers) {
        w.join();
      }
      List<QueueEvent> left = first.settle(repo);
      List<QueueEvent> right = new ArrayList<>(second.settle(repo));
      right.removeIf(e -> e instanceof HealthCheckEvent); // the first recorder's probe
      assertThat(left).hasSize(4 * 500 * 3).isEqualTo(right);
      for (int i = 0; i < left.size(); i++) {
        if (left.get(i) instanceof CancellationEvent) {
          // one call's events are adjacent: its delete event comes right before its cancellation event
          assertThat(left.get(i - 1)).isInstanceOfSatisfying(TableChangedEvent.class,
              e -> assertThat(e.operation()).isEqualTo(TableOperation.DELETE));
        }
      }
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aListenerReadingTheQueueSeesTheChangeItIsToldAbout() throws Exception {
    AtomicLong lagging = new AtomicLong();
    AtomicLong seen = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    int enqueues = 2_000;
    Subscription s = repo.subscribe(e -> {
      if (e instanceof TableChangedEvent) {
        long n = seen.incrementAndGet();
        if (repo.queuedWork(Set.of("e")) < n) {
          lagging.incrementAndGet();
        }
        if (n == enqueues) {
          done.countDown();
        }
      }
    });
    try {
      for (int i = 0; i < enqueues; i++) {
        repo.enqueue(EnqueueRequest.of(NewJob.of("e")));
      }
      assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    } finally {
      s.close();
    }
    assertThat(lagging.get()).isZero();
  }

  @Test
  void eachEventPublishedWhileTheDispatcherSleepsIsDelivered() throws Exception {
    // Ping-pong: each event is published after the previous one was delivered, so the dispatcher is falling asleep
    // or asleep at every publish, and the publishing call must wake it (after releasing the lock).
    Semaphore delivered = new Semaphore(0);
    Subscription s = repo.subscribe(e -> delivered.release());
    try {
      for (int i = 0; i < 20_000; i++) {
        repo.notifyHealthCheck(UUID.randomUUID());
        assertThat(delivered.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).as("event %d delivered", i).isTrue();
      }
    } finally {
      s.close();
    }
  }

  @Test
  void eachSubscriptionDeliversOnItsOwnThread() throws Exception {
    BlockingQueue<String> threads = new LinkedBlockingQueue<>();
    Subscription a = repo.subscribe(e -> threads.add("a:" + Thread.currentThread().getName()));
    Subscription b = repo.subscribe(e -> threads.add("b:" + Thread.currentThread().getName()));
    try {
      repo.notifyHealthCheck(UUID.randomUUID());
      String one = threads.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      String two = threads.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(List.of(one, two)).allSatisfy(n -> assertThat(n).contains("pgqueuer-inmemory-events-"));
      assertThat(one.substring(2)).isNotEqualTo(two.substring(2));
      assertThat(Thread.currentThread().getName()).doesNotContain("pgqueuer-inmemory-events-");
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aLargeCancellationIsSplitIntoEventsOfAtMost300IdsInTheGivenOrder() throws Exception {
    List<JobId> ids = new ArrayList<>();
    for (long i = 1000; i > 0; i--) {
      ids.add(JobId.of(i));
    }
    Recorder recorder = new Recorder();
    Subscription s = repo.subscribe(recorder::add);
    try {
      repo.cancelJobs(ids);
      List<QueueEvent> events = recorder.settle(repo);
      List<JobId> named = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      for (QueueEvent e : events.subList(1, events.size())) {
        sizes.add(((CancellationEvent) e).ids().size());
        named.addAll(((CancellationEvent) e).ids());
      }
      assertThat(sizes).containsExactly(300, 300, 300, 100);
      assertThat(named).isEqualTo(ids);
    } finally {
      s.close();
    }
  }

  @Test
  void aListenerMayCloseItsOwnSubscriptionAndThenHearsNothingMore() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    AtomicLong calls = new AtomicLong();
    Subscription[] self = new Subscription[1];
    self[0] = repo.subscribe(e -> {
      calls.incrementAndGet();
      self[0].close();
      first.countDown();
    });
    repo.notifyHealthCheck(UUID.randomUUID());
    assertThat(first.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    Recorder witness = new Recorder();
    Subscription w = repo.subscribe(witness::add);
    repo.notifyHealthCheck(UUID.randomUUID());
    witness.settle(repo);
    w.close();
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void closingTheRepositoryClosesItsSubscriptions() throws Exception {
    Recorder recorder = new Recorder();
    repo.subscribe(recorder::add);
    repo.close();
    repo.close();
    repo.notifyHealthCheck(UUID.randomUUID());
    Recorder after = new Recorder();
    Subscription s = repo.subscribe(after::add);
    after.settle(repo);
    s.close();
    assertThat(recorder.events).isEmpty();
  }

  /** Collects events; {@link #settle} waits for a health-check probe (ordered delivery makes it a barrier). */
  private static final class Recorder {
    final BlockingQueue<QueueEvent> events = new LinkedBlockingQueue<>();

    void add(QueueEvent e) {
      events.add(e);
    }

    List<QueueEvent> settle(InMemoryRepository repo) throws InterruptedException {
      UUID probe = UUID.randomUUID();
      repo.notifyHealthCheck(probe);
      List<QueueEvent> out = new ArrayList<>();
      while (true) {
        QueueEvent e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(e).as("probe within %d s", WAIT_SECONDS).isNotNull();
        if (e instanceof HealthCheckEvent && ((HealthCheckEvent) e).id().equals(probe)) {
          return out;
        }
        out.add(e);
      }
    }
  }
}
