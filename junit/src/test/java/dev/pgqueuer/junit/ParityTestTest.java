package dev.pgqueuer.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.EventConditions.type;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.pgqueuer.JobId;
import dev.pgqueuer.port.Repository;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EventType;

/** {@link ParityTest}: one invocation per backend, named after it, each with its own queue. */
class ParityTestTest {

  static final List<Backend> LEGS = new CopyOnWriteArrayList<>();

  @Test
  void runsTheMethodOncePerBackendWithDisplayNamesThatSayWhich() {
    // GIVEN
    LEGS.clear();
    // WHEN
    EngineExecutionResults results = Engine.run(BothBackends.class);
    // THEN
    results.testEvents().assertThatEvents()
        .haveExactly(1, event(test(), displayName("[in-memory]"), finishedSuccessfully()))
        .haveExactly(1, event(test(), displayName("[postgres]"), type(EventType.FINISHED)));
    assertThat(LEGS).startsWith(Backend.IN_MEMORY);
  }

  @Test
  void failsThePostgresLegWithoutADatabaseSayingHowToProvideOne() {
    Backends.postgresSkipReason().ifPresent(reason -> {
      // WHEN
      EngineExecutionResults results = Engine.run(BothBackends.class);
      // THEN
      results.testEvents().assertThatEvents().haveExactly(1,
          event(test(), displayName("[postgres]"), finishedWithFailure(message(m -> m.contains("PostgreSQL")))));
    });
  }

  @Test
  void skipsThePostgresLegWithoutADatabaseOnlyWhenAskedTo() {
    // WHEN
    EngineExecutionResults results = Engine.run(SkippingParity.class);
    // THEN
    results.testEvents().assertThatEvents().haveExactly(1,
        event(test(), displayName("[in-memory]"), finishedSuccessfully()));
    if (Backends.postgresSkipReason().isPresent()) {
      results.testEvents().assertThatEvents().haveExactly(1,
          event(test(), displayName("[postgres]"), skippedWithReason(r -> r.contains("withoutDatabase = SKIP"))));
    } else {
      results.testEvents().assertThatEvents().haveExactly(1,
          event(test(), displayName("[postgres]"), finishedSuccessfully()));
    }
  }

  @Fixture
  @PgQueuerTest
  static class BothBackends {
    @ParityTest
    void enqueueGivesIdOneOnAFreshQueue(Repository repository, TestQueue queue, Backend backend) {
      LEGS.add(backend);
      assertThat(queue.backend()).isEqualTo(backend);
      assertThat(queue.enqueue("parity")).isEqualTo(JobId.of(1));
      assertThat(repository.queueSize()).hasSize(1);
    }
  }

  @Fixture
  @PgQueuerTest
  static class SkippingParity {
    @ParityTest(withoutDatabase = WithoutDatabase.SKIP)
    void runs(TestQueue queue) {
      assertThat(queue.enqueue("parity")).isEqualTo(JobId.of(1));
    }
  }
}
