package dev.pgqueuer.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.JobOutcome;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.QueueWrites;
import dev.pgqueuer.port.RetryRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link JoiningQueueWrites}: each call joins the provider's current unit of work, or runs on its own. */
class JoiningQueueWritesTest {

  private final InMemoryRepository repo = InMemoryRepository.create(ManualClock.create());
  /** What a framework binds to the thread; here a plain thread-local. */
  private final ThreadLocal<UnitOfWork> bound = new ThreadLocal<>();
  private final QueueWrites queue = new JoiningQueueWrites(repo, () -> Optional.ofNullable(bound.get()));

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void withoutABoundUnitEachCallCommitsOnItsOwn() {
    JobId id = queue.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
    assertThat(repo.findJob(id)).isPresent();
  }

  @Test
  void withABoundUnitEveryCallJoinsItAndCommitsWithIt() {
    JobId held = repo.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
    repo.logJobs(List.of(JobOutcome.held(held, null)));
    try (ManagedUnitOfWork uow = repo.begin()) {
      bound.set(uow);
      JobId id = queue.enqueue(EnqueueRequest.of(NewJob.of("e"))).single();
      assertThat(queue.findJob(id)).isPresent();
      assertThat(repo.findJob(id)).isEmpty();
      assertThat(queue.requeueJobs(List.of(held))).isEqualTo(1);
      assertThat(queue.retryJob(RetryRequest.of(held, Duration.ZERO))).isTrue();
      assertThat(queue.cancelJobs(List.of(held))).isEqualTo(1);
      assertThat(queue.logJobs(List.of(JobOutcome.successful(id)))).isEqualTo(1);
      assertThat(repo.findJob(held)).as("outside, before commit").isPresent();
      uow.commit();
    } finally {
      bound.remove();
    }
    assertThat(repo.findJob(held)).isEmpty();
    assertThat(repo.queueLog()).hasSize(7);
  }

  @Test
  void aProviderReturningNullIsABug() {
    QueueWrites broken = new JoiningQueueWrites(repo, () -> null);
    assertThatThrownBy(() -> broken.enqueue(EnqueueRequest.of(NewJob.of("e"))))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("provider returned null");
  }
}
