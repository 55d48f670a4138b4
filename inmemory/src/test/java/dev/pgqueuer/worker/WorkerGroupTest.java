package dev.pgqueuer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkerGroup}: managers share new-work notifications only when given one group; managers built without one,
 * over one repository or not, are independent.
 */
class WorkerGroupTest {

  private static final long WAIT_SECONDS = 20;
  private static final Duration LONG_IDLE = Duration.ofSeconds(600);

  private final InMemoryRepository repo = InMemoryRepository.create(ManualClock.create());
  // The workers whose claims reached the repository (by the requests it received), and a count-down per claim.
  private final Set<WorkerId> claimers = ConcurrentHashMap.newKeySet();
  private volatile CountDownLatch claims = new CountDownLatch(0);
  private final List<QueueManager> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(QueueManager::stop);
    repo.close();
  }

  /** The repository as the workers see it: records every claim request it receives. */
  private Repository observed() {
    return ObservedRepository.of(repo, new ObservedRepository.Observer() {
      @Override
      public void after(String method, Object[] args) {
        if (method.equals("dequeue")) {
          claimed((DequeueRequest) args[0]);
        } else if (method.equals("dequeueAll")) {
          for (Object request : (List<?>) args[0]) {
            claimed((DequeueRequest) request);
          }
        }
      }
    });
  }

  private void claimed(DequeueRequest request) {
    claimers.add(request.worker());
    claims.countDown();
  }

  /**
   * Starts {@code n} managers of entrypoint "e" over {@code repository} (in {@code group} unless null) that neither
   * poll nor time out within the test, and waits until each has made its first claim (finding nothing).
   */
  private void startIdle(int n, Repository repository, WorkerGroup group, CountDownLatch written)
      throws InterruptedException {
    claims = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      QueueManager.Builder b = QueueManager.builder(repository).dequeueTimeout(LONG_IDLE).pollInterval(LONG_IDLE)
          .listener(new WorkerListener() {
            @Override
            public void outcomesWritten(List<JobId> jobs) {
              written.countDown();
            }
          })
          .entrypoint("e", ctx -> { });
      if (group != null) {
        b.group(group);
      }
      QueueManager m = b.build();
      started.add(m);
      m.start();
    }
    assertThat(claims.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("every worker made its first claim").isTrue();
    assertThat(claimers).hasSize(n);
    claimers.clear();
  }

  @Test
  void anInsertMakesOneIdleMemberOfAGroupClaimNotEachOfThem() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    Repository shared = observed();
    startIdle(4, shared, WorkerGroup.of(shared), written);

    repo.enqueue(EnqueueRequest.of(NewJob.of("e")));

    assertThat(written.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the job ran and its outcome was written").isTrue();
    // Workers, not calls: the woken worker may look once more before its outcome is written, and a member still on
    // its way to waiting when the job arrived may have seen it as eligible and look once more at the next change;
    // without the group every one of them would claim.
    assertThat(claimers).as("workers that claimed after the insert").isNotEmpty().hasSizeLessThan(4);
  }

  @Test
  void withoutAGroupAnInsertMakesEveryIdleManagerOverTheRepositoryLook() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    Repository shared = observed();
    startIdle(3, shared, null, written);
    claims = new CountDownLatch(3);

    repo.enqueue(EnqueueRequest.of(NewJob.of("e")));

    assertThat(claims.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("every manager claimed after the insert").isTrue();
    assertThat(claimers).hasSize(3);
  }

  @Test
  void aManagerOverAnotherRepositoryInstanceThanItsGroupsIsRefused() {
    WorkerGroup group = WorkerGroup.of(repo);
    QueueManager.Builder decorated = QueueManager.builder(observed()).group(group).entrypoint("e", ctx -> { });

    assertThatThrownBy(decorated::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another repository instance");
  }
}
