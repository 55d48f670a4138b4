package dev.pgqueuer.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.port.NewJob;
import dev.pgqueuer.port.Repository;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** How the extension hands a test its queue: parameters, constructor, fields, lifecycle methods, nesting. */
class PgQueuerExtensionInjectionTest {

  static final List<Repository> SEEN = new CopyOnWriteArrayList<>();

  @Test
  void injectsTheSameQueueIntoParametersFieldsConstructorAndBeforeEach() {
    // WHEN
    EngineExecutionResults results = Engine.run(EverySource.class);
    // THEN
    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
  }

  @Test
  void givesEveryTestAFreshQueueThatStartsAtIdOne() {
    // GIVEN
    SEEN.clear();
    // WHEN
    EngineExecutionResults results = Engine.run(FreshQueues.class);
    // THEN
    results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(SEEN).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void refusesAQueueUsedAfterItsTestEnded() {
    // GIVEN
    SEEN.clear();
    Engine.run(FreshQueues.class);
    Repository leaked = SEEN.get(0);
    // WHEN / THEN
    assertThatThrownBy(() -> leaked.enqueue(dev.pgqueuer.port.EnqueueRequest.of(NewJob.of("x"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("belonged to test FreshQueues.")
        .hasMessageContaining("which has ended");
  }

  @Test
  void startsTheClockAtTheDeclaredInstant() {
    // WHEN
    EngineExecutionResults results = Engine.run(ClockStarts.class);
    // THEN
    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
  }

  @Test
  void sharesOneQueueBetweenTheOuterAndNestedInstancesOfOneTest() {
    // WHEN
    EngineExecutionResults results = Engine.run(WithNested.class);
    // THEN
    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
  }

  @Test
  void reinjectsFieldsBeforeEachTestOfAPerClassInstance() {
    // GIVEN
    SEEN.clear();
    // WHEN
    EngineExecutionResults results = Engine.run(PerClassInstance.class);
    // THEN
    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void worksThroughExtendWithWithoutTheComposedAnnotation() {
    // WHEN
    EngineExecutionResults results = Engine.run(PlainExtendWith.class);
    // THEN
    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
  }

  @Fixture
  @PgQueuerTest
  static class EverySource {
    private final Repository fromConstructor;
    @InjectQueue TestQueue queueField;
    @InjectQueue Repository repositoryField;
    @InjectQueue ManualClock clockField;
    @InjectQueue Backend backendField;
    private TestQueue fromBeforeEach;

    EverySource(Repository repository) {
      this.fromConstructor = repository;
    }

    @BeforeEach
    void setUp(TestQueue queue) {
      fromBeforeEach = queue;
      assertThat(queueField).isSameAs(queue);
    }

    @Test
    void allSourcesAgree(TestQueue queue, Repository repository, ManualClock clock, Backend backend) {
      assertThat(queue).isSameAs(queueField).isSameAs(fromBeforeEach);
      assertThat(repository).isSameAs(queue.repository()).isSameAs(repositoryField).isSameAs(fromConstructor);
      assertThat(clock).isSameAs(queue.clock()).isSameAs(clockField);
      assertThat(repository.timeSource()).isSameAs(clock);
      assertThat(backend).isSameAs(backendField).isEqualTo(Backend.IN_MEMORY);
    }

    @Test
    void theClockStartsAtTheDefaultInstant(ManualClock clock) {
      assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
    }
  }

  @Fixture
  @PgQueuerTest
  static class FreshQueues {
    @Test
    void first(TestQueue queue) {
      check(queue);
    }

    @Test
    void second(TestQueue queue) {
      check(queue);
    }

    @Test
    void third(TestQueue queue) {
      check(queue);
    }

    private static void check(TestQueue queue) {
      SEEN.add(queue.repository());
      assertThat(queue.jobs()).isEmpty();
      assertThat(queue.enqueue("only-mine")).isEqualTo(JobId.of(1));
      assertThat(queue.jobs()).hasSize(1);
    }
  }

  @Fixture
  @PgQueuerTest
  @ClockStart("2030-06-01T12:00:00Z")
  static class ClockStarts {
    @Test
    void classValue(ManualClock clock) {
      assertThat(clock.instant()).isEqualTo(Instant.parse("2030-06-01T12:00:00Z"));
    }

    @Test
    @ClockStart("2031-01-01T00:00:00.123456789Z")
    void methodValueWinsAndIsTruncatedToMicros(ManualClock clock) {
      assertThat(clock.instant()).isEqualTo(Instant.parse("2031-01-01T00:00:00.123456Z"));
    }
  }

  @Fixture
  @PgQueuerTest
  static class WithNested {
    @InjectQueue TestQueue outerQueue;

    @Test
    void outer(TestQueue queue) {
      assertThat(queue).isSameAs(outerQueue);
    }

    @Nested
    class Inner {
      @InjectQueue TestQueue innerQueue;

      @Test
      void inner(TestQueue queue) {
        assertThat(queue).isSameAs(innerQueue).isSameAs(outerQueue);
      }
    }
  }

  @Fixture
  @PgQueuerTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassInstance {
    @InjectQueue Repository repository;

    @Test
    void first() {
      SEEN.add(repository);
      assertThat(repository.queueSize()).isEmpty();
      repository.enqueue(dev.pgqueuer.port.EnqueueRequest.of(NewJob.of("x")));
    }

    @Test
    void second() {
      SEEN.add(repository);
      assertThat(repository.queueSize()).isEmpty();
      repository.enqueue(dev.pgqueuer.port.EnqueueRequest.of(NewJob.of("x")));
    }
  }

  @Fixture
  @ExtendWith(PgQueuerExtension.class)
  static class PlainExtendWith {
    @Test
    void injects(Repository repository) {
      assertThat(repository.isInstalled()).isTrue();
    }
  }
}
