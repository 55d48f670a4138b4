package dev.pgqueuer.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.pgqueuer.JobId;
import dev.pgqueuer.ManualClock;
import dev.pgqueuer.inmemory.InMemoryRepository;
import dev.pgqueuer.junit.Backend;
import dev.pgqueuer.junit.PgQueuerTest;
import dev.pgqueuer.junit.TestQueue;
import dev.pgqueuer.port.Repository;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** How a binding's contract tests get their {@link TestQueue}. */
class ContractExtensionTest {

  /** Set while {@link #run} runs a binding below; the build's own test run never runs them. */
  private static final String ENABLED = "pgqueuer.test.contract-extension-fixtures";

  /** What the bindings below saw, in order. */
  private static final List<Object> SEEN = new CopyOnWriteArrayList<>();

  /** A one-method contract. */
  interface OneContract extends ContractSupport {
    @Test
    default void enqueuesThroughTheQueue(TestQueue q) {
      SEEN.add(q);
      SEEN.add(q.repository());
      SEEN.add(q.enqueue("e"));
    }
  }

  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class InMemoryBinding implements OneContract {
    @Override
    public Repository newRepository(ManualClock clock) {
      InMemoryRepository repository = InMemoryRepository.create(clock);
      SEEN.add(repository);
      SEEN.add(clock);
      return repository;
    }
  }

  @PgQueuerTest
  @EnabledIfSystemProperty(named = ENABLED, matches = "true")
  static class BindingAlsoOnPgQueuerExtension extends InMemoryBinding {}

  private static EngineExecutionResults run(Class<?> binding) {
    SEEN.clear();
    System.setProperty(ENABLED, "true");
    try {
      return EngineTestKit.engine("junit-jupiter").selectors(selectClass(binding)).execute();
    } finally {
      System.clearProperty(ENABLED);
    }
  }

  @Test
  void aContractTestGetsAQueueOverTheBindingsRepositoryAndClock() {
    run(InMemoryBinding.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(SEEN).hasSize(5);
    TestQueue queue = (TestQueue) SEEN.get(2);
    assertThat(queue.clock()).isSameAs(SEEN.get(1));
    assertThat(queue.backend()).isEqualTo(Backend.IN_MEMORY);
    assertThat(SEEN.get(3)).as("the extension's decorator").isNotSameAs(SEEN.get(0));
    assertThat(SEEN.get(4)).isEqualTo(JobId.of(1));
  }

  @Test
  void aBindingThatAlsoRegistersPgQueuerExtensionFailsNamingTheConflict() {
    run(BindingAlsoOnPgQueuerExtension.class).testEvents().assertStatistics(s -> s.started(1).failed(1))
        .assertThatEvents().haveExactly(1, finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
            message(m -> m.contains("also registers PgQueuerExtension"))));
    assertThat(SEEN).as("no repository was created").isEmpty();
  }
}
