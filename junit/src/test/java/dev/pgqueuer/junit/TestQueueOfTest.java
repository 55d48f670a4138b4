package dev.pgqueuer.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobId;
import dev.pgqueuer.JobStatus;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.port.BrowseQuery;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import dev.pgqueuer.worker.JobResult;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A queue over a repository the caller provides ({@link TestQueue#of}). */
class TestQueueOfTest {

  @Test
  void aQueueOverTheCallersRepositoryEnqueuesAndRunsJobsThroughIt() {
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repository = InMemoryRepository.create(clock)) {
      TestQueue queue = TestQueue.of(repository, clock);
      JobId id = queue.enqueue("report");
      assertThat(repository.findJob(id)).isPresent();
      JobResult result = queue.perform(NewJob.of("mail"), ctx -> { });
      assertThat(result.disposition()).isEqualTo(JobResult.Disposition.SUCCESSFUL);
      assertThat(queue.history(result.id()).statuses())
          .containsExactly(JobStatus.QUEUED, JobStatus.PICKED, JobStatus.SUCCESSFUL);
      assertThat(queue.advance(Duration.ofMinutes(1))).isEqualTo(queue.now()).isEqualTo(clock.instant());
      assertThat(queue.clock()).isSameAs(clock);
    }
  }

  @Test
  void theCallerKeepsTheRepositoryOpenAndClosesItItself() {
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repository = InMemoryRepository.create(clock)) {
      TestQueue.of(repository, clock).enqueue("mail");
      assertThat(repository.browseQueue(BrowseQuery.all())).hasSize(1);
    }
  }

  @Test
  void theBackendIsTheLibrarysBackendOfTheRepository() {
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repository = InMemoryRepository.create(clock)) {
      assertThat(TestQueue.of(repository, clock).backend()).isEqualTo(Backend.IN_MEMORY);
      TestQueue outer = TestQueue.of(repository, clock);
      assertThat(TestQueue.of(outer.repository(), clock).backend()).isEqualTo(Backend.IN_MEMORY);
    }
  }

  @Test
  void aRepositoryOfAnotherKindHasNoBackend() {
    Repository foreign = (Repository) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Repository.class}, (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });
    TestQueue queue = TestQueue.of(foreign, ManualClock.create());
    assertThatThrownBy(queue::backend).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("neither of the library's backends");
    assertThat(queue.toString()).startsWith("TestQueue[$Proxy");
  }

  @Test
  void nullArgumentsAreRejected() {
    ManualClock clock = ManualClock.create();
    try (InMemoryRepository repository = InMemoryRepository.create(clock)) {
      assertThatThrownBy(() -> TestQueue.of(null, clock)).isInstanceOf(NullPointerException.class)
          .hasMessage("repository");
      assertThatThrownBy(() -> TestQueue.of(repository, null)).isInstanceOf(NullPointerException.class)
          .hasMessage("clock");
    }
  }
}
