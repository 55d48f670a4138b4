package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.WorkerId;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.DequeueRequest;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The workers of one JVM that claim the same entrypoints through one repository share new-work notifications
 * ({@link WakeGroup}): an insert makes one of them look, and a backlog still reaches all of them.
 */
class WakeOneTest {

  private static final long WAIT_SECONDS = 20;
  private static final Duration LONG_IDLE = Duration.ofSeconds(60);

  private final InMemoryRepository repo = InMemoryRepository.create(ManualClock.create());
  // The workers that claimed since the insert, by the requests the repository received (null: not counting yet).
  private volatile @Nullable Set<WorkerId> claimers;
  private final List<QueueManager> started = new ArrayList<>();
  private volatile CountDownLatch idleProbes = new CountDownLatch(0);

  @AfterEach
  void stopAll() {
    started.forEach(QueueManager::stop);
    repo.close();
  }

  /**
   * The repository as the workers see it: records the workers whose claims reach it (once {@link #claimers} is set),
   * and counts down {@link #idleProbes} on each probe a fetch loop makes right before it goes idle.
   */
  private Repository observed() {
    return ObservedRepository.of(repo, new ObservedRepository.Observer() {
      @Override
      public void after(String method, Object[] args) {
        if (method.equals("eligibleQueuedWork")) {
          idleProbes.countDown();
          return;
        }
        Set<WorkerId> counting = claimers;
        if (counting == null) {
          return;
        }
        if (method.equals("dequeue")) {
          counting.add(((DequeueRequest) args[0]).worker());
        } else if (method.equals("dequeueAll")) {
          for (Object request : (List<?>) args[0]) {
            counting.add(((DequeueRequest) request).worker());
          }
        }
      }
    });
  }

  private void startIdle(int workers, IntFunction<QueueManager.Builder> builder) throws InterruptedException {
    idleProbes = new CountDownLatch(workers);
    for (int i = 0; i < workers; i++) {
      QueueManager manager = builder.apply(i).build();
      started.add(manager);
      manager.start();
    }
    await(idleProbes, "every worker looked, found nothing and went idle");
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as(what).isTrue();
  }

  @Test
  void anInsertMakesOneOfTheIdleWorkersClaimNotEachOfThem() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    Repository shared = observed();
    startIdle(4, i -> QueueManager.builder(shared).dequeueTimeout(LONG_IDLE)
        .listener(new WorkerListener() {
          @Override
          public void outcomesWritten(List<JobId> jobs) {
            written.countDown();
          }
        })
        .entrypoint("e", ctx -> { }));
    claimers = ConcurrentHashMap.newKeySet();

    repo.enqueue(EnqueueRequest.of(NewJob.of("e")));

    await(written, "the job ran and its outcome was written");
    // Workers, not calls: the woken worker may look once more before the outcome is written (its last probe of the
    // queue expires after the poll interval, 100 ms, and the outcome waits up to the flush interval, 50 ms).
    assertThat(claimers).as("workers that claimed after the insert").hasSize(1);
  }

  @Test
  void aBacklogReachesEveryWorkerOfTheGroup() throws Exception {
    int workers = 3;
    int capacity = 4;
    CountDownLatch running = new CountDownLatch(workers * capacity);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> runners = Collections.synchronizedList(new ArrayList<>());
    Repository shared = observed();
    startIdle(workers, i -> QueueManager.builder(shared).batchSize(2).maxConcurrentTasks(capacity)
        .dequeueTimeout(LONG_IDLE)
        .entrypoint("e", ctx -> {
          runners.add(i);
          running.countDown();
          release.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }));
    List<NewJob> burst = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      burst.add(NewJob.of("e"));
    }

    repo.enqueue(EnqueueRequest.of(burst));

    await(running, "every worker filled its capacity from one insert notification");
    assertThat(runners).hasSize(workers * capacity);
    assertThat(runners.stream().distinct().count()).isEqualTo(workers);
    release.countDown();
  }
}
