package dev.pgqueuer.junit.assertj;

import static dev.pgqueuer.junit.JobMatcher.entrypoint;
import static dev.pgqueuer.junit.assertj.PgQueuerAssertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.BDDAssertions.then;

import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.junit.JobMatcher;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.EnqueueRequest;
import dev.pgqueuer.port.EntrypointScope;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The assertions of one {@link QueueAssert} on a {@link TestQueue} share a read of the queue until a change is made
 * through the test queue's repository, and never fail on a shared read. The queues here are built over a repository
 * that counts its reads.
 */
class SharedReadTest {

  private final AtomicInteger reads = new AtomicInteger();
  private final ManualClock clock = ManualClock.create();
  private final InMemoryRepository backend = InMemoryRepository.create(clock);
  private final TestQueue queue = TestQueue.of(counting(backend), clock);

  @Test
  void a_chain_of_assertions_reads_the_queue_once() {
    queue.enqueue("welcome-mail");
    queue.enqueue("reminder");

    assertThat(queue).hasEnqueued(entrypoint("welcome-mail")).hasEnqueued(entrypoint("reminder"))
        .hasNotEnqueued(entrypoint("invoice")).hasEnqueued(2, JobMatcher.any());

    then(reads).hasValue(1);
  }

  @Test
  void a_change_through_the_test_queue_is_seen_by_the_next_assertion_of_the_same_object() {
    queue.enqueue("welcome-mail");
    QueueAssert assertion = assertThat(queue).hasEnqueued(entrypoint("welcome-mail"));

    queue.repository().clearQueue(EntrypointScope.all());

    AssertionError error = catchThrowableOfType(AssertionError.class,
        () -> assertion.hasEnqueued(entrypoint("welcome-mail")));
    then(error).as("a stale read would have passed").isNotNull();
    assertion.isEmpty();
    then(reads).hasValue(2);
  }

  @Test
  void an_assertion_that_fails_on_the_shared_read_reads_again_before_failing() {
    queue.enqueue("welcome-mail");
    QueueAssert assertion = assertThat(queue).hasEnqueued(entrypoint("welcome-mail"));
    // a change the test queue does not see: made on the backend's own repository
    backend.enqueue(EnqueueRequest.of(NewJob.of("reminder")));

    assertion.hasEnqueued(entrypoint("reminder"));

    then(reads).hasValue(2);
  }

  /** {@code target}, counting its {@code browseQueue} calls in {@link #reads}. */
  private Repository counting(Repository target) {
    return (Repository) Proxy.newProxyInstance(Repository.class.getClassLoader(), new Class<?>[] {Repository.class},
        (proxy, method, args) -> {
          if (method.getName().equals("browseQueue")) {
            reads.incrementAndGet();
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
